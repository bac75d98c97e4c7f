#!/usr/bin/env python3
"""Sums a libtorch profiler trace (Chrome trace JSON, as written by DjlOpProfile) by operator: total and self time
(time not spent in child operators) per operator name, largest self time first. Self time adds up to the wall time
of the profiled thread's work.

  /usr/bin/python3 cgan-bench/profile_table.py trace.json [top]
"""

import collections
import json
import sys


def main(path, top):
    with open(path) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    ops = [e for e in events if e.get("ph") == "X" and e.get("cat", "cpu_op") in ("cpu_op", "Operator", "operator")]
    by_thread = collections.defaultdict(list)
    for e in ops:
        by_thread[(e.get("pid"), e.get("tid"))].append(e)
    total = collections.Counter()
    self_time = collections.Counter()
    calls = collections.Counter()
    for events_of_thread in by_thread.values():
        events_of_thread.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []
        for e in events_of_thread:
            while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
                stack.pop()
            name = e["name"]
            total[name] += e["dur"]
            self_time[name] += e["dur"]
            calls[name] += 1
            if stack:
                self_time[stack[-1]["name"]] -= e["dur"]
            stack.append(e)
    wall = sum(self_time.values())
    print(f"{'operator':48s} {'calls':>7s} {'self ms':>10s} {'self %':>7s} {'total ms':>10s}")
    for name, t in self_time.most_common(top):
        print(f"{name[:48]:48s} {calls[name]:7d} {t / 1000:10.1f} {100 * t / wall:6.1f}% {total[name] / 1000:10.1f}")
    print(f"{'(all operators, self)':48s} {sum(calls.values()):7d} {wall / 1000:10.1f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
