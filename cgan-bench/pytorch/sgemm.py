#!/usr/bin/env python3
"""The machine's matrix-product ceiling: float32 torch.mm of two SIZE×SIZE matrices (default 4096), best of a few
repeats, in GFLOP/s (2·SIZE³ per product). Prints ONE JSON line: {"size": ..., "threads": ..., "gflops": ...}.

  /usr/bin/python3 cgan-bench/pytorch/sgemm.py [--size 4096] [--repeats 3] [--threads 2]
"""

import argparse
import json
import time

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    a = torch.randn(args.size, args.size)
    b = torch.randn(args.size, args.size)
    out = torch.empty(args.size, args.size)
    torch.mm(a, b, out=out)  # warm-up: thread pool, page faults
    best = float("inf")
    for _ in range(args.repeats):
        start = time.perf_counter()
        torch.mm(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"size": args.size, "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "gflops": round(2 * args.size ** 3 / best / 1e9, 2)}))


if __name__ == "__main__":
    main()
