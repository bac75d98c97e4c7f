#!/usr/bin/env python3
"""Reads the results compare.sh left in a directory and prints the side-by-side table (Markdown): medians over rounds
of ms/iteration and images/s per backend and workload, the ratio to PyTorch's throughput, GFLOP/s from the
iteration's counted work and the share of the sgemm ceiling."""

import glob
import json
import os
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main(directory):
    work = {}
    for path in glob.glob(os.path.join(directory, "work-*.json")):
        w = load(path)
        work[w["model"]] = w
    sgemm = [load(p)["gflops"] for p in glob.glob(os.path.join(directory, "sgemm-*.json"))]
    ceiling = statistics.median(sgemm) if sgemm else float("nan")

    # (engine, model) -> list of images/s, one per round
    rates = {}
    refused = set()
    for path in sorted(glob.glob(os.path.join(directory, "jmh-*.json"))):
        for result in load(path):
            key = (result["params"]["backend"], result["params"]["model"])
            rates.setdefault(key, []).append(result["primaryMetric"]["score"])
    for path in sorted(glob.glob(os.path.join(directory, "pytorch-*.json"))):
        with open(path) as f:
            line = f.read().strip()
        if line:
            r = json.loads(line)
            rates.setdefault(("pytorch " + r["torch"].split("a")[0], r["model"]), []).append(r["images_per_second"])

    sgemm_runs = [load(p) for p in glob.glob(os.path.join(directory, "sgemm-*.json"))]
    threads = sorted({s["threads"] for s in sgemm_runs})
    sizes = sorted({s["size"] for s in sgemm_runs})
    print("| backend | workload | ms/iteration | images/s | × PyTorch | GFLOP/s | % of sgemm |")
    print("|---|---|---:|---:|---:|---:|---:|")
    models = [m for m in ("dcgan64", "dcgan32") if any(k[1] == m for k in rates)]
    for model in models:
        reference = next((statistics.median(v) for k, v in rates.items() if k[1] == model and k[0].startswith(
            "pytorch")), None)
        keys = sorted((k for k in rates if k[1] == model), key=lambda k: (k[0].startswith("pytorch"), k[0]))
        for key in keys:
            ips = statistics.median(rates[key])
            ms = 64 / ips * 1000
            flop = work[model]["iteration_flop"] if model in work else float("nan")
            gflops = flop / (ms / 1000) / 1e9
            ratio = ips / reference if reference else float("nan")
            print(f"| {key[0]} | {model} b64 | {ms:,.0f} | {ips:.1f} | {ratio:.2f} | {gflops:.1f} | "
                  f"{100 * gflops / ceiling:.0f}% |")
    print()
    for model in models:
        if model in work:
            w = work[model]
            print(f"- {model} b64: {w['iteration_flop'] / 1e9:.1f} GFLOP per iteration "
                  f"(forward MACs: G {w['generator_forward_macs'] / 1e9:.2f} G, "
                  f"D {w['discriminator_forward_macs'] / 1e9:.2f} G; 3 D passes and 1 G pass, each forward + 2× "
                  f"backward)")
    print(f"- sgemm ceiling (float32 {'/'.join(map(str, sizes))}² matMul, libtorch 2.7.1 through DJL, "
          f"{'; '.join(threads)}): median "
          f"{ceiling:.1f} GFLOP/s over {len(sgemm)} round(s): {', '.join(f'{g:.1f}' for g in sgemm)}")
    for key in sorted(rates):
        print(f"- rounds {key[0]} {key[1]}: " + ", ".join(f"{v:.1f}" for v in rates[key]) + " images/s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: compare_table.py RESULTS_DIR", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
