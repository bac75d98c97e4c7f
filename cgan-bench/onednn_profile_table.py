#!/usr/bin/env python3
"""Sums oneDNN's per-primitive timer over the timed iterations of OnednnIterationProfile: reads oneDNN's verbose
output (ONEDNN_VERBOSE=profile_exec ONEDNN_VERBOSE_TIMESTAMP=1: one line per executed primitive, with the time it
was printed and its milliseconds) and the iterations' windows, keeps the primitives that ran inside a window, and
prints per primitive kind and direction the calls and milliseconds per iteration and their share of the iteration's
wall time; what no primitive accounts for is Java between primitives (Adam, losses, label maps, concatenation, the
tape). With --record LABEL it prints the same table as one JSON line for docs/results/tables.jsonl instead.

  cgan-bench/onednn_profile_table.py VERBOSE_LOG WINDOWS_JSONL [--record LABEL --command TEXT --commit HASH
                                     --machine TEXT]
"""

import collections
import datetime
import json
import sys


def parse_exec(line):
    """(timestamp ms, kind, implementation, direction, ms) of one 'exec' line, or None."""
    fields = line.strip().split(",")
    if not fields or not fields[0].startswith("onednn_verbose") or "exec" not in fields:
        return None
    at = fields.index("exec")
    if at < 2 or fields[at - 1] != "primitive":
        return None
    try:
        stamp = float(fields[at - 2])
        ms = float(fields[-1])
    except ValueError:
        return None
    kind, impl, direction = fields[at + 2], fields[at + 3], fields[at + 4]
    return stamp, kind, impl, direction, ms


def main(verbose_path, windows_path, record=None):
    windows = [json.loads(l) for l in open(windows_path) if l.strip()]
    if not windows:
        sys.exit("onednn_profile_table: no timed iterations in " + windows_path)
    lines = [p for p in map(parse_exec, open(verbose_path, errors="replace")) if p is not None]
    # oneDNN stamps its lines with the monotonic or the wall clock (versions differ): use the one they fall into.
    spans = [(w["start_ms"], w["end_ms"]) for w in windows]
    if "start_epoch_ms" in windows[0] and not any(spans[0][0] <= p[0] <= spans[-1][1] for p in lines):
        spans = [(w["start_epoch_ms"], w["end_epoch_ms"]) for w in windows]
    wall = sum(e - s for s, e in spans)
    calls = collections.Counter()
    ms = collections.Counter()
    impls = collections.defaultdict(set)
    seen = 0
    for stamp, kind, impl, direction, t in lines:
        seen += 1
        # The line is printed when the primitive has finished: it belongs to the window it ends in.
        if any(s <= stamp <= e for s, e in spans):
            key = f"{kind} {direction}" if direction not in ("undef", "") else kind
            calls[key] += 1
            ms[key] += t
            impls[key].add(impl)
    if not ms:
        sys.exit(f"onednn_profile_table: none of the {seen} primitive lines fall inside the iterations' windows "
                 "(was ONEDNN_VERBOSE_TIMESTAMP=1 set, on the same clock?)")
    n = len(windows)
    rows = []
    for key, t in ms.most_common():
        rows.append([f"`{key}`", ", ".join(sorted(impls[key])), f"{calls[key] / n:.0f}", f"{t / n:.1f}",
                     f"{100 * t / wall:.1f}%"])
    primitives = sum(ms.values())
    rows.append(["all oneDNN primitives", "", f"{sum(calls.values()) / n:.0f}", f"{primitives / n:.1f}",
                 f"{100 * primitives / wall:.1f}%"])
    rows.append(["Java between primitives (Adam, losses, label maps, concatenation, tape)", "", "",
                 f"{(wall - primitives) / n:.1f}", f"{100 * (wall - primitives) / wall:.1f}%"])
    rows.append([f"iteration ({windows[0]['model']} b64, wall time, mean of {n})", "", "", f"{wall / n:.1f}",
                 "100.0%"])
    header = ["primitive and direction", "implementation", "calls per iteration", "ms per iteration",
              "share of the iteration"]
    align = ["---", "---", "---:", "---:", "---:"]
    if record is not None:
        label, command, commit, machine = record
        print(json.dumps({"label": label,
                          "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
                          "machine": f"{machine}; {windows[0]['device']}", "command": command, "commit": commit,
                          "provenance": "printed by cgan-bench/onednn_profile_table.py from oneDNN's verbose "
                                        "profile of the run (scripts/record-onednn-profile)",
                          "header": header, "align": align, "rows": rows}, ensure_ascii=False))
        return
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(align) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 2:
        main(*args)
    elif len(args) == 10 and args[2] == "--record" and args[4] == "--command" and args[6] == "--commit" \
            and args[8] == "--machine":
        main(args[0], args[1], record=(args[3], args[5], args[7], args[9]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
