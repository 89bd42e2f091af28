#!/usr/bin/env python3
"""The app benchmark: the real Tafel window (release build) under Xvfb, driven through
tauri-driver (WebKitWebDriver), against an empty Tauri 2 window (benches/empty-window) built
and measured the same way in the same run.

`benches/app/run.sh` builds both, prepares the databases, starts Xvfb and tauri-driver and
runs this. Each window is launched RUNS times (5) and timed from the moment its process
started (/proc/<pid>/stat) to the marks its page sets on the browser's performance timeline
(ui/src/lib/timing.ts; the empty window's page sets the same names):

- launch → first rows: Vandaag (home, the screen Tafel opens on) painted with its case rows
  (follow-ups, actions, next actions); the empty window's static rows painted. The ratio of
  the two comes from launches taken in turn (LAUNCH_ROUNDS rounds of one empty window and one
  Tafel, the order swapped every round): the launch varies more from one minute to the next
  than the gap being measured, so a slow minute must fall on both windows alike;
- Casussen clicked in the navigation → the case list's first rows painted (in-page time);
- a keystroke in the search → the rows of the new text on screen (the key event's time
  stamp to the paint after the rows), typing a word a key at a time at a typist's pace;
- clearing a search (select all, Backspace) → every case shown again;
- memory: the proportional set size (PSS, /proc/<pid>/smaps_rollup) of the app and every
  process under it (WebKitWebProcess, WebKitNetworkProcess), with the list shown, right after
  the last search and 3 s later (the shell gives the database's page cache back once it has
  been idle 2 s).

Figures are appended as JSON lines to TAFEL_BENCH_RESULTS in benches/common's format, so
benches/table.py prints them with the rest of `make bench`.
"""

import argparse
import json
import os
import pathlib
import statistics
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions

GROUP = "app"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TIMEOUT = 120
# Words typed a key at a time; each key narrows the list (names in the example sheet).
WORDS = ["kwekerij", "lindeboom", "vuurtoren"]
# Pause between keys: a quick typist's pace.
KEY_PAUSE = 0.25
SETTLE = 3.0
# Rounds of launches taken in turn with the empty window, for the launch ratio.
LAUNCH_ROUNDS = int(os.environ.get("TAFEL_BENCH_LAUNCH_ROUNDS", "15"))


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def other_load():
    # The measured window's processes keep about one core busy while it works.
    return max(0.0, load_average() - 1.0)


def append(row):
    row.setdefault("group", GROUP)
    row.setdefault("load", other_load())
    path = os.environ.get("TAFEL_BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * p))]


def figure(name, samples, goal=None, note="", unit="ms"):
    """One figure of timings (ms) or sizes (MB): median, p95, max, as benches/common does."""
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    print(f"{name:<74} median {median:>9.1f} {unit}  p95 {p95:>9.1f} {unit}  ({len(samples)} runs{'; ' + note if note else ''})")
    if unit == "ms":
        row = {"name": name, "median_ms": median, "p95_ms": p95, "max_ms": max(samples)}
    else:
        row = {"name": name, "unit": unit, "median": median, "p95": p95, "max": max(samples)}
    append({**row, "runs": len(samples), "goal": goal, "note": note})
    return median


def ratio(name, value, goal=None, note=""):
    print(f"{name:<74} {value:>9.2f}×  ({note})")
    append({"name": name, "ratio": value, "goal": goal, "note": note})


def difference(name, value, goal=None, note="", unit="MB"):
    print(f"{name:<74} {value:>+9.1f} {unit}  ({note})")
    append({"name": name, "difference": value, "unit": unit, "goal": goal, "note": note})


# --- processes ---------------------------------------------------------------------------


def children():
    """Parent pid → child pids, for every process."""
    tree = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(pid):
    tree, found, todo = children(), [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(tree.get(p, []))
    return found


def find_process(binary, after):
    """The newest process running `binary` that started after `after` (epoch seconds)."""
    binary = os.path.realpath(binary)
    best = None
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.path.realpath(f"/proc/{entry}/exe") != binary:
                continue
        except OSError:
            continue
        started = start_time(int(entry))
        if started >= after - 0.05 and (best is None or started > best[1]):
            best = (int(entry), started)
    if best is None:
        raise RuntimeError(f"no process of {binary} found")
    return best[0]


def start_time(pid):
    """When a process started, in epoch seconds (to the kernel's clock tick, 10 ms)."""
    with open(f"/proc/{pid}/stat") as f:
        ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    since_boot = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / CLK_TCK
    return time.time() - since_boot


def pss_mb(pid):
    """The PSS of a process and all its descendants, in MB (10^6 bytes)."""
    return memory_mb(pid)["Pss"]


def memory_mb(pid):
    """Pss, Pss_Anon and Rss of a process and all its descendants, in MB (10^6 bytes).
    PSS divides a shared library's pages among every process mapping it, so other WebKit
    processes on the machine lower it; the anonymous part and the RSS do not depend on them."""
    total_kb = {"Pss": 0, "Pss_Anon": 0, "Rss": 0}
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    key = line.split(":", 1)[0]
                    if key in total_kb:
                        total_kb[key] += int(line.split()[1])
        except OSError:
            continue
    return {k: v * 1024 / 1e6 for k, v in total_kb.items()}


# --- the window --------------------------------------------------------------------------


class Window:
    """One launch of a window through tauri-driver, with what its page marked."""

    def __init__(self, driver_url, binary, args):
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": binary, "args": args})
        before = time.time()
        self.driver = webdriver.Remote(command_executor=driver_url, options=options)
        self.pid = find_process(binary, before)
        self.started = start_time(self.pid)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def marks(self, name):
        return self.js(
            "return performance.getEntriesByName(arguments[0], 'mark')"
            ".map(m => ({t: performance.timeOrigin + m.startTime, at: m.startTime, detail: m.detail || null}));",
            name,
        )

    def wait_mark(self, name, accept=lambda m: True, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.marks(name) if accept(m)]
            if found:
                return found[0]
            time.sleep(0.01)
        raise TimeoutError(f"no mark {name} within {timeout} s")

    def since_launch_ms(self, mark):
        return (mark["t"] / 1000 - self.started) * 1000

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass


def open_cases(window):
    """Clicks Casussen in the navigation; gives the time from the click to its first rows (ms)."""
    clicked = window.js(
        "const t = performance.now(); document.querySelector('[data-testid=\"nav-cases\"]').click(); return t;"
    )
    rows = window.wait_mark("tafel:first-rows", lambda m: m["at"] >= clicked)
    return rows["at"] - clicked


def wait_rows(window, query, after):
    """The mark of the rows for `query` shown after the time stamp `after` (ms)."""
    return window.wait_mark("tafel:rows", lambda m: m["detail"] and m["detail"]["query"] == query and m["at"] >= after)


def input_mark(window, query, after):
    return window.wait_mark("tafel:search-input", lambda m: m["detail"] and m["detail"]["query"] == query and m["at"] >= after)


def now_ms(window):
    return window.js("return performance.now();")


def type_word(window, box, word):
    """Types a word a key at a time; gives each key's time to its rows on screen (ms)."""
    latencies = []
    text = ""
    for char in word:
        text += char
        before = now_ms(window)
        box.send_keys(char)
        typed = input_mark(window, text, before)
        shown = wait_rows(window, text, typed["at"])
        latencies.append(shown["at"] - typed["at"])
        time.sleep(KEY_PAUSE)
    return latencies


def clear_search(window, box):
    """Select all and Backspace; gives the time to every case shown again (ms)."""
    box.send_keys(Keys.CONTROL + "a")
    before = now_ms(window)
    box.send_keys(Keys.BACKSPACE)
    typed = input_mark(window, "", before)
    shown = wait_rows(window, "", typed["at"])
    return shown["at"] - typed["at"]


def start_steps(window, first_screen):
    """The page's own start (ui/src/lib/timing.ts, markStep): ms since the page's time origin
    of each step, the first screen painted last, and where the page began after the launch."""
    steps = {"page loaded": window.js("return performance.timeOrigin;") / 1000 - window.started}
    steps["page loaded"] *= 1000
    for m in window.marks("tafel:start"):
        name = (m["detail"] or {}).get("step")
        if name and name not in steps:
            steps[name] = m["at"]
    steps["painted"] = first_screen["at"]
    return steps


def bench_app(driver_url, binary, db, label, runs):
    """The page's start, the case list, typing, clearing and memory of Tafel on one database
    (the launch itself is timed by `launches_in_turn`)."""
    lists, keys, clears, mem_list, mem_busy, mem_searched = [], [], [], [], [], []
    steps = {}
    total = None
    for _ in range(runs):
        window = Window(driver_url, binary, ["--db", str(db)])
        try:
            first = window.wait_mark("tafel:first-screen")
            for name, at in start_steps(window, first).items():
                steps.setdefault(name, []).append(at)
            lists.append(open_cases(window))
            # The list's total, as it showed it first.
            total = window.marks("tafel:rows")[0]["detail"]["total"]
            time.sleep(SETTLE)
            mem_list.append(memory_mb(window.pid))
            box = window.driver.find_element(By.CSS_SELECTOR, '[data-testid="case-search"]')
            box.click()
            for word in WORDS:
                keys.extend(type_word(window, box, word))
                time.sleep(KEY_PAUSE)
                clears.append(clear_search(window, box))
                time.sleep(KEY_PAUSE)
            # Right after the last search, before the window has been idle long enough to give
            # the database's page cache back (the shell does after 2 s), then once it has.
            mem_busy.append(memory_mb(window.pid))
            time.sleep(SETTLE)
            mem_searched.append(memory_mb(window.pid))
        finally:
            window.quit()
        time.sleep(1.0)
    return {
        "label": label,
        "total": total,
        "lists": lists,
        "keys": keys,
        "clears": clears,
        "mem_list": mem_list,
        "mem_busy": mem_busy,
        "mem_searched": mem_searched,
        "steps": steps,
    }


def launch_once(driver_url, binary, args, mark):
    """ms from the process's start to `mark` on its page."""
    window = Window(driver_url, binary, args)
    try:
        return window.since_launch_ms(window.wait_mark(mark))
    finally:
        window.quit()
        time.sleep(0.7)


def launches_in_turn(driver_url, binary, empty, db, rounds):
    """Launch times of Tafel on `db` and of the empty window, one of each a round, the order
    swapped every round."""
    tafel, empties = [], []
    pair = [(empties, empty, [], "tafel:first-rows"), (tafel, binary, ["--db", str(db)], "tafel:first-screen")]
    for r in range(rounds):
        for launches, path, args, mark in pair if r % 2 == 0 else pair[::-1]:
            launches.append(launch_once(driver_url, path, args, mark))
    return tafel, empties


def bench_empty(driver_url, binary, runs):
    launches, mem, origins, painted = [], [], [], []
    for _ in range(runs):
        window = Window(driver_url, binary, [])
        try:
            rows = window.wait_mark("tafel:first-rows")
            launches.append(window.since_launch_ms(rows))
            origins.append((window.js("return performance.timeOrigin;") / 1000 - window.started) * 1000)
            painted.append(rows["at"])
            time.sleep(SETTLE)
            mem.append(memory_mb(window.pid))
        finally:
            window.quit()
        time.sleep(1.0)
    print(f"  the empty page's start (median ms): page loaded {statistics.median(origins):.0f} after the launch, "
          f"its rows painted {statistics.median(painted):.0f} after that")
    return {"launch": launches, "mem": mem}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", default=os.environ.get("TAURI_DRIVER_URL", "http://127.0.0.1:4444"))
    parser.add_argument("--app", required=True, type=pathlib.Path)
    parser.add_argument("--empty", required=True, type=pathlib.Path)
    parser.add_argument("--db", action="append", required=True, help="LABEL=PATH, e.g. demo=/tmp/demo.db")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    empty = bench_empty(args.driver, str(args.empty), args.runs)
    figure("empty Tauri 2 window: launch → its rows on screen", empty["launch"])
    empty_mem = figure("empty Tauri 2 window: memory (PSS, window + WebKit processes)", [m["Pss"] for m in empty["mem"]], unit="MB")
    empty_other = {k: statistics.median(m[k] for m in empty["mem"]) for k in ("Pss_Anon", "Rss")}
    print(f"  the empty window's anonymous memory {empty_other['Pss_Anon']:.1f} MB, RSS {empty_other['Rss']:.1f} MB (medians)")

    medians = []
    for spec in args.db:
        label, path = spec.split("=", 1)
        r = bench_app(args.driver, str(args.app), path, label, args.runs)
        tafel, empties = launches_in_turn(args.driver, str(args.app), str(args.empty), path, LAUNCH_ROUNDS)
        medians.append((label, {"home": statistics.median(tafel)} | {k: statistics.median(r[k]) for k in ("lists", "keys", "clears")}))
        cases = f"{r['total']:,} cases in the list" if r["total"] is not None else ""
        home = figure(f"Tafel on {label}: launch → Vandaag shown (its case rows painted)", tafel, note=f"{cases}; launched in turn with the empty window")
        paired = figure(f"empty Tauri 2 window, launched in turn with Tafel on {label}", empties)
        # Where the launch goes (printed only): the page's time origin after the process started,
        # then each step of the page's start in ms since that origin (medians).
        print("  the page's start (median ms; 'page loaded' since the launch, the rest since the page's origin): "
              + ", ".join(f"{name} {statistics.median(at):.0f}" for name, at in r["steps"].items()))
        ratio(f"ratio: launch → first rows, Tafel on {label} ÷ empty window", home / paired, {"kind": "ratio_at_most", "value": 1.2},
              f"medians of {LAUNCH_ROUNDS} rounds in turn")
        figure(f"Tafel on {label}: Casussen clicked → its first rows painted", r["lists"])
        figure(f"Tafel on {label}: a keystroke in the search → its rows on screen", r["keys"], {"kind": "median_at_most_ms", "value": 100}, f"typing {', '.join(WORDS)}")
        figure(f"Tafel on {label}: clearing a search → every case shown", r["clears"], {"kind": "median_at_most_ms", "value": 100})
        mem = figure(f"Tafel on {label}: memory with the list shown (PSS)", [m["Pss"] for m in r["mem_list"]], unit="MB")
        difference(f"memory with the list shown, Tafel on {label} − empty window", mem - empty_mem, {"kind": "difference_at_most", "value": 60}, "medians of this run")
        searched = figure(f"Tafel on {label}: memory after searching (PSS)", [m["Pss"] for m in r["mem_searched"]], unit="MB")
        difference(f"memory after searching, Tafel on {label} − empty window", searched - empty_mem, {"kind": "difference_at_most", "value": 60}, "medians of this run")
        busy = statistics.median(m["Pss"] for m in r["mem_busy"])
        difference(f"memory right after the last search (PSS), Tafel on {label} − empty window", busy - empty_mem, None, "medians of this run; 'after searching' is 3 s later")
        # The same two moments in memory that other processes on the machine do not change.
        for key, what in (("Pss_Anon", "anonymous memory"), ("Rss", "RSS")):
            for moment, samples in (("with the list shown", r["mem_list"]), ("right after the last search", r["mem_busy"]),
                                    ("after searching", r["mem_searched"])):
                value = statistics.median(m[key] for m in samples) - empty_other[key]
                difference(f"{what} {moment}, Tafel on {label} − empty window", value, None, "medians of this run")
    # As fast on a large table as on the demo: each interaction's median, the last database's
    # against the first's.
    if len(medians) > 1:
        (small, base), (large, big) = medians[0], medians[-1]
        for key, what in (("home", "launch → first rows"), ("lists", "Casussen clicked → first rows"),
                          ("keys", "a keystroke → its rows"), ("clears", "clearing a search")):
            ratio(f"ratio: {what}, {large} ÷ {small}", big[key] / base[key], {"kind": "ratio_at_most", "value": 1.2}, "medians of this run")


if __name__ == "__main__":
    main()
