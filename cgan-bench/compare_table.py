#!/usr/bin/env python3
"""Reads the results compare.sh left in a directory and prints the side-by-side table (Markdown): medians over rounds
of ms/iteration and images/s per backend and workload, the ratio to each PyTorch anchor's throughput (one column per
PyTorch version found, oldest first), GFLOP/s from the iteration's counted work, its share of the sgemm ceiling and
its share of the machine's f32 peak as oneDNN measured it (OnednnCeiling; "-" for runs recorded before compare.sh
measured it)."""

import glob
import json
import os
import re
import statistics
import sys


def torch_version(text):
    """'1.13.0a0' -> '1.13.0', '2.13.0+cpu' -> '2.13.0'."""
    match = re.match(r"\d+(\.\d+)*", text)
    return match.group(0) if match else text


def version_key(name):
    return tuple(int(p) for p in name.split()[-1].split("."))


def load(path):
    with open(path) as f:
        return json.load(f)


def peak_note(runs):
    """What the peak is, from the OnednnCeiling lines of the rounds."""
    engines = sorted({r["engine"] for r in runs})
    sizes = sorted({r["matmul_size"] for r in runs})
    shapes = sorted({r["convolution"] for r in runs})
    threads = sorted({r["threads"] for r in runs})
    return (f"float32, the faster of a {'/'.join(map(str, sizes))}² matmul and a {'/'.join(shapes)} convolution in "
            f"{', '.join(engines)}; {'; '.join(threads)}")


def percent(gflops, ceiling):
    return "–" if ceiling is None else f"{100 * gflops / ceiling:.0f}%"


def main(directory, record=None):
    work = {}
    for path in glob.glob(os.path.join(directory, "work-*.json")):
        w = load(path)
        work[w["model"]] = w
    sgemm = [load(p)["gflops"] for p in glob.glob(os.path.join(directory, "sgemm-*.json"))]
    ceiling = statistics.median(sgemm) if sgemm else float("nan")

    # (engine, model) -> list of images/s, one per round
    rates = {}
    timing = {}
    for path in sorted(glob.glob(os.path.join(directory, "jmh-*.json"))):
        for result in load(path):
            key = (result["params"]["backend"], result["params"]["model"])
            rates.setdefault(key, []).append(result["primaryMetric"]["score"])
            timing["JMH"] = (f"warm-up {result.get('warmupIterations', '?')} x {result.get('warmupTime', '?')}, "
                             f"measurement {result.get('measurementIterations', '?')} x "
                             f"{result.get('measurementTime', '?')}")
    for path in sorted(glob.glob(os.path.join(directory, "pytorch-*.json"))):
        with open(path) as f:
            line = f.read().strip()
        if line:
            r = json.loads(line)
            key = ("pytorch " + torch_version(r["torch"]), r["model"])
            rates.setdefault(key, []).append(r["images_per_second"])
            timing[key[0]] = f"warm-up {r.get('warmup', '?')}, measurement {r.get('measurement', '?')}"

    sgemm_runs = [load(p) for p in sorted(glob.glob(os.path.join(directory, "sgemm-*.json")))]
    threads = sorted({s["threads"] for s in sgemm_runs})
    sizes = sorted({s["size"] for s in sgemm_runs})
    sgemm_note = f"float32 {'/'.join(map(str, sizes))}² matMul, libtorch 2.7.1 through DJL, {'; '.join(threads)}"
    peak_runs = [load(p) for p in sorted(glob.glob(os.path.join(directory, "peak-*.json")))]
    peak = [r["gflops"] for r in peak_runs]
    if record is not None:
        # One JSON line for docs/results/benchmarks.jsonl: everything scripts/figures needs to print this table.
        meta = load(os.path.join(directory, "meta.json"))
        meta.update({"label": record, "kind": "compare", "rates": {f"{k[0]} {k[1]}": v for k, v in sorted(rates.items())},
                     "work": {m: {k: w[k] for k in ("iteration_flop", "generator_forward_macs",
                                                   "discriminator_forward_macs")} for m, w in sorted(work.items())},
                     "sgemm_gflops": [s["gflops"] for s in sgemm_runs], "sgemm_note": sgemm_note,
                     "timing": timing})
        if peak_runs:
            meta.update({"peak_gflops": peak, "peak_note": peak_note(peak_runs),
                         "peak_runs": [{k: r[k] for k in ("matmul_gflops", "convolution_gflops")}
                                       for r in peak_runs]})
        print(json.dumps(meta, ensure_ascii=False))
        return
    anchors = sorted({k[0] for k in rates if k[0].startswith("pytorch")}, key=version_key)
    ratio_heads = "".join(f" × PyTorch {a.split()[-1]} |" for a in anchors) or " × PyTorch |"
    peak_ceiling = statistics.median(peak) if peak else None
    print(f"| backend | workload | ms/iteration | images/s |{ratio_heads} GFLOP/s | % of sgemm | % of peak |")
    print("|---|---|---:|---:|" + "---:|" * max(1, len(anchors)) + "---:|---:|---:|")
    models = [m for m in ("dcgan64", "dcgan32") if any(k[1] == m for k in rates)]
    for model in models:
        references = [statistics.median(rates[(a, model)]) if (a, model) in rates else None for a in anchors]
        keys = sorted((k for k in rates if k[1] == model),
                      key=lambda k: (k[0].startswith("pytorch"), version_key(k[0]) if k[0].startswith("pytorch")
                                     else (), k[0]))
        for key in keys:
            ips = statistics.median(rates[key])
            ms = 64 / ips * 1000
            flop = work[model]["iteration_flop"] if model in work else float("nan")
            gflops = flop / (ms / 1000) / 1e9
            ratios = "".join(f" {ips / ref:.2f} |" if ref else " - |" for ref in references) or " - |"
            print(f"| {key[0]} | {model} b64 | {ms:,.0f} | {ips:.1f} |{ratios} {gflops:.1f} | "
                  f"{100 * gflops / ceiling:.0f}% | {percent(gflops, peak_ceiling)} |")
    print()
    for model in models:
        if model in work:
            w = work[model]
            print(f"- {model} b64: {w['iteration_flop'] / 1e9:.1f} GFLOP per iteration "
                  f"(forward MACs: G {w['generator_forward_macs'] / 1e9:.2f} G, "
                  f"D {w['discriminator_forward_macs'] / 1e9:.2f} G; 3 D passes and 1 G pass, each forward + 2× "
                  f"backward)")
    print(f"- sgemm ceiling ({sgemm_note}): median "
          f"{ceiling:.1f} GFLOP/s over {len(sgemm)} round(s): {', '.join(f'{g:.1f}' for g in sgemm)}")
    if peak_runs:
        print(f"- f32 peak ({peak_note(peak_runs)}): median {peak_ceiling:.1f} GFLOP/s over {len(peak)} round(s): "
              + ", ".join(f"{g:.1f}" for g in peak) + "; % of peak = GFLOP per iteration × iterations/s ÷ peak")
    else:
        print("- f32 peak: not measured in this run, so no % of peak")
    for side in sorted(timing):
        print(f"- timing of {side} per round: {timing[side]}")
    for key in sorted(rates):
        print(f"- rounds {key[0]} {key[1]}: " + ", ".join(f"{v:.1f}" for v in rates[key]) + " images/s")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--record":
        main(sys.argv[1], record=sys.argv[3])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        print("usage: compare_table.py RESULTS_DIR [--record LABEL]", file=sys.stderr)
        sys.exit(2)
