"""The seed article's conditional DCGAN, written the way its author wrote it in PyTorch, and the paper's MLP.

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

import numpy as np
import torch
import torch.nn.functional as F
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


# ----------------------------------------------------------------------------------------------------------------
# The paper's MLP (Mirza & Osindero 2014, MNIST), as cgan's ModelCatalog.mlp builds it
# ----------------------------------------------------------------------------------------------------------------

MLP_IMAGE_SIZE = 28
MLP_DROPOUT = 0.5
# Mask seeds of the Dropout layers, fixed by cgan's ModelCatalog: G's joint dropout; D's image, label, joint dropouts.
MLP_DROPOUT_SEEDS = {"generator": [101], "discriminator": [201, 202, 203]}

_GAMMA = 0x9E3779B97F4A7C15


def dropout_uniforms(seed, start, count):
    """Draws start+1 .. start+count of the SplitMix64 stream seeded with `seed`, as u = (z >> 40) * 2^-24.

    cgan's Dropout takes its mask from this stream (the api's DropoutMask): the i-th draw mixes seed + i * gamma
    (mod 2^64), so a layer that has already drawn `start` values continues at start + 1.
    """
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + np.arange(start + 1, start + count + 1, dtype=np.uint64) * np.uint64(_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24


class SeededDropout(nn.Module):
    """nn.Dropout's computation (x * mask / (1 - p) in training, identity in eval) with cgan's reproducible mask:
    element i of a call (row-major) is kept iff the stream's next draw u_i >= p."""

    def __init__(self, p, seed):
        super().__init__()
        self.p, self.seed, self.drawn = p, seed, 0

    def forward(self, x):
        if not self.training:
            return x
        u = dropout_uniforms(self.seed, self.drawn, x.numel())
        self.drawn += x.numel()
        keep = torch.from_numpy((u >= self.p).reshape(x.shape)).to(x.dtype)
        return x * keep / (1.0 - self.p) if self.p < 1 else x * 0.0


class Maxout(nn.Module):
    """Maxout (Goodfellow et al. 2013): a linear map to units * pieces features, grouped unit-major (unit u owns rows
    u * pieces .. u * pieces + pieces - 1 of the weight), then the maximum over each unit's pieces."""

    def __init__(self, in_features, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.weight = nn.Parameter(torch.zeros(units * pieces, in_features))
        self.bias = nn.Parameter(torch.zeros(units * pieces))

    def forward(self, x):
        return F.linear(x, self.weight, self.bias).view(x.size(0), self.units, self.pieces).max(dim=2).values


class OneHotEmbedding(nn.Embedding):
    """nn.Embedding on one-hot label rows [N, classes] (cgan's label form): x @ weight, which for one-hot rows is
    exactly nn.Embedding of the class indices (checked in forward), and also gives the labels a gradient."""

    def forward(self, x):
        out = x @ self.weight
        if bool(((x == 0) | (x == 1)).all()) and bool((x.sum(dim=1) == 1).all()):
            assert torch.equal(out, F.embedding(x.argmax(dim=1), self.weight)), "one-hot rows must select rows"
        return out


class ConditionalBatchNorm2d(nn.Module):
    """cgan's ConditionalBatchNorm2d: batch normalisation without affine (F.batch_norm with PyTorch's semantics), then
    a per-class scale and shift: gamma = labels @ weight, beta = labels @ bias (one-hot labels [N, classes]).
    state_dict: weight [classes, C] (ones), bias [classes, C] (zeros), running_mean, running_var."""

    def __init__(self, features, classes, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum, self.eps = momentum, eps
        self.weight = nn.Parameter(torch.ones(classes, features))
        self.bias = nn.Parameter(torch.zeros(classes, features))
        self.register_buffer("running_mean", torch.zeros(features))
        self.register_buffer("running_var", torch.ones(features))

    def forward(self, x, labels):
        xhat = F.batch_norm(x, self.running_mean, self.running_var, None, None, self.training, self.momentum,
                            self.eps)
        gamma = labels @ self.weight
        beta = labels @ self.bias
        return xhat * gamma[:, :, None, None] + beta[:, :, None, None]


class TwoBranch(nn.Module):
    """Data and label through their own layers, concatenated on features (data first), then the joint layers."""

    def __init__(self, data_name, data, label, joint):
        super().__init__()
        self.data_name = data_name
        setattr(self, data_name, nn.Sequential(*data))
        self.label = nn.Sequential(*label)
        self.joint = nn.Sequential(*joint)

    def forward(self, x, y):
        return self.joint(torch.cat([getattr(self, self.data_name)(x), self.label(y)], 1))


class MlpGenerator(nn.Module):
    """z (100, uniform in [0,1)) -> 200 ReLU and y -> 1000 ReLU, concatenated -> 1200 ReLU -> dropout 0.5 -> 784
    sigmoid, reshaped to [N, channels, 28, 28]."""

    def __init__(self, z_dim, num_classes, channels=1):
        super().__init__()
        self.channels = channels
        pixels = channels * MLP_IMAGE_SIZE * MLP_IMAGE_SIZE
        (seed,) = MLP_DROPOUT_SEEDS["generator"]
        self.generator = TwoBranch(
            "noise",
            [nn.Linear(z_dim, 200), nn.ReLU()],
            [nn.Linear(num_classes, 1000), nn.ReLU()],
            [nn.Linear(1200, 1200), nn.ReLU(), SeededDropout(MLP_DROPOUT, seed), nn.Linear(1200, pixels),
             nn.Sigmoid()])

    def forward(self, z, y_onehot):
        return self.generator(z, y_onehot).view(z.size(0), self.channels, MLP_IMAGE_SIZE, MLP_IMAGE_SIZE)


class MlpDiscriminator(nn.Module):
    """The flattened image -> maxout 240x5 and y -> maxout 50x5 (each followed by dropout 0.5), concatenated (290) ->
    maxout 240x4 -> dropout 0.5 -> linear 1 -> sigmoid."""

    def __init__(self, num_classes, channels=1):
        super().__init__()
        pixels = channels * MLP_IMAGE_SIZE * MLP_IMAGE_SIZE
        s_image, s_label, s_joint = MLP_DROPOUT_SEEDS["discriminator"]
        self.discriminator = TwoBranch(
            "image",
            [Maxout(pixels, 240, 5), SeededDropout(MLP_DROPOUT, s_image)],
            [Maxout(num_classes, 50, 5), SeededDropout(MLP_DROPOUT, s_label)],
            [Maxout(290, 240, 4), SeededDropout(MLP_DROPOUT, s_joint), nn.Linear(240, 1), nn.Sigmoid()])

    def forward(self, x, y_onehot):
        return self.discriminator(x.reshape(x.size(0), -1), y_onehot).view(x.size(0), 1)


# ----------------------------------------------------------------------------------------------------------------
# SNGAN (Miyato & Koyama 2018), as cgan's ModelCatalog.sngan32 and sngan64 build it: block networks
# ----------------------------------------------------------------------------------------------------------------
# cgan describes a network that is not a plain sequence as a tree of four kinds of blocks (dev.cgan.core.model.Block);
# these modules are the same four, so that the state_dict names are the tree's paths: a Chain's children are named
# 0, 1, ... (an nn.Sequential that passes the labels on), a Residual's `main` and `shortcut`, a Projection's
# `features`, `psi` and `embed`.

SNGAN_Z_DIM = 128
SNGAN_BOTTOM = 4
# Per variant: generator widths (after the Linear, then one up-block per further entry), discriminator widths (the
# first block's output, then one block per further entry) and which discriminator blocks pool.
SNGAN_VARIANTS = {
    "sngan32": {"g": [64, 64, 64, 64], "d": [64, 64, 64, 64], "down": [True, True, False, False], "image_size": 32},
    "sngan64": {"g": [256, 128, 64, 32, 32], "d": [32, 64, 128, 256, 256], "down": [True, True, True, True, False],
                "image_size": 64},
}


def _reads_labels(module):
    return isinstance(module, (ConditionalBatchNorm2d, Chain, Residual, Projection))


class Chain(nn.Sequential):
    """Children in order; those that read the labels (conditional BatchNorm, nested blocks) get them."""

    def forward(self, x, y):
        for m in self:
            x = m(x, y) if _reads_labels(m) else m(x)
        return x


class Residual(nn.Module):
    """main(x) + shortcut(x); no shortcut module means the identity."""

    def __init__(self, main, shortcut=None):
        super().__init__()
        self.main = main
        if shortcut is not None:
            self.shortcut = shortcut
        self.has_shortcut = shortcut is not None

    def forward(self, x, y):
        return self.main(x, y) + (self.shortcut(x, y) if self.has_shortcut else x)


class Projection(nn.Module):
    """Miyato & Koyama's projection output: phi = sum over H, W of features(x); psi(phi) + <embed(y), phi>."""

    def __init__(self, features, psi, embed):
        super().__init__()
        self.features, self.psi, self.embed = features, psi, embed

    def forward(self, x, y):
        phi = torch.sum(self.features(x, y), dim=(2, 3))
        return self.psi(phi) + torch.sum(self.embed(y) * phi, dim=1, keepdim=True)


class Unflatten(nn.Module):
    def __init__(self, channels, height, width):
        super().__init__()
        self.shape = (channels, height, width)

    def forward(self, x):
        return x.view(x.size(0), *self.shape)


def _sn(module):
    return nn.utils.spectral_norm(module)


class SnganGenerator(nn.Module):
    """z (128, N(0, 1)) -> Linear -> 4x4 maps -> residual up-blocks with conditional BatchNorm -> BatchNorm, ReLU,
    3x3 conv, Tanh."""

    def __init__(self, num_classes, channels=1, variant="sngan32"):
        super().__init__()
        g = SNGAN_VARIANTS[variant]["g"]
        # No bias before a BatchNorm, which would cancel it: only the last conv has one.
        layers = [nn.Linear(SNGAN_Z_DIM, SNGAN_BOTTOM * SNGAN_BOTTOM * g[0], bias=False),
                  Unflatten(g[0], SNGAN_BOTTOM, SNGAN_BOTTOM)]
        for cin, cout in zip(g[:-1], g[1:]):
            layers.append(Residual(
                Chain(ConditionalBatchNorm2d(cin, num_classes), nn.ReLU(), nn.Upsample(scale_factor=2),
                      nn.Conv2d(cin, cout, 3, 1, 1, bias=False), ConditionalBatchNorm2d(cout, num_classes),
                      nn.ReLU(), nn.Conv2d(cout, cout, 3, 1, 1, bias=False)),
                Chain(nn.Upsample(scale_factor=2), nn.Conv2d(cin, cout, 1, 1, 0, bias=False))))
        layers += [nn.BatchNorm2d(g[-1]), nn.ReLU(), nn.Conv2d(g[-1], channels, 3, 1, 1), nn.Tanh()]
        self.generator = Chain(*layers)

    def forward(self, z, y_onehot):
        return self.generator(z, y_onehot)


class SnganDiscriminator(nn.Module):
    """Spectrally normalised residual down-blocks, ReLU, then the projection output: raw scores [N, 1]."""

    def __init__(self, num_classes, channels=1, variant="sngan32"):
        super().__init__()
        d, down = SNGAN_VARIANTS[variant]["d"], SNGAN_VARIANTS[variant]["down"]
        blocks = [Residual(
            Chain(_sn(nn.Conv2d(channels, d[0], 3, 1, 1)), nn.ReLU(), _sn(nn.Conv2d(d[0], d[0], 3, 1, 1)),
                  nn.AvgPool2d(2)),
            Chain(nn.AvgPool2d(2), _sn(nn.Conv2d(channels, d[0], 1, 1, 0))))]
        for cin, cout, pool in zip(d[:-1], d[1:], down[1:]):
            main = [nn.ReLU(), _sn(nn.Conv2d(cin, cout, 3, 1, 1)), nn.ReLU(), _sn(nn.Conv2d(cout, cout, 3, 1, 1))]
            shortcut = [_sn(nn.Conv2d(cin, cout, 1, 1, 0))] if cin != cout or pool else []
            if pool:
                main.append(nn.AvgPool2d(2))
                shortcut.append(nn.AvgPool2d(2))
            blocks.append(Residual(Chain(*main), Chain(*shortcut) if shortcut else None))
        blocks.append(nn.ReLU())
        self.discriminator = Projection(Chain(*blocks), _sn(nn.Linear(d[-1], 1)), OneHotEmbedding(num_classes, d[-1]))

    def forward(self, x, y_onehot):
        return self.discriminator(x, y_onehot)
