"""Reproduces cgan's generated images in PyTorch from an exported generator.

    /usr/bin/python3 cgan-conformance/reference/reproduce_export.py GENERATOR.safetensors TENSORS.safetensors

GENERATOR is what `cgan-cli export` writes; TENSORS is what `cgan-cli generate --dump-tensors` writes (the noise, the
label vectors and the images cgan generated from them). The script builds the seed's PyTorch Generator from the
export's metadata (model, classes, z_dim, channels; the SNGAN twin for sngan32 and sngan64), loads the weights with load_state_dict(strict=True), switches
it to eval mode (BatchNorm with the running statistics, as cgan generate does), generates from the same noise and
labels, and compares with cgan's images.

Exit status 0 when every pixel agrees within the tolerance (absolute 1e-4 on images in [-1, 1]), 1 when not, 2 for
unusable files. The last line says which, with the largest difference.
"""
import json
import sys

import numpy as np
import torch

from generate_fixtures import read_safetensors
from models import SNGAN_VARIANTS, Generator, SnganGenerator

TOLERANCE = 1e-4


def main(generator_path, tensors_path):
    weights, meta = read_safetensors(generator_path)
    if meta.get("format") != "cgan-generator":
        print(f"{generator_path} is not a generator written by cgan-cli export (format {meta.get('format')!r})")
        return 2
    classes = json.loads(meta["classes"])
    z_dim, channels, model = int(meta["z_dim"]), int(meta["channels"]), meta["model"]
    if model in SNGAN_VARIANTS:
        generator = SnganGenerator(len(classes), channels, model)
    else:
        generator = Generator(z_dim, len(classes), channels, model)
    state = {k: torch.from_numpy(np.array(v)) for k, v in weights.items()}
    generator.load_state_dict(state, strict=True)
    generator.eval()

    dumped, _ = read_safetensors(tensors_path)
    noise = torch.from_numpy(np.array(dumped["noise"]))
    labels = torch.from_numpy(np.array(dumped["labels"]))
    expected = torch.from_numpy(np.array(dumped["images"]))
    with torch.no_grad():
        images = generator(noise, labels)
    if tuple(images.shape) != tuple(expected.shape):
        print(f"shapes differ: PyTorch {tuple(images.shape)}, cgan {tuple(expected.shape)}")
        return 1
    diff = (images.double() - expected.double()).abs()
    worst = float(diff.max())
    print(f"{model}, {len(classes)} classes ({', '.join(classes)}), z {z_dim}, iteration {meta.get('iteration')}: "
          f"{images.shape[0]} images of {tuple(images.shape[1:])}")
    verdict = "REPRODUCED" if worst <= TOLERANCE else "MISMATCH"
    print(f"{verdict}: max |PyTorch - cgan| = {worst:.3g} (tolerance {TOLERANCE:g}), mean {float(diff.mean()):.3g}")
    return 0 if worst <= TOLERANCE else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: reproduce_export.py GENERATOR.safetensors TENSORS.safetensors")
    sys.exit(main(sys.argv[1], sys.argv[2]))
