"""The seed article's conditional DCGAN, written the way its author wrote it in PyTorch.

Attribute names matter: the conformance fixtures name parameters by these modules' ``state_dict`` keys
(``generator.0.weight``, ``generator.1.running_mean``, ``discriminator.2.weight``, ...), and the Java backends map
their own layers onto the same names.

Two variants share one shape of code:

* ``dcgan64``: the seed's networks, 64x64 images (the author used 3-channel images and 3 classes).
* ``dcgan32``: the same design one block shallower, for 28x28 MNIST padded to 32x32, grayscale.

One reading of the seed's text: it gives every discriminator conv stride 2, but the last one (kernel 4, padding 0)
maps 4x4 to 1x1, a single window, for which the stride makes no difference (stride 2 gives the same 1x1 output).
Stride 1, the DCGAN convention, is used.
"""

import torch
from torch import nn

# Per variant: generator (channels after the input block, stride, padding) and discriminator likewise. The first
# generator block reads z_dim + num_classes channels, the last writes the image channels.
VARIANTS = {
    "dcgan64": {
        "generator": {"channels": [512, 256, 128, 64], "strides": [1, 2, 2, 2, 2], "paddings": [0, 1, 1, 1, 1]},
        "discriminator": {"channels": [64, 128, 256, 512], "strides": [2, 2, 2, 2, 1], "paddings": [1, 1, 1, 1, 0]},
        "image_size": 64,
    },
    "dcgan32": {
        "generator": {"channels": [256, 128, 64], "strides": [1, 2, 2, 2], "paddings": [0, 1, 1, 1]},
        "discriminator": {"channels": [64, 128, 256], "strides": [2, 2, 2, 1], "paddings": [1, 1, 1, 0]},
        "image_size": 32,
    },
}


class Generator(nn.Module):
    """z and a one-hot label, both as 1x1 feature maps concatenated on channels, up-sampled to an image in [-1, 1]."""

    def __init__(self, z_dim, num_classes, channels=3, variant="dcgan64"):
        super().__init__()
        cfg = VARIANTS[variant]["generator"]
        ins = [z_dim + num_classes] + cfg["channels"]
        outs = cfg["channels"] + [channels]
        layers = []
        for i, (cin, cout, stride, pad) in enumerate(zip(ins, outs, cfg["strides"], cfg["paddings"])):
            layers.append(nn.ConvTranspose2d(cin, cout, 4, stride, pad, bias=False))
            if i < len(ins) - 1:
                layers += [nn.BatchNorm2d(cout), nn.ReLU(True)]
            else:
                layers.append(nn.Tanh())
        self.generator = nn.Sequential(*layers)

    def forward(self, z, y_onehot):
        n = z.size(0)
        x = torch.cat([z.view(n, z.size(1), 1, 1), y_onehot.view(n, y_onehot.size(1), 1, 1)], 1)
        return self.generator(x)


class Discriminator(nn.Module):
    """An image with the one-hot label broadcast to extra channels, down-sampled to one probability per sample."""

    def __init__(self, num_classes, channels=3, variant="dcgan64"):
        super().__init__()
        cfg = VARIANTS[variant]["discriminator"]
        ins = [channels + num_classes] + cfg["channels"]
        outs = cfg["channels"] + [1]
        layers = []
        for i, (cin, cout, stride, pad) in enumerate(zip(ins, outs, cfg["strides"], cfg["paddings"])):
            layers.append(nn.Conv2d(cin, cout, 4, stride, pad, bias=False))
            if i == len(ins) - 1:
                layers.append(nn.Sigmoid())
            elif i == 0:
                layers.append(nn.LeakyReLU(0.2, True))
            else:
                layers += [nn.BatchNorm2d(cout), nn.LeakyReLU(0.2, True)]
        self.discriminator = nn.Sequential(*layers)

    def forward(self, x, y_onehot):
        n, c = y_onehot.shape
        y = y_onehot.view(n, c, 1, 1).expand(n, c, x.size(2), x.size(3))
        return self.discriminator(torch.cat([x, y], 1)).view(n, 1)
