#!/usr/bin/env python3
"""Times one CGAN training iteration in real PyTorch: the same models, initialisation and iteration as cgan's
TrainStepBenchmark, so the two can be compared side by side.

The iteration is the seed's (cgan-core's CganStep): D on a real batch (target 1) and on a fake batch from G with the
gradient cut (target 0), one backward, Adam step on D; then G through D on the same fake batch (target 1), Adam step
on G. Adam(2e-4, 0.5, 0.999); DCGAN initialisation (conv weights N(0, 0.02), BatchNorm gamma N(1, 0.02), beta 0).
Like the Java benchmark, one fixed batch (images uniform in [-1, 1], labels cycling through the classes, Gaussian
noise) is reused by every iteration; reading both losses back ends each iteration.

Timing is either by count (--warmup N untimed iterations, then --iterations N timed) or, as JMH times the Java side,
by time: --warmup-iterations N windows of --warmup-time S seconds, then --measurement-iterations N windows of
--measurement-time S seconds; each window runs whole training iterations until its time is up, its throughput is
iterations * batch / elapsed, and the result is the mean over the measurement windows (JMH's throughput score).
compare.sh passes JMH's own settings, so both sides get the same warm-up and measurement time.

Prints ONE JSON line:
  {"model": ..., "device": ..., "batch_size": ..., "threads": ..., "ms_per_iteration": ..., "images_per_second": ...}

  /usr/bin/python3 cgan-bench/pytorch/train_step.py --model dcgan64 --batch-size 64 --device cpu --warmup 3 \
      --iterations 10 [--threads 2]
  /usr/bin/python3 cgan-bench/pytorch/train_step.py --model dcgan64 --warmup-iterations 2 --warmup-time 10 \
      --measurement-iterations 3 --measurement-time 10
"""

import argparse
import json
import os
import sys
import time

import torch
from torch import nn

# The seed's models live with the conformance fixtures' generator; import them from there rather than copy them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cgan-conformance",
                                "reference"))
import models  # noqa: E402

# (classes, channels) of each workload, as in cgan-bench's TrainingSetup.
WORKLOADS = {"dcgan64": (3, 3), "dcgan32": (10, 1)}
Z_DIM = 100


def dcgan_init(module):
    """PyTorch's DCGAN tutorial weights_init: conv weights N(0, 0.02); BatchNorm gamma N(1, 0.02), beta 0."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


def fail(message):
    print("train_step.py: error: " + message, file=sys.stderr)
    sys.exit(2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=sorted(WORKLOADS), default="dcgan64")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--warmup", type=int, default=3, help="untimed iterations first")
    parser.add_argument("--iterations", type=int, default=10, help="timed iterations")
    parser.add_argument("--warmup-iterations", type=int, default=0,
                        help="timed mode: untimed warm-up windows (JMH -wi)")
    parser.add_argument("--warmup-time", type=float, default=0, help="timed mode: seconds per warm-up window (JMH -w)")
    parser.add_argument("--measurement-iterations", type=int, default=0,
                        help="timed mode: measured windows (JMH -i); selects the timed mode")
    parser.add_argument("--measurement-time", type=float, default=0,
                        help="timed mode: seconds per measured window (JMH -r)")
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--freeze-discriminator", action="store_true",
                        help="freeze D's parameters (requires_grad_(False)) for G's step, as cgan's CganStep does; "
                             "without it the seed's loop as written, which also computes D's weight gradients there")
    parser.add_argument("--no-tf32", action="store_true",
                        help="CUDA: exact float32 (no TF32 tensor cores in cuDNN convolutions or matmuls), as cgan's "
                             "jcuda backend computes by default; PyTorch's own default lets convolutions use TF32")
    args = parser.parse_args()
    if args.batch_size < 1 or args.iterations < 1 or args.warmup < 0 or args.threads < 0:
        fail("--batch-size and --iterations must be >= 1, --warmup and --threads >= 0")
    timed = args.measurement_iterations > 0
    if timed and (args.measurement_time <= 0 or args.warmup_iterations < 0
                  or (args.warmup_iterations > 0 and args.warmup_time <= 0)):
        fail("--measurement-time must be > 0 with --measurement-iterations, and --warmup-time > 0 with "
             "--warmup-iterations")
    if args.device == "cuda" and not torch.cuda.is_available():
        fail("--device cuda asked for, but this PyTorch (" + torch.__version__ + ") sees no CUDA device")
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.no_tf32:
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
    device = torch.device(args.device)

    classes, channels = WORKLOADS[args.model]
    size = models.VARIANTS[args.model]["image_size"]
    n = args.batch_size
    generator = models.Generator(Z_DIM, classes, channels, args.model).to(device)
    discriminator = models.Discriminator(classes, channels, args.model).to(device)
    generator.apply(dcgan_init)
    discriminator.apply(dcgan_init)
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()

    real = (torch.rand(n, channels, size, size) * 2 - 1).to(device)
    labels = torch.zeros(n, classes)
    labels[torch.arange(n), torch.arange(n) % classes] = 1
    labels = labels.to(device)
    noise = torch.randn(n, Z_DIM).to(device)
    ones = torch.ones(n, 1, device=device)
    zeros = torch.zeros(n, 1, device=device)

    def iteration():
        opt_d.zero_grad()
        loss_real = bce(discriminator(real, labels), ones)
        fake = generator(noise, labels)
        loss_fake = bce(discriminator(fake.detach(), labels), zeros)
        loss_d = loss_real + loss_fake
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        if args.freeze_discriminator:
            for p in discriminator.parameters():
                p.requires_grad_(False)
        loss_g = bce(discriminator(fake, labels), ones)
        loss_g.backward()
        if args.freeze_discriminator:
            for p in discriminator.parameters():
                p.requires_grad_(True)
        opt_g.step()
        # Reading the losses back waits for the device, as the Java benchmark does.
        return loss_d.item() + loss_g.item()

    def sync():
        if args.device == "cuda":
            torch.cuda.synchronize()

    def window(seconds):
        """Whole iterations until `seconds` have passed (the last one may overrun, as in JMH): images/s."""
        sync()
        start = time.perf_counter()
        done = 0
        while done == 0 or time.perf_counter() - start < seconds:
            iteration()
            done += 1
            sync()
        return done * n / (time.perf_counter() - start)

    timing = {}
    if timed:
        for _ in range(args.warmup_iterations):
            window(args.warmup_time)
        windows = [window(args.measurement_time) for _ in range(args.measurement_iterations)]
        images_per_second = sum(windows) / len(windows)
        timing = {"warmup": f"{args.warmup_iterations} x {args.warmup_time:g} s",
                  "measurement": f"{args.measurement_iterations} x {args.measurement_time:g} s",
                  "windows_images_per_second": [round(w, 3) for w in windows]}
    else:
        for _ in range(args.warmup):
            iteration()
        sync()
        start = time.perf_counter()
        for _ in range(args.iterations):
            iteration()
        sync()
        images_per_second = n * args.iterations / (time.perf_counter() - start)
        timing = {"warmup": f"{args.warmup} iterations", "measurement": f"{args.iterations} iterations"}
    print(json.dumps({"model": args.model, "device": args.device, "batch_size": n,
                      "threads": torch.get_num_threads(), "torch": torch.__version__, "python": sys.executable,
                      "tf32": args.device == "cuda" and torch.backends.cudnn.allow_tf32,
                      "freeze_discriminator": args.freeze_discriminator,
                      "ms_per_iteration": round(n / images_per_second * 1000, 3),
                      "images_per_second": round(images_per_second, 3), **timing}))


if __name__ == "__main__":
    main()
