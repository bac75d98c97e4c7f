"""Real PyTorch's figures for the check that benchmarks run before timing: one training iteration of each benchmark
model at the timed batch size (64), from weights and a batch that both sides draw from the same generator, so the fixture
holds only the results (a few numbers), not 25 MB of weights.

Values are drawn as the conformance fixtures' generated inputs are (generate_fixtures.generated_tensor: SplitMix64,
float32(offset + scale * (2u - 1)); cgan's GeneratedTensor computes the same), so cgan-bench's TimedShapeCheck builds
identical weights and batch. Each state tensor is seeded with the sum of the character codes of its state_dict name
(e.g. generator.0.weight): running_mean 0; running_var 1; a 1-D weight (BatchNorm's gamma) around 1, everything else
around 0, uniform with DCGAN's standard deviation 0.02. The batch: images uniform in [-1, 1] (seed 1), noise uniform
with standard deviation 1 (seed 2), labels one-hot i mod classes.
The iteration is cgan-core's CganStep (as train_step.py), DCGAN's Adam(2e-4, 0.5, 0.999).

Each model runs in float32 (what an engine must match) and in float64 (the spread between them shows how much
float32 rounding alone moves the figures). One iteration, because the next one is chaotic: Adam's first step moves
each weight by about lr times the sign of its gradient, so weights whose gradient is near zero move either way with
rounding, and correct float32 engines were measured to differ from each other by up to 4% on dcgan64's second
iteration. The first iteration's G loss is computed after D's Adam step, so the update is checked too. Writes JSON to stdout:

  /usr/bin/python3 cgan-bench/pytorch/timed_shape_reference.py > cgan-bench/src/main/resources/dev/cgan/bench/timed-shape-reference.json
"""

import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cgan-conformance",
                                "reference"))
import models  # noqa: E402
from generate_fixtures import generated_tensor  # noqa: E402

WORKLOADS = {"dcgan64": (3, 3), "dcgan32": (10, 1)}
Z_DIM = 100
BATCH = 64
ITERATIONS = 1


SQRT3 = math.sqrt(3)


def generated(shape, seed, offset, scale):
    return generated_tensor({"shape": list(shape), "seed": seed, "offset": offset, "scale": scale})


def fill(module):
    for name, tensor in module.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        seed = sum(ord(c) for c in name)  # state_dict names, e.g. generator.0.weight, which cgan uses too
        if name.endswith("running_mean"):
            values = torch.zeros(tensor.shape)
        elif name.endswith("running_var"):
            values = torch.ones(tensor.shape)
        else:
            offset = 1.0 if name.endswith("weight") and tensor.dim() == 1 else 0.0
            values = generated(tensor.shape, seed, offset, 0.02 * SQRT3)
        with torch.no_grad():
            tensor.copy_(values)


def run(model, dtype):
    classes, channels = WORKLOADS[model]
    size = models.VARIANTS[model]["image_size"]
    torch.manual_seed(0)
    generator = models.Generator(Z_DIM, classes, channels, model)
    discriminator = models.Discriminator(classes, channels, model)
    fill(generator)
    fill(discriminator)
    generator.to(dtype)
    discriminator.to(dtype)
    real = generated((BATCH, channels, size, size), 1, 0.0, 1.0).to(dtype)
    noise = generated((BATCH, Z_DIM), 2, 0.0, SQRT3).to(dtype)
    labels = torch.zeros(BATCH, classes, dtype=dtype)
    labels[torch.arange(BATCH), torch.arange(BATCH) % classes] = 1
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    ones = torch.ones(BATCH, 1, dtype=dtype)
    zeros = torch.zeros(BATCH, 1, dtype=dtype)
    out = {"loss_d": [], "loss_g": [], "d_real": [], "d_fake": []}
    for _ in range(ITERATIONS):
        opt_d.zero_grad()
        d_real = discriminator(real, labels)
        loss_real = bce(d_real, ones)
        fake = generator(noise, labels)
        d_fake = discriminator(fake.detach(), labels)
        loss_fake = bce(d_fake, zeros)
        loss_d = loss_real + loss_fake
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = bce(discriminator(fake, labels), ones)
        loss_g.backward()
        opt_g.step()
        out["loss_d"].append(loss_d.item())
        out["loss_g"].append(loss_g.item())
        out["d_real"].append(d_real.mean().item())
        out["d_fake"].append(d_fake.mean().item())
    return out


def main():
    torch.set_num_threads(2)
    result = {"torch": torch.__version__, "batch": BATCH, "iterations": ITERATIONS,
              "script": "cgan-bench/pytorch/timed_shape_reference.py", "models": {}}
    for model in sorted(WORKLOADS):
        result["models"][model] = {"float32": run(model, torch.float32), "float64": run(model, torch.float64)}
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
