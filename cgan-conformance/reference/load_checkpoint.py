"""Loads a cgan checkpoint into the seed's PyTorch models, strictly, and generates one sample per class.

Shows that a checkpoint written by any cgan backend is a PyTorch state_dict under the seed's names:

    /usr/bin/python3 cgan-conformance/reference/load_checkpoint.py runs/<run>/checkpoint/iter-000000450.safetensors

Keys starting with "optimizer." (Adam's state) are not part of the models' state_dicts and are skipped.
"""
import json
import sys

import numpy as np
import torch

from generate_fixtures import read_safetensors
from models import Discriminator, Generator


def main(path):
    tensors, metadata = read_safetensors(path)
    model_state = {k: torch.from_numpy(np.array(v)) for k, v in tensors.items() if not k.startswith("optimizer.")}
    info = {k: v for k, v in metadata.items()}
    classes = json.loads(info["classes"]) if "classes" in info else []
    weight = model_state["generator.0.weight"]
    channels = model_state[max((k for k in model_state if k.startswith("generator.") and k.endswith(".weight")),
                               key=lambda k: int(k.split(".")[1]))].shape[1]
    num_classes = model_state["discriminator.0.weight"].shape[1] - channels
    z_dim = weight.shape[0] - num_classes
    variant = "dcgan64" if weight.shape[1] == 512 else "dcgan32"

    generator = Generator(z_dim, num_classes, channels, variant)
    discriminator = Discriminator(num_classes, channels, variant)
    g_state = {k: v for k, v in model_state.items() if k.startswith("generator.")}
    d_state = {k: v for k, v in model_state.items() if k.startswith("discriminator.")}
    generator.load_state_dict(g_state, strict=True)
    discriminator.load_state_dict(d_state, strict=True)

    torch.manual_seed(0)
    z = torch.randn(num_classes, z_dim)
    y = torch.eye(num_classes)
    generator.eval()
    discriminator.eval()
    with torch.no_grad():
        images = generator(z, y)
        scores = discriminator(images, y)
    print(f"loaded {len(g_state)} generator and {len(d_state)} discriminator tensors strictly ({variant}, "
          f"{num_classes} classes, {channels} channels, z {z_dim}); iteration {info.get('iteration', '?')}")
    print(f"one sample per class: {tuple(images.shape)}, values in [{images.min():.3f}, {images.max():.3f}], "
          f"D scores {[round(float(s), 3) for s in scores.flatten()]}")
    if classes:
        print("classes:", ", ".join(classes))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: load_checkpoint.py CHECKPOINT.safetensors")
    main(sys.argv[1])
