#!/usr/bin/env python3
"""One table of every figure of one `make bench` run.

Reads the JSON lines the benchmarks append (benches/common/mod.rs) and the machine facts
benches/run.sh wrote, prints the table as Markdown, and with --readme rewrites the part of
the README between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`, so the
README's figures are the command's output, never typed by hand.

A figure measured while the one-minute load average, less the benchmark's own thread, was
above 1.0 is marked; a goal that is missed says by how much, and why when benches/why.json
explains it.
"""

import argparse
import json
import pathlib
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
BUSY = 1.0


def duration(ms):
    if ms is None:
        return ""
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def size(mb):
    return f"{mb:.0f} MB"


def value_text(row, key):
    """A figure of a row: a duration (ms) or, for rows with a unit of MB, a size."""
    if row.get("unit") == "MB":
        return size(row[key])
    return duration(row[f"{key}_ms"])


def goal_text(goal):
    if not goal:
        return ""
    kind, value = goal["kind"], goal["value"]
    if kind == "median_at_most_ms":
        return f"median ≤ {duration(value)}"
    if kind == "p95_at_most_ms":
        return f"p95 ≤ {duration(value)}"
    if kind == "ratio_at_most":
        return f"≤ {value:g}×"
    if kind == "difference_at_most":
        return f"≤ +{value:g} MB"
    return f"≥ {value:g}×"


def verdict(row, why):
    goal = row.get("goal")
    if not goal or "missing" in row:
        return ""
    kind, value = goal["kind"], goal["value"]
    if kind == "ratio_at_least":
        got = row["ratio"]
        if got >= value:
            return "met"
        miss = f"missed: {got:.0f}× of {value:g}× ({(value - got) / value:.0%} short)"
    elif kind == "ratio_at_most":
        got = row["ratio"]
        if got <= value:
            return "met"
        miss = f"missed: {got:.2f}× where {value:g}× is the most ({(got - value) / value:.0%} over)"
    elif kind == "difference_at_most":
        got = row["difference"]
        if got <= value:
            return "met"
        miss = f"missed by {size(got - value)}"
    else:
        got = row["median_ms"] if kind == "median_at_most_ms" else row["p95_ms"]
        if got <= value:
            return "met"
        miss = f"missed by {duration(got - value)} ({(got - value) / value:.0%})"
    reason = why.get(row["name"])
    return f"**{miss}**" + (f": {reason}" if reason else "")


def table(rows, machine, why):
    lines = []
    load_before, load_after = machine.get("load_before"), machine.get("load_after")
    lines.append(
        f"Measured {machine.get('date', '?')} by `make bench` on {machine.get('cores', '?')} cores "
        f"({machine.get('cpu', 'unknown CPU')}), {machine.get('memory', '?')} memory, {machine.get('os', '')}; "
        f"load average {load_before} before and {load_after} after the run. "
        f"Release build; medians and p95 of the runs shown; every ratio compares figures of this same run. "
        f"A † marks a figure measured while the one-minute load average, less the benchmark's own thread, "
        f"was above {BUSY:g} (something else kept the machine busy)."
    )
    lines.append("")
    lines.append("| figure | median | p95 | runs | goal | result |")
    lines.append("|---|---|---|---|---|---|")
    group = None
    for row in rows:
        if row["group"] != group:
            group = row["group"]
        mark = " †" if row.get("load", 0) > BUSY else ""
        name = row["name"] + mark
        note = f" ({row['note']})" if row.get("note") else ""
        if "missing" in row:
            lines.append(f"| {name} | — | — | — | {goal_text(row.get('goal'))} | not measured: {row['missing']} |")
        elif "ratio" in row:
            digits = 2 if (row.get("goal") or {}).get("kind") == "ratio_at_most" else 1
            lines.append(f"| {name}{note} | **{row['ratio']:.{digits}f}×** | | | {goal_text(row.get('goal'))} | {verdict(row, why)} |")
        elif "difference" in row:
            lines.append(f"| {name}{note} | **{row['difference']:+.0f} MB** | | | {goal_text(row.get('goal'))} | {verdict(row, why)} |")
        else:
            lines.append(
                f"| {name}{note} | {value_text(row, 'median')} | {value_text(row, 'p95')} | {row['runs']} | "
                f"{goal_text(row.get('goal'))} | {verdict(row, why)} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=pathlib.Path)
    parser.add_argument("machine", type=pathlib.Path)
    parser.add_argument("--why", type=pathlib.Path, default=pathlib.Path(__file__).with_name("why.json"))
    parser.add_argument("--readme", type=pathlib.Path)
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line.strip()]
    machine = json.loads(args.machine.read_text(encoding="utf-8"))
    why = json.loads(args.why.read_text(encoding="utf-8")) if args.why.exists() else {}
    text = table(rows, machine, why)
    print(text)
    if args.readme:
        readme = args.readme.read_text(encoding="utf-8")
        if BEGIN not in readme or END not in readme:
            sys.exit(f"{args.readme}: the markers {BEGIN} and {END} are missing")
        head, rest = readme.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        args.readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
        print(f"\n{args.readme}: performance table rewritten", file=sys.stderr)


if __name__ == "__main__":
    main()
