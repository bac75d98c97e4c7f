#!/usr/bin/env python3
"""Summarises an ab.sh run: per model, each arm's throughput relative to the first arm's in every round (both timed
in the same round), and the median of those ratios over rounds; prints a Markdown table, and with --record appends it
as a `table` record (with every round's images/s as raw data) to a JSON-lines file."""

import argparse
import json
import os
import statistics
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("rounds", type=int)
    p.add_argument("models")
    p.add_argument("arms", nargs="+")
    p.add_argument("--meta", nargs=5, metavar=("DATE", "MACHINE", "COMMAND", "COMMIT", "BACKEND"), required=True)
    p.add_argument("--record")
    p.add_argument("--label")
    a = p.parse_args()
    date, machine, command, commit, backend = a.meta
    models = a.models.split(",")
    base = a.arms[0]
    rates, devices = {}, {}
    for m in models:
        for r in range(1, a.rounds + 1):
            for arm in a.arms:
                path = os.path.join(a.out, f"jmh-{m}-{r}-{arm}.json")
                with open(path) as f:
                    results = json.load(f)
                if len(results) != 1:
                    sys.exit(f"ab: {path} holds {len(results)} results, expected one")
                rates[(m, r, arm)] = results[0]["primaryMetric"]["score"]
                log = path[:-5] + ".log"
                with open(log) as f:
                    for line in f:
                        if line.startswith(f"# {backend} on "):
                            devices.setdefault(arm, line[len(f"# {backend} on "):].strip())
                            break
    header = ["model", "arm"] + [f"round {r}" for r in range(1, a.rounds + 1)] + ["median"]
    align = ["---", "---"] + ["---:"] * (a.rounds + 1)
    rows = []
    for m in models:
        for arm in a.arms[1:]:
            ratios = [rates[(m, r, arm)] / rates[(m, r, base)] for r in range(1, a.rounds + 1)]
            rows.append([f"{m} b64", f"`{arm}` / `{base}`"] + [f"{x:.2f}×" for x in ratios]
                        + [f"**{statistics.median(ratios):.2f}×**"])
    table = "| " + " | ".join(header) + " |\n|" + "|".join(align) + "|\n" + "\n".join(
        "| " + " | ".join(row) + " |" for row in rows)
    print(table)
    for arm in a.arms:
        print(f"- `{arm}`: {devices.get(arm, '?')}")
    if a.record:
        raw = [{"model": m, "round": r, "arm": arm, "images_per_second": rates[(m, r, arm)]}
               for m in models for r in range(1, a.rounds + 1) for arm in a.arms]
        record = {"label": a.label, "date": date, "machine": machine, "command": command, "commit": commit,
                  "provenance": "cgan-bench/ab.sh: JMH train step of each arm in its own JVM, arms alternated "
                                "within each round; ratio of images/s to the first arm's in the same round",
                  "header": header, "align": align, "rows": rows,
                  "arms": {arm: devices.get(arm, "?") for arm in a.arms}, "raw": raw}
        with open(a.record, "a") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"ab: recorded as '{a.label}' in {a.record} (scripts/figures puts it into the docs)", file=sys.stderr)


if __name__ == "__main__":
    main()
