#!/usr/bin/env python3
"""Launch times of two Tafel binaries and the empty window, interleaved: one launch each per
round (the empty window, then both binaries on the demo and on the large database, the order of
the four reversed every other round), so that a slow minute of the machine falls on all of them
alike. `bench.py` times the empty window once at the start of its pass; its ratios move with
that pass. Prints the medians and the ratios to the empty window's median.

Run under the same Xvfb and tauri-driver as bench.py (see run.sh), e.g.
  python benches/app/interleave.py --driver http://127.0.0.1:4444 --empty EMPTY \\
      --before OLD/tafel-desktop --after NEW/tafel-desktop --db demo.db --db cases-100000.db --rounds 7
"""

import argparse
import statistics
import time

import bench


def launch(driver, binary, args, mark):
    """ms from the process start to `mark`, ms to the page's origin, the mark's ms after it."""
    window = bench.Window(driver, binary, args)
    try:
        m = window.wait_mark(mark)
        origin = (window.js("return performance.timeOrigin;") / 1000 - window.started) * 1000
        return window.since_launch_ms(m), origin, m["at"]
    finally:
        window.quit()
        time.sleep(0.7)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", default="http://127.0.0.1:4444")
    parser.add_argument("--empty", required=True)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--db", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    found = {}
    for r in range(args.rounds):
        found.setdefault("empty", []).append(launch(args.driver, args.empty, [], "tafel:first-rows"))
        order = [(name, binary, db) for db in args.db for name, binary in (("before", args.before), ("after", args.after))]
        for name, binary, db in order if r % 2 == 0 else order[::-1]:
            found.setdefault(f"{name} {db.rsplit('/', 1)[-1]}", []).append(launch(args.driver, binary, ["--db", db], "tafel:first-screen"))
    empty = statistics.median(x[0] for x in found["empty"])
    for name, runs in found.items():
        median = statistics.median(x[0] for x in runs)
        print(f"{name:<32} launch {median:6.0f} ms  ratio {median / empty:.2f}  page's origin "
              f"{statistics.median(x[1] for x in runs):5.0f} ms  painted {statistics.median(x[2] for x in runs):4.0f} ms after it  ({len(runs)} launches)")


if __name__ == "__main__":
    main()
