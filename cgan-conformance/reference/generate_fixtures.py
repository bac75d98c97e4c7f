"""Generate the conformance fixtures for the cgan backends with real PyTorch.

Run from the repository root, with Debian's PyTorch (python3-torch 1.13), not a pyenv interpreter:

    /usr/bin/python3 cgan-conformance/reference/generate_fixtures.py

It rewrites every ``<case>.safetensors`` and ``index.txt`` in
``cgan-conformance/src/main/resources/dev/cgan/conformance/fixtures/`` (removing fixtures of cases that no longer
exist), then re-reads each file and checks it (see ``self_check``). The file format and the case kinds are specified
in ``cgan-conformance/FIXTURES.md``; this script follows it. The output is deterministic: running it twice gives
byte-identical files. CI never runs this script; the Java build only reads its output.

How a case is made, for every kind alike:

1. the case's inputs are drawn as float32 (stored, so a backend reads exactly what PyTorch got), or described as
   SplitMix64-``generated`` tensors (large weights, not stored);
2. ``run_case`` computes the expected tensors from those inputs with float64 PyTorch; they are stored as float32,
   sampled when larger than 4096 elements;
3. a tolerance policy turns each expected tensor into (rtol, atol), written as the case's ``rtol``/``atol`` plus a
   ``tolerances`` map for the tensors that differ from the case default.

The self-check feeds each written file, read back with this script's own reader, to the same ``run_case`` twice: in
float64 (must reproduce the stored expectations bit for bit: the file alone is enough to rebuild the case) and in
float32 (must pass the stored tolerances: a correct float32 implementation is not rejected). It prints the float32
discrepancies, the realistic error of a float32 backend.
"""

import json
import math
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402  (the seed's Generator and Discriminator)

REFERENCE_DIR = os.path.dirname(os.path.abspath(__file__))
FIXTURES_DIR = os.path.join(REFERENCE_DIR, os.pardir, "src", "main", "resources", "dev", "cgan", "conformance",
                            "fixtures")

SAMPLE_THRESHOLD = 4096  # expected tensors with more elements are stored as a sample
SAMPLE_SIZE = 2048

# The seed's optimiser and BatchNorm conventions.
ADAM = {"type": "adam", "lr": 2e-4, "beta1": 0.5, "beta2": 0.999, "eps": 1e-8}
BN_MOMENTUM, BN_EPS = 0.1, 1e-5


# ----------------------------------------------------------------------------------------------------------------
# SplitMix64-generated tensors (FIXTURES.md, "Generated inputs")
# ----------------------------------------------------------------------------------------------------------------

GOLDEN_GAMMA = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


def splitmix64_uniforms(seed, count):
    """The first `count` draws u_i in [0, 1) of SplitMix64 seeded with `seed`, vectorised.

    The i-th state is seed + i * golden gamma (mod 2^64), so every draw is computed independently. numpy's uint64
    array arithmetic wraps modulo 2^64, which is exactly the spec's arithmetic.
    """
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(GOLDEN_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24


def splitmix64_reference(seed, count):
    """The same draws as raw 64-bit outputs, one at a time, written literally from the spec (for the self-test)."""
    state, out = seed, []
    for _ in range(count):
        state = (state + GOLDEN_GAMMA) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        out.append(z ^ (z >> 31))
    return out


def generated_tensor(desc):
    """float32(O + K * (2u - 1)), computed in float64, for one `generated` entry."""
    n = math.prod(desc["shape"])
    values = desc["offset"] + desc["scale"] * (2.0 * splitmix64_uniforms(desc["seed"], n) - 1.0)
    return torch.from_numpy(values.astype(np.float32).reshape(desc["shape"]))


def check_splitmix64():
    # Published test vector of Vigna's splitmix64.c (seed 1234567), then the vectorised form against the literal one.
    assert splitmix64_reference(1234567, 3) == [6457827717110365317, 3203168211198807973, 9817491932198370423]
    for seed in (0, 1, 1234567, MASK64):
        literal = np.array([v >> 40 for v in splitmix64_reference(seed, 100)], dtype=np.float64) * 2.0 ** -24
        assert np.array_equal(splitmix64_uniforms(seed, 100), literal), seed


# ----------------------------------------------------------------------------------------------------------------
# safetensors container, written and read by hand (no safetensors package)
# ----------------------------------------------------------------------------------------------------------------

DTYPES = {"F32": np.dtype("<f4"), "I32": np.dtype("<i4"), "I64": np.dtype("<i8")}


def write_safetensors(path, tensors, metadata):
    """Tensors (name -> float32/int32 numpy array) in name order; the JSON header is canonical (sorted keys, no
    spaces), so the same content always gives the same bytes."""
    header = {"__metadata__": metadata}
    offset, blobs = 0, []
    for name in sorted(tensors):
        array = tensors[name]
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int32): "I32"}[array.dtype]
        blob = np.ascontiguousarray(array, dtype=DTYPES[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad with spaces so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """(tensors, metadata), verifying the container's structure on the way."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    assert header_len % 8 == 0 and 8 + header_len <= len(data), "bad header length"
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    metadata = header.pop("__metadata__")
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), "metadata must be str->str"
    body = data[8 + header_len:]
    tensors, spans = {}, []
    for name, entry in header.items():
        dtype = DTYPES[entry["dtype"]]
        start, end = entry["data_offsets"]
        assert end - start == math.prod(entry["shape"]) * dtype.itemsize, f"{name}: size does not match shape"
        tensors[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(entry["shape"])
        spans.append((start, end))
    spans.sort()
    assert [s for s, _ in spans] == [0] + [e for _, e in spans[:-1]] and spans[-1][1] == len(body), \
        "tensor data must tile the data section exactly"
    return tensors, metadata


# ----------------------------------------------------------------------------------------------------------------
# Running a case: inputs (float32 tensors) -> expected tensors, in the dtype asked for
# ----------------------------------------------------------------------------------------------------------------

def build_layer(spec):
    kind = spec["type"]
    if kind == "Conv2d":
        return nn.Conv2d(spec["in"], spec["out"], spec["kernel"], spec["stride"], spec["padding"], bias=spec["bias"])
    if kind == "ConvTranspose2d":
        return nn.ConvTranspose2d(spec["in"], spec["out"], spec["kernel"], spec["stride"], spec["padding"],
                                  bias=spec["bias"])
    if kind == "BatchNorm2d":
        return nn.BatchNorm2d(spec["features"], momentum=spec["momentum"], eps=spec["eps"])
    if kind == "Linear":
        return nn.Linear(spec["in"], spec["out"], bias=spec["bias"])
    if kind == "LeakyReLU":
        return nn.LeakyReLU(spec["slope"])
    if kind == "Maxout":
        return models.Maxout(spec["in"], spec["units"], spec["pieces"])
    if kind == "Dropout":
        return models.SeededDropout(spec["p"], spec["seed"])
    if kind == "Upsample":
        return nn.Upsample(scale_factor=spec["scale"], mode="nearest")
    if kind == "AvgPool2d":
        return nn.AvgPool2d(spec["kernel"])
    if kind == "Embedding":
        return models.OneHotEmbedding(spec["classes"], spec["dim"])
    if kind == "ConditionalBatchNorm2d":
        return models.ConditionalBatchNorm2d(spec["features"], spec["classes"], spec["momentum"], spec["eps"])
    if kind == "SpectralNorm":
        # PyTorch's defaults: one power iteration, eps 1e-12, dim 0 (dim 1 for a ConvTranspose2d, chosen by PyTorch).
        return nn.utils.spectral_norm(build_layer(spec["layer"]))
    return {"ReLU": nn.ReLU, "Tanh": nn.Tanh, "Sigmoid": nn.Sigmoid}[kind]()


def named_state(module):
    """The state_dict entries a fixture names: parameters and running statistics.

    num_batches_tracked is left out: an integer counter that only matters when momentum is None.
    """
    return [(k, v) for k, v in module.state_dict().items() if not k.endswith("num_batches_tracked")]


def is_buffer(name):
    """Whether a state entry is a buffer: running statistics, or spectral norm's power-iteration vectors."""
    return "running_" in name or name.endswith(("weight_u", "weight_v"))


def stored_name(name):
    """Fixture name of a layer's or model's state entry (FIXTURES.md: `param.<name>`, `buffer.<name>`)."""
    return ("buffer." if is_buffer(name) else "param.") + name


def load_state(module, tensors, fixture_name, dtype):
    """Convert `module` to `dtype` and set each named state entry from `tensors[fixture_name(state_dict name)]`."""
    module.to(dtype)
    with torch.no_grad():
        for name, value in named_state(module):
            value.copy_(tensors[fixture_name(name)])


def build_model(spec, part):
    if spec["model"] in models.SNGAN_VARIANTS:
        if part == "generator":
            return models.SnganGenerator(spec["num_classes"], spec["channels"], spec["model"])
        return models.SnganDiscriminator(spec["num_classes"], spec["channels"], spec["model"])
    if spec["model"] == "mlp":
        if part == "generator":
            return models.MlpGenerator(spec["z_dim"], spec["num_classes"], spec["channels"])
        return models.MlpDiscriminator(spec["num_classes"], spec["channels"])
    if part == "generator":
        return models.Generator(spec["z_dim"], spec["num_classes"], spec["channels"], spec["model"])
    return models.Discriminator(spec["num_classes"], spec["channels"], spec["model"])


def run_layer(spec, t, dtype):
    layer = build_layer(spec["layer"])
    load_state(layer, t, stored_name, dtype)
    layer.train(spec["training"])
    x = t["input"].to(dtype).requires_grad_(True)
    y = layer(x, t["labels"].to(dtype)) if "labels" in t else layer(x)  # labels: a conditional layer's classes
    y.backward(t["grad_output"].to(dtype))
    out = {"expected.output": y, "expected.grad.input": x.grad}
    out.update({"expected.grad." + k: p.grad for k, p in layer.named_parameters()})
    out.update({"expected.buffer." + k: b for k, b in named_state(layer) if is_buffer(k)})
    return out


def run_tensorop(spec, t, dtype):
    """One of cgan's TensorOps (FIXTURES.md, kind `tensorop`) as PyTorch writes it."""
    a = t["input"].to(dtype).requires_grad_(True)
    b = t["other"].to(dtype).requires_grad_(True) if "other" in t else None
    y = {"add": lambda: a + b,
         "sumSpatial": lambda: torch.sum(a, dim=(2, 3)),
         "rowDot": lambda: torch.sum(a * b, dim=1, keepdim=True)}[spec["op"]]()
    y.backward(t["grad_output"].to(dtype))
    out = {"expected.output": y, "expected.grad.input": a.grad}
    if b is not None:
        out["expected.grad.other"] = b.grad
    return out


def run_loss(spec, t, dtype):
    x = t["input"].to(dtype).requires_grad_(True)
    loss_fn = {"bce": F.binary_cross_entropy, "bce_with_logits": F.binary_cross_entropy_with_logits,
               "cross_entropy": F.cross_entropy,
               # The GAN hinge losses (LossSpec.Hinge): PyTorch has no module for them; these are their definitions.
               "hinge_discriminator": lambda x, t: torch.relu(1 - t * x).mean(),
               "hinge_generator": lambda x, t: (-(t * x)).mean()}[spec["loss"]]
    loss = loss_fn(x, t["target"].to(dtype))  # mean reduction (cross_entropy: over the batch, probability targets)
    loss.backward()
    return {"expected.output": loss.reshape(1), "expected.grad.input": x.grad}


def make_optimizer(spec, params):
    if spec["type"] == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"])
    return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"])


def run_optimizer(spec, t, dtype):
    p = nn.Parameter(t["param"].to(dtype).clone())
    opt = make_optimizer(spec["optimizer"], [p])
    for k in range(spec["steps"]):
        p.grad = t[f"grad.{k}"].to(dtype).clone()
        opt.step()
    out = {"expected.param": p.detach()}
    for name, value in opt.state[p].items():
        if name != "step":
            out["expected.state." + name] = value
    return out


def run_model(spec, t, dtype):
    part = spec["part"]
    model = build_model(spec, part)
    load_state(model, t, stored_name, dtype)
    model.train(spec["training"])
    labels = t["input.labels"].to(dtype)
    x_name = "input.z" if part == "generator" else "input.image"
    x = t[x_name].to(dtype).requires_grad_(True)
    y = model(x, labels)
    y.backward(t["grad_output"].to(dtype))
    out = {"expected.output": y, "expected.grad." + x_name: x.grad}
    out.update({"expected.grad." + k: p.grad for k, p in model.named_parameters()})
    out.update({"expected.buffer." + k: b for k, b in named_state(model) if is_buffer(k)})
    return out


def adversarial_losses(spec):
    """The (D, G) losses of a trajectory: the seed's BCE on probabilities, or the hinge loss on raw scores."""
    if spec.get("loss", "bce") == "hinge":
        return (lambda d_real, d_fake: torch.relu(1 - d_real).mean() + torch.relu(1 + d_fake).mean(),
                lambda d_out: -d_out.mean())
    return (lambda d_real, d_fake: F.binary_cross_entropy(d_real, torch.ones_like(d_real))
            + F.binary_cross_entropy(d_fake, torch.zeros_like(d_fake)),
            lambda d_out: F.binary_cross_entropy(d_out, torch.ones_like(d_out)))


def run_trajectory(spec, t, dtype):
    """The seed's training iteration, `steps` times (FIXTURES.md, kind `trajectory`)."""
    gen, disc = build_model(spec, "generator"), build_model(spec, "discriminator")
    load_state(gen, t, lambda name: "init." + name, dtype)
    load_state(disc, t, lambda name: "init." + name, dtype)
    gen.train()
    disc.train()
    opt_g = make_optimizer(spec["optimizer"], gen.parameters())
    opt_d = make_optimizer(spec["optimizer"], disc.parameters())
    d_loss, g_loss = adversarial_losses(spec)
    out = {}
    for step in range(spec["steps"]):
        real = t[f"step{step}.real"].to(dtype)
        labels = t[f"step{step}.labels"].to(dtype)
        fake = gen(t[f"step{step}.noise"].to(dtype), labels)  # one G forward per step, reused by both phases

        # D phase: two separate forward calls (each updates D's running statistics), one backward, one step.
        opt_d.zero_grad()
        d_real = disc(real, labels)
        d_fake = disc(fake.detach(), labels)
        loss_d = d_loss(d_real, d_fake)
        loss_d.backward()
        opt_d.step()

        # G phase: the updated D (a third training-mode forward) judges the same fake batch, target 1.
        opt_g.zero_grad()
        d_out = disc(fake, labels)
        loss_g = g_loss(d_out)
        loss_g.backward()
        opt_g.step()

        prefix = f"expected.step{step}."
        out[prefix + "loss_d"] = loss_d.detach().reshape(1)
        out[prefix + "loss_g"] = loss_g.detach().reshape(1)
        out[prefix + "d_real"] = d_real.detach().mean().reshape(1)
        out[prefix + "d_fake"] = d_fake.detach().mean().reshape(1)
    for module, opt in ((gen, opt_g), (disc, opt_d)):
        out.update({"expected.final." + k: v for k, v in named_state(module)})
        # What the optimizer did, in a form no rounding-level disagreement hides (FIXTURES.md, kind trajectory):
        # each parameter's change over the steps, and Adam's moments at the end.
        for k, p in module.named_parameters():
            out[CHANGE_PREFIX + k] = p.detach() - t["init." + k].to(dtype)
            for moment in ("exp_avg", "exp_avg_sq"):
                out[f"{OPTIMIZER_STATE_PREFIX}{moment}.{k}"] = opt.state[p][moment]
    return out


CHANGE_PREFIX = "expected.change."
OPTIMIZER_STATE_PREFIX = "expected.optimizer."


# DiffAugment (Zhao et al. 2020), its three policies written after the paper's reference implementation, with the
# random draws replaced by given per-sample parameters (TensorOps.augmentColor/Translation/Cutout).

def augment_color(x, brightness, saturation, contrast):
    """x + b, then (x - channel mean) * s + that mean, then (x - sample mean) * k + that mean; means not detached."""
    def per_sample(v):
        return v.to(x.dtype).view(-1, 1, 1, 1)
    x = x + per_sample(brightness)
    pixel_mean = x.mean(dim=1, keepdim=True)
    x = (x - pixel_mean) * per_sample(saturation) + pixel_mean
    sample_mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - sample_mean) * per_sample(contrast) + sample_mean


def augment_translation(x, rows, cols):
    """The reference's gather: the image padded by one zero pixel, read at (i + rows + 1, j + cols + 1) clamped to the
    padded image, so everything from outside the image reads a zero of the padding."""
    n, _, h, w = x.shape
    batch, i, j = torch.meshgrid(torch.arange(n), torch.arange(h), torch.arange(w), indexing="ij")
    src_i = torch.clamp(i + rows.long().view(n, 1, 1) + 1, 0, h + 1)
    src_j = torch.clamp(j + cols.long().view(n, 1, 1) + 1, 0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1])
    return padded.permute(0, 2, 3, 1)[batch, src_i, src_j].permute(0, 3, 1, 2)


def augment_cutout(x, top, left, height, width):
    """The reference's mask: a height x width block of indices around the centre offset (top + height // 2), clamped
    into the image, zeroed in a mask of ones that multiplies every channel."""
    n, _, h, w = x.shape
    centre_i = (top.long() + height // 2).view(n, 1, 1)
    centre_j = (left.long() + width // 2).view(n, 1, 1)
    batch, i, j = torch.meshgrid(torch.arange(n), torch.arange(height), torch.arange(width), indexing="ij")
    rows = torch.clamp(i + centre_i - height // 2, 0, h - 1)
    cols = torch.clamp(j + centre_j - width // 2, 0, w - 1)
    mask = torch.ones(n, h, w, dtype=x.dtype)
    mask[batch, rows, cols] = 0
    return x * mask.unsqueeze(1)


def check_augment_twins():
    """The reference-style gather and mask above against the policies' plain definitions, element by element."""
    x = torch.randn(3, 2, 7, 9, generator=torch.Generator().manual_seed(5))
    rows, cols = torch.tensor([-3, 0, 7]), torch.tensor([2, -9, 1])
    top, left = torch.tensor([-2, 3, 5]), torch.tensor([4, -4, 7])
    shifted, cut = augment_translation(x, rows, cols), augment_cutout(x, top, left, 4, 5)
    for n in range(3):
        for i in range(7):
            for j in range(9):
                si, sj = i + int(rows[n]), j + int(cols[n])
                want = x[n, :, si, sj] if 0 <= si < 7 and 0 <= sj < 9 else torch.zeros(2)
                assert torch.equal(shifted[n, :, i, j], want), (n, i, j)
                inside = top[n] <= i < top[n] + 4 and left[n] <= j < left[n] + 5
                assert torch.equal(cut[n, :, i, j], torch.zeros(2) if inside else x[n, :, i, j]), (n, i, j)


def run_augment(spec, t, dtype):
    x = t["input"].to(dtype).requires_grad_(True)
    policy = spec["policy"]
    if policy == "color":
        y = augment_color(x, t["augment.brightness"], t["augment.saturation"], t["augment.contrast"])
    elif policy == "translation":
        y = augment_translation(x, t["augment.rows"], t["augment.cols"])
    else:
        y = augment_cutout(x, t["augment.top"], t["augment.left"], spec["height"], spec["width"])
    y.backward(t["grad_output"].to(dtype))
    return {"expected.output": y, "expected.grad.input": x.grad}


RUNNERS = {"layer": run_layer, "loss": run_loss, "optimizer": run_optimizer, "model": run_model,
           "trajectory": run_trajectory, "tensorop": run_tensorop, "augment": run_augment}


def run_case(kind, spec, inputs, dtype):
    """Expected tensors (name -> float64 numpy array) of a case, computed from its float32 inputs in `dtype`."""
    inputs = {k: torch.tensor(v) for k, v in inputs.items()}  # a copy: file buffers are read-only
    out = RUNNERS[kind](spec, inputs, dtype)
    if kind == "trajectory":
        # A trajectory also records real PyTorch's own float32 run of the same steps (whatever `dtype` asks for: it is
        # part of the fixture), so that a backend can be compared with what a PyTorch user would see, not only with
        # the float64 ideal that no float32 implementation reaches after two Adam steps.
        float32 = RUNNERS[kind](spec, inputs, torch.float32)
        out.update({FLOAT32_PREFIX + k[len("expected."):]: v for k, v in float32.items()
                    if k.startswith("expected.step")})
    return {k: v.detach().to(torch.float64).numpy().copy() for k, v in out.items()}


FLOAT32_PREFIX = "expected.pytorch_float32."


# ----------------------------------------------------------------------------------------------------------------
# Tolerance policies: expected name and float64 value -> (rtol, atol)
# ----------------------------------------------------------------------------------------------------------------
# A backend computes in float32 (unit roundoff 6e-8). The figures below are what float32 PyTorch actually reaches
# on these cases (the self-check prints them; see the README) with a margin of 5-100x, so a correct float32
# implementation passes while a wrong convention (padding, layout, BatchNorm variance, a gradient at 0, an
# optimiser detail) fails by orders of magnitude.

def amax(value):
    return float(np.max(np.abs(value))) if value.size else 0.0


def nice(x):
    """A tolerance rounded to 2 significant digits, so the metadata stays readable."""
    return float(f"{x:.2g}")


def ops_tolerance(name, value):
    # Single ops sum at most a few hundred products; float32 reaches ~1e-6 relative to the largest magnitude.
    return 1e-4, nice(1e-5 * max(1.0, amax(value)))


def loss_tolerance(name, value):
    # Loss gradients span 1e-14 (saturated logits) to 6e10 (probability 0 with target 1: the 1e-12 epsilon), so a
    # scale-relative atol would swallow the ordinary entries; rtol carries the check, atol only absorbs underflow.
    return 1e-4, 1e-7


def optimizer_tolerance(name, value):
    # One Adam step moves a parameter by ~lr = 2e-4, so rtol 1e-4 on parameters of magnitude 1 would hide half an
    # update. float32 rounds each step's p - update to half an ulp (6e-8 relative), 11 steps at most ~7e-7, hence
    # rtol 1e-5. The moment estimates span many decades (g^2 of tiny gradients): atol relative to the largest.
    if name == "expected.param":
        return 1e-5, 1e-7
    return 1e-5, nice(1e-6 * amax(value))


def model_tolerance(name, value):
    # Whole networks: float32 accumulates thousands of products per output and BatchNorm's backward subtracts
    # nearly equal means, so near-zero gradient entries carry an error proportional to the tensor's largest entry.
    # float32 PyTorch: at most 2.6e-6 of it on these batch-2 cases, 3.4e-5 on the batch-4 trajectory's first step
    # (a ReLU gate switching at rounding level); atol = 1e-4 * max|tensor| for gradients. Outputs and running
    # statistics are forward-only and more accurate (float32: 8e-7 of the largest entry).
    if name.startswith("expected.grad."):
        return 1e-4, nice(1e-4 * amax(value))
    return 1e-4, nice(1e-5 * max(1.0, amax(value)))


def trajectory_tolerance(name, value, adam, steps):
    # Step 0's losses depend on the initial weights and one Adam step of D: as accurate as the model cases (float32
    # PyTorch: 8e-7 relative).
    #
    # Later steps cannot be reproduced to that level by any float32 implementation: the training map is
    # discontinuous at float32 resolution. (1) Adam's early updates are ~lr * sign(g), so an entry whose gradient is
    # within rounding of 0 moves by +lr in one implementation and by -lr in another; (2) a ReLU/LeakyReLU gate whose
    # input is within rounding of 0 switches and changes a whole gradient path. Both cascade. Measured on this case
    # (relative differences to the float64 reference; in brackets the same for float64 PyTorch itself after 1e-7
    # relative perturbations of the inputs, and for float32 on other seeds while choosing the tolerances):
    #   step 1 losses    float32 1.8e-4  [2.3e-4, 9e-4]      -> rtol 1e-2
    #   step 2 losses    float32 1.6e-3  [2.1e-3, 3.9e-3]    -> rtol 2e-2
    #   running stats    float32 4.9e-3 of the tensor's max  [4.3e-3, 2e-3]  -> rtol 2e-2, atol 2e-2 * max
    # Mistakes in the loop land far outside (measured with float32): D gradients not zeroed 0.5-0.8 from step 1,
    # learning rate 10% off 0.08 already in step 0's loss_g, D in eval mode for the G phase 0.9, real and fake in one
    # D batch 0.7, two G forwards per step (recomputing the fake batch) 0.76 in the running stats; G gradients not
    # zeroed only 2.4e-2 at step 2, just caught.
    #
    # Final weights, entry by entry, are bounded only by the sign-flip argument: two correct implementations may
    # move an entry in opposite directions at every step, so they may differ by twice the largest total movement
    # Adam allows (adam_movement_bound: 3.19 lr for 3 steps, atol 1.3e-3). float32 PyTorch reaches 3.8e-4 here
    # (8e-4 on other seeds), and 45% of the entries differ by more than 1e-5, so an atol of 1e-5 would reject every
    # correct backend. At 1.3e-3 the weights are a coarse check (a wrong update scale, e.g. Adam without bias
    # correction, moves 15.8 lr per step); the losses and the running statistics carry the fine one.
    #
    # Two float32 implementations of the same steps can agree more closely than either agrees with float64, so the
    # figures of steps 0 and 1 are held to 1e-3 of PyTorch's own float32 run (what a PyTorch user sees), and to 1e-3
    # (steps 0 and 1) and 5e-3 (step 2) of float64, where float32 PyTorch is 1.8e-4 and 1.6e-3 away on this case.
    # Step 2 is held to PyTorch's float32 run as to float64, 5e-3: at step 2 the bracket above (float64 itself moves
    # 2.1e-3 to 3.9e-3 under 1e-7 perturbations) is wider than 1e-3, and measured on an H200 the jcuda engine, whose
    # every layer case passes within 1.3% of its tolerance, lands 3.8e-3 from PyTorch's float32 step-2 loss_g with
    # its cuBLAS input gradient and 1.8e-3 with the same kernels but other (timed) cuDNN algorithms: rounding
    # order, not a mistake. The mistakes listed above stay outside (the smallest, 2.4e-2, is 5 times the tolerance).
    if name.startswith(FLOAT32_PREFIX):
        step = int(name[len(FLOAT32_PREFIX) + len("step"):].split(".")[0])
        return (5e-3, 1e-6) if step >= 2 else (1e-3, 1e-6)
    if name.startswith("expected.step"):
        step = int(name[len("expected.step"):].split(".")[0])
        return {0: (1e-4, 1e-6), 1: (1e-3, 1e-6)}.get(step, (5e-3, 1e-6))
    if "running_" in name:
        return 2e-2, nice(2e-2 * amax(value))
    return 1e-4, nice(2 * adam_movement_bound(adam, steps))


# What the optimizer did, compared tensor by tensor as a whole: ||actual - expected|| / ||expected|| (FIXTURES.md,
# norm_tolerances). Entry by entry, a correct float32 run may move a weight the other way (see trajectory_tolerance),
# but such entries are few, so the error of the whole change stays small: float32 PyTorch reaches 0.09 on the change
# of a weight (generator.0.weight), 0.16 on exp_avg, 0.11 on exp_avg_sq. Optimizer faults land far outside: measured
# on this case, the worst tensor of a run with half the learning rate is 0.73 off in its change, a run that skips one
# of the three steps 0.41 to 1.1, a run with beta2 0.99 instead of 0.999 (which no loss reveals within 2e-3) 9.0 off
# in exp_avg_sq.
TRAJECTORY_NORM_TOLERANCES = {CHANGE_PREFIX: 0.2, OPTIMIZER_STATE_PREFIX + "exp_avg.": 0.4,
                              OPTIMIZER_STATE_PREFIX + "exp_avg_sq.": 0.3}


def adam_movement_bound(adam, steps):
    """The most `steps` Adam updates can move one entry, whatever the gradients (eps neglected).

    Step t moves lr * |m_hat| / sqrt(v_hat) with m_hat = sum_i w_i g_i and v_hat = sum_i u_i g_i^2 (the bias-corrected
    exponential weights); by Cauchy-Schwarz the ratio is at most sqrt(sum_i w_i^2 / u_i).
    """
    b1, b2, total = adam["beta1"], adam["beta2"], 0.0
    for t in range(1, steps + 1):
        w = [(1 - b1) * b1 ** (t - i) / (1 - b1 ** t) for i in range(1, t + 1)]
        u = [(1 - b2) * b2 ** (t - i) / (1 - b2 ** t) for i in range(1, t + 1)]
        total += math.sqrt(sum(wi * wi / ui for wi, ui in zip(w, u)))
    return adam["lr"] * total


# ----------------------------------------------------------------------------------------------------------------
# Building and writing a case
# ----------------------------------------------------------------------------------------------------------------

def sample_indices(case_name, tensor_name, size):
    """2048 sorted distinct flat indices, from a generator seeded by the names (deterministic, spread evenly)."""
    rng = np.random.RandomState(zlib.crc32(f"{case_name}/{tensor_name}".encode()))
    return np.sort(rng.choice(size, SAMPLE_SIZE, replace=False)).astype(np.int32)


class Case:
    """One fixture: metadata, float32 inputs (stored or generated), and a tolerance policy for the expectations."""

    def __init__(self, name, kind, description, spec, policy, norm_tolerances=None):
        self.name, self.kind, self.description, self.spec, self.policy = name, kind, description, spec, policy
        self.norm_tolerances = norm_tolerances or {}  # name prefix -> tolerance on the relative norm error
        self.inputs = {}      # name -> float32 numpy array (stored, plus generated ones for computing)
        self.generated = {}   # name -> SplitMix64 description
        self.rng = torch.Generator().manual_seed(zlib.crc32(name.encode()))

    # -- inputs ----------------------------------------------------------------------------------------------
    def put(self, name, value):
        self.inputs[name] = torch.as_tensor(value, dtype=torch.float32).numpy().copy()
        return torch.from_numpy(self.inputs[name])

    def randn(self, name, *shape, scale=1.0, shift=0.0):
        return self.put(name, torch.randn(*shape, generator=self.rng) * scale + shift)

    def uniform(self, name, *shape, low=-1.0, high=1.0):
        return self.put(name, torch.rand(*shape, generator=self.rng) * (high - low) + low)

    def one_hot(self, name, classes, num_classes):
        return self.put(name, F.one_hot(torch.tensor(classes), num_classes).float())

    def generate(self, name, shape, seed, offset, scale):
        desc = {"shape": list(shape), "seed": seed, "offset": offset, "scale": scale}
        self.generated[name] = desc
        self.inputs[name] = generated_tensor(desc).numpy()

    # -- output ----------------------------------------------------------------------------------------------
    def write(self, directory):
        expected = run_case(self.kind, self.spec, self.inputs, torch.float64)
        tensors = {k: v for k, v in self.inputs.items() if k not in self.generated}
        tolerances = {}
        for name, value in expected.items():
            value32 = value.astype(np.float32)
            if value32.size > SAMPLE_THRESHOLD:
                idx = sample_indices(self.name, name, value32.size)
                tensors[name + "@idx"] = idx
                tensors[name + "@val"] = value32.reshape(-1)[idx]
            else:
                tensors[name] = value32
            if not any(name.startswith(p) for p in self.norm_tolerances):
                tolerances[name] = self.policy(name, value)
        # The most common pair (on a tie, the first tensor's) is the case default; the others go into the prefix
        # map under their full names.
        pairs = list(tolerances.values())
        rtol, atol = max(pairs, key=pairs.count)
        metadata = {
            "kind": self.kind,
            "description": self.description,
            "rtol": repr(rtol),
            "atol": repr(atol),
            "spec": json.dumps(self.spec, sort_keys=True),
        }
        overrides = {k: list(v) for k, v in sorted(tolerances.items()) if v != (rtol, atol)}
        # A full name can be the prefix of another ("expected.state.exp_avg" of "...exp_avg_sq"): such a tensor
        # gets its own entry even when it has the default tolerance.
        overrides.update({k: list(v) for k, v in tolerances.items() if any(k.startswith(p) for p in overrides)})
        if overrides:
            metadata["tolerances"] = json.dumps(overrides, sort_keys=True)
        if self.norm_tolerances:
            metadata["norm_tolerances"] = json.dumps(self.norm_tolerances, sort_keys=True)
        # Full names are used as prefixes: make sure none of them also catches another tensor.
        assert all(tolerance_for(k, metadata) == v for k, v in tolerances.items()), self.name
        if self.generated:
            metadata["generated"] = json.dumps(self.generated, sort_keys=True)
        write_safetensors(os.path.join(directory, self.name + ".safetensors"), tensors, metadata)


# ----------------------------------------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------------------------------------

def layer_case(name, description, layer, input_shape, training=True, input_fn=None):
    """A single layer; parameters and buffers are small random tensors, stored."""
    case = Case(name, "layer", description, {"layer": layer, "training": training}, ops_tolerance)
    module = build_layer(layer)
    for pname, p in module.named_parameters():
        if layer["type"] in ("BatchNorm2d", "ConditionalBatchNorm2d"):  # gamma near 1, beta near 0, as trained
            case.randn("param." + pname, *p.shape, scale=0.2, shift=1.0 if pname == "weight" else 0.0)
        else:
            case.randn("param." + pname, *p.shape, scale=0.2)
    if layer["type"] in ("BatchNorm2d", "ConditionalBatchNorm2d"):  # running statistics away from 0/1: visible
        case.randn("buffer.running_mean", layer["features"], scale=0.5)
        case.uniform("buffer.running_var", layer["features"], low=0.5, high=2.0)
    if layer["type"] == "SpectralNorm":  # u and v as PyTorch starts them: normalised N(0, 1) draws
        for bname, b in module.named_buffers():
            case.put("buffer." + bname, F.normalize(torch.randn(*b.shape, generator=case.rng), dim=0, eps=1e-12))
    x = input_fn(case) if input_fn else case.randn("input", *input_shape)
    labels = (case.one_hot("labels", torch.randint(0, layer["classes"], (x.shape[0],), generator=case.rng).tolist(),
                           layer["classes"]),) if layer["type"] == "ConditionalBatchNorm2d" else ()
    with torch.no_grad():
        out_shape = module.train(training)(x, *labels).shape
    case.randn("grad_output", *out_shape)
    return case


def conv(kind, cin, cout, k, s, p, bias=False):
    return {"type": kind, "in": cin, "out": cout, "kernel": k, "stride": s, "padding": p, "bias": bias}


def with_exact_zeros(case, shape, extremes=()):
    """A normal input with a few entries exactly 0 (the gradient convention at 0 is what is checked) and,
    optionally, some large-magnitude entries (saturation)."""
    x = torch.randn(*shape, generator=case.rng)
    flat = x.view(-1)
    flat[torch.arange(0, flat.numel(), 11)] = 0.0
    for i, v in enumerate(extremes):
        flat[5 + 11 * i] = v
    return case.put("input", x)


def layer_cases():
    conv2d, convt = "Conv2d", "ConvTranspose2d"
    extremes = (30.0, -30.0, 100.0, -100.0, 8.0, -8.0)
    return [
        layer_case("conv2d_k4s2p1_even", "Conv2d k4 s2 p1 halves an even 8x8 input (the discriminator's block).",
                   conv(conv2d, 3, 4, 4, 2, 1), (2, 3, 8, 8)),
        layer_case("conv2d_k4s2p1_odd", "Conv2d k4 s2 p1 on an odd 9x9 input: the last row and column are only "
                   "partly covered (output 4x4).", conv(conv2d, 3, 4, 4, 2, 1), (2, 3, 9, 9)),
        layer_case("conv2d_k4s1p0_4to1", "Conv2d k4 s1 p0 maps 4x4 to 1x1 (the discriminator's last conv).",
                   conv(conv2d, 6, 1, 4, 1, 0), (2, 6, 4, 4)),
        layer_case("conv2d_k3s1p1", "Conv2d k3 s1 p1 keeps the 6x6 size.", conv(conv2d, 4, 5, 3, 1, 1),
                   (2, 4, 6, 6)),
        layer_case("conv2d_k4s2p1_bias", "Conv2d k4 s2 p1 with a bias, odd channel counts 5 -> 3.",
                   conv(conv2d, 5, 3, 4, 2, 1, bias=True), (2, 5, 8, 8)),
        layer_case("convt_k4s2p1_4to8", "ConvTranspose2d k4 s2 p1 doubles 4x4 to 8x8 (weight [in,out,kh,kw]).",
                   conv(convt, 4, 6, 4, 2, 1), (2, 4, 4, 4)),
        layer_case("convt_k4s2p1_8to16", "ConvTranspose2d k4 s2 p1 doubles 8x8 to 16x16.",
                   conv(convt, 6, 4, 4, 2, 1), (2, 6, 8, 8)),
        layer_case("convt_k4s1p0_1to4", "ConvTranspose2d k4 s1 p0 maps 1x1 to 4x4 (the generator's first block).",
                   conv(convt, 7, 8, 4, 1, 0), (2, 7, 1, 1)),
        layer_case("convt_k3s1p1", "ConvTranspose2d k3 s1 p1 keeps the 6x6 size.", conv(convt, 4, 4, 3, 1, 1),
                   (2, 4, 6, 6)),
        layer_case("convt_k4s2p1_3to5", "ConvTranspose2d k4 s2 p1 with odd channel counts 3 -> 5.",
                   conv(convt, 3, 5, 4, 2, 1), (2, 3, 4, 4)),
        layer_case("convt_k4s2p1_5to3_bias", "ConvTranspose2d k4 s2 p1 with a bias, 5 -> 3 channels, odd 5x5 "
                   "input to 10x10.", conv(convt, 5, 3, 4, 2, 1, bias=True), (2, 5, 5, 5)),
        layer_case("batchnorm2d_train", "BatchNorm2d in training mode: batch statistics (biased variance) "
                   "normalise, running statistics move by momentum 0.1 towards the mean and the unbiased variance.",
                   {"type": "BatchNorm2d", "features": 3, "momentum": BN_MOMENTUM, "eps": BN_EPS},
                   None, input_fn=lambda c: c.randn("input", 4, 3, 5, 5, scale=2.0, shift=0.5)),
        layer_case("batchnorm2d_eval", "BatchNorm2d in eval mode normalises with the running statistics and "
                   "leaves them unchanged.",
                   {"type": "BatchNorm2d", "features": 3, "momentum": BN_MOMENTUM, "eps": BN_EPS},
                   None, training=False, input_fn=lambda c: c.randn("input", 4, 3, 5, 5, scale=2.0, shift=0.5)),
        layer_case("linear_bias", "Linear with a bias, weight [out,in].",
                   {"type": "Linear", "in": 7, "out": 5, "bias": True}, (4, 7)),
        layer_case("relu", "ReLU; its gradient at an input of exactly 0 is 0.", {"type": "ReLU"}, None,
                   input_fn=lambda c: with_exact_zeros(c, (2, 3, 4, 5))),
        layer_case("leaky_relu", "LeakyReLU(0.2); its gradient at an input of exactly 0 is the slope 0.2.",
                   {"type": "LeakyReLU", "slope": 0.2}, None,
                   input_fn=lambda c: with_exact_zeros(c, (2, 3, 4, 5))),
        layer_case("tanh", "Tanh, with inputs of exactly 0 and saturated inputs up to |x| = 100.", {"type": "Tanh"},
                   None, input_fn=lambda c: with_exact_zeros(c, (2, 3, 4, 5), extremes)),
        layer_case("sigmoid", "Sigmoid, with inputs of exactly 0 and saturated inputs up to |x| = 100.",
                   {"type": "Sigmoid"}, None, input_fn=lambda c: with_exact_zeros(c, (2, 3, 4, 5), extremes)),
    ]


def loss_cases():
    bce = Case("bce_mean", "loss", "Binary cross-entropy (mean) including probabilities exactly 0 and 1 with both "
               "targets: log is clamped at -100, the gradient divides by max(p(1-p), 1e-12).",
               {"loss": "bce"}, loss_tolerance)
    # (probability, target) pairs: the four exact corners, near-corners, soft targets, then ordinary values.
    corners = [(0.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (1e-7, 1.0), (1e-7, 0.0),
               (1.0 - 2.0 ** -24, 1.0), (1.0 - 2.0 ** -24, 0.0), (0.3, 0.9), (0.8, 0.1)]
    p = torch.rand(16, generator=bce.rng) * 0.98 + 0.01
    t = (torch.rand(16, generator=bce.rng) < 0.5).float()
    for i, (pi, ti) in enumerate(corners):
        p[i], t[i] = pi, ti
    bce.put("input", p.view(16, 1))
    bce.put("target", t.view(16, 1))

    logits = Case("bce_with_logits_mean", "loss", "Binary cross-entropy on logits (mean), with large |logits| "
                  "(30, 100) on both sides of both targets, computed without overflow.",
                  {"loss": "bce_with_logits"}, loss_tolerance)
    x = torch.randn(16, generator=logits.rng) * 3.0
    t = (torch.rand(16, generator=logits.rng) < 0.5).float()
    for i, (xi, ti) in enumerate([(30.0, 1.0), (30.0, 0.0), (-30.0, 1.0), (-30.0, 0.0), (100.0, 1.0),
                                  (100.0, 0.0), (-100.0, 1.0), (-100.0, 0.0), (0.0, 1.0), (0.0, 0.0)]):
        x[i], t[i] = xi, ti
    logits.put("input", x.view(16, 1))
    logits.put("target", t.view(16, 1))
    return [bce, logits]


def optimizer_case(name, description, optimizer, steps):
    case = Case(name, "optimizer", description, {"optimizer": optimizer, "steps": steps}, optimizer_tolerance)
    # Parameters the size of DCGAN weights, plus a row near 1 (like BatchNorm gammas).
    param = torch.rand(6, 5, generator=case.rng) * 0.1 - 0.05
    param[0] += 1.0
    case.put("param", param)
    for k in range(steps):
        g = torch.randn(6, 5, generator=case.rng) * 0.1
        g[1, :] = 0.0                          # entries that never get a gradient: state stays 0, no update
        g[2, k % 5] = 0.0                      # entries whose gradient is 0 on some steps only
        g[3, 0], g[3, 1] = 1e-8, -3e-9         # gradients near eps: Adam's eps placement decides the update
        case.put(f"grad.{k}", g)
    return case


def optimizer_cases():
    return [
        optimizer_case("adam_1step", "Adam (lr 2e-4, betas 0.5/0.999, eps 1e-8) after one step, with zero and "
                       "near-eps gradients.", ADAM, 1),
        optimizer_case("adam_11steps", "Adam (lr 2e-4, betas 0.5/0.999, eps 1e-8) after 11 steps: bias "
                       "correction and moment decay, with zero and near-eps gradients.", ADAM, 11),
        optimizer_case("sgd_momentum_3steps", "SGD (lr 0.01) with momentum 0.9 after 3 steps: the buffer starts "
                       "as the first gradient.", {"type": "sgd", "lr": 0.01, "momentum": 0.9}, 3),
    ]


def generate_state(case, module, fixture_name, first_seed):
    """DCGAN-like weights from SplitMix64 (consecutive seeds, one per tensor); running statistics 0 and 1, stored.

    Uniform in [-0.04, 0.04] has standard deviation 0.023, close to DCGAN's N(0, 0.02); gammas 1 +- 0.04.
    """
    seed = first_seed
    conditional = {n for n, m in module.named_modules() if isinstance(m, models.ConditionalBatchNorm2d)}
    for name, value in named_state(module):
        if name.endswith(("weight_u", "weight_v")):
            # Spectral norm's power-iteration vectors: unit vectors, as PyTorch starts them.
            u = generated_tensor({"shape": list(value.shape), "seed": seed, "offset": 0.0, "scale": 1.0})
            case.put(fixture_name(name), u / u.norm())
            seed += 1
        elif name.endswith("running_mean"):
            case.put(fixture_name(name), torch.zeros(value.shape))
        elif name.endswith("running_var"):
            case.put(fixture_name(name), torch.ones(value.shape))
        else:
            is_gamma = name.endswith("weight") and (value.dim() == 1 or name.rsplit(".", 1)[0] in conditional)
            case.generate(fixture_name(name), value.shape, seed, 1.0 if is_gamma else 0.0, 0.04)
            seed += 1


def model_case(name, variant, part, num_classes, channels, first_seed):
    spec = {"model": variant, "part": part, "num_classes": num_classes, "z_dim": 100, "channels": channels,
            "batch": 2, "training": True}
    size = models.VARIANTS[variant]["image_size"]
    what = "generator" if part == "generator" else "discriminator"
    description = (f"The seed's {variant} conditional {what} ({num_classes} classes, {channels} channel(s), "
                   f"{size}x{size}) at batch 2 in training mode: output, every gradient, running statistics.")
    case = Case(name, "model", description, spec, model_tolerance)
    module = build_model(spec, part)
    generate_state(case, module, stored_name, first_seed)
    classes = torch.randint(0, num_classes, (2,), generator=case.rng).tolist()
    case.one_hot("input.labels", classes, num_classes)
    if part == "generator":
        case.randn("input.z", 2, 100)
        case.randn("grad_output", 2, channels, size, size)
    else:
        case.uniform("input.image", 2, channels, size, size)
        case.randn("grad_output", 2, 1)
    return case


def model_cases():
    return [
        model_case("dcgan64_generator", "dcgan64", "generator", 3, 3, 1000),
        model_case("dcgan64_discriminator", "dcgan64", "discriminator", 3, 3, 2000),
        model_case("dcgan32_generator", "dcgan32", "generator", 10, 1, 3000),
        model_case("dcgan32_discriminator", "dcgan32", "discriminator", 10, 1, 4000),
    ]


def trajectory_case():
    steps, batch, num_classes, z_dim = 3, 4, 3, 100
    spec = {"model": "dcgan64", "num_classes": num_classes, "z_dim": z_dim, "channels": 3, "batch": batch,
            "steps": steps, "optimizer": ADAM}
    description = ("Three training iterations of the seed's dcgan64 CGAN (batch 4, Adam 2e-4/0.5/0.999): per-step "
                   "losses and mean D outputs (within 1e-3 of PyTorch's float32 run), then every weight and running "
                   "statistic; tolerances widen after step 0 because sign-like Adam updates and ReLU gates amplify "
                   "rounding (float32 PyTorch: 2e-3 on step-2 losses, 4e-4 on single final weights, on which correct "
                   "implementations may differ by up to twice Adam's largest 3-step movement, 1.3e-3). What the "
                   "optimizer did is checked tensor by tensor as a whole: each parameter's change and Adam's final "
                   "moments within 0.2-0.4 relative norm error (float32 PyTorch: 0.09-0.16; half the learning rate, "
                   "a skipped step or beta2 0.99 land at 0.4 to 9).")
    case = Case("trajectory_dcgan64", "trajectory", description, spec,
                lambda name, value: trajectory_tolerance(name, value, ADAM, steps), TRAJECTORY_NORM_TOLERANCES)
    generate_state(case, build_model(spec, "generator"), lambda name: "init." + name, 5000)
    generate_state(case, build_model(spec, "discriminator"), lambda name: "init." + name, 6000)
    for step in range(steps):
        case.uniform(f"step{step}.real", batch, 3, 64, 64)
        classes = torch.randint(0, num_classes, (batch,), generator=case.rng).tolist()
        case.one_hot(f"step{step}.labels", classes, num_classes)
        case.randn(f"step{step}.noise", batch, z_dim)
    return case


def mlp_layer_cases():
    """The layers the paper's MLP adds: Dropout (with cgan's reproducible mask) and Maxout."""
    return [
        layer_case("dropout_train", "Dropout(0.5) in training mode: elements whose mask-stream draw (SplitMix64 "
                   "seeded 12345, row-major) is below p become 0, the others are scaled by 1/(1-p) = 2; the "
                   "gradient likewise.", {"type": "Dropout", "p": 0.5, "seed": 12345}, (3, 4, 10)),
        layer_case("dropout_eval", "Dropout(0.5) in eval mode is the identity, and so is its gradient.",
                   {"type": "Dropout", "p": 0.5, "seed": 12345}, (3, 40), training=False),
        layer_case("dropout_p03_train", "Dropout(0.3) in training mode: keep iff u >= 0.3, scale 1/0.7.",
                   {"type": "Dropout", "p": 0.3, "seed": 7}, (5, 24)),
        layer_case("maxout", "Maxout(in 7, 4 units x 3 pieces): linear to 12 features grouped unit-major "
                   "(unit u owns weight rows 3u..3u+2), max over each unit's pieces; the gradient reaches the "
                   "maximal piece's weight row and bias only.", {"type": "Maxout", "in": 7, "units": 4, "pieces": 3},
                   (5, 7)),
    ]


def cross_entropy_case():
    case = Case("cross_entropy_mean", "loss", "Softmax cross-entropy (mean over the batch) on logits [8, 5] "
                "against one-hot targets (PyTorch's class-index form) and one row of soft targets, with logits "
                "of +-100 that overflow a naive softmax.", {"loss": "cross_entropy"}, loss_tolerance)
    x = torch.randn(8, 5, generator=case.rng) * 2.0
    x[0] = torch.tensor([100.0, -100.0, 0.0, 3.0, -3.0])
    x[1] = torch.tensor([-100.0, -100.0, 100.0, 99.0, 0.0])
    classes = torch.randint(0, 5, (8,), generator=case.rng)
    classes[0], classes[1] = 1, 3  # the target far below the maximum: a loss of about 200 and 1
    t = F.one_hot(classes, 5).float()
    t[7] = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.0])
    case.put("input", x)
    case.put("target", t)
    return case


def mlp_model_case(name, part, first_seed):
    spec = {"model": "mlp", "part": part, "num_classes": 10, "z_dim": 100, "channels": 1, "batch": 2,
            "training": True}
    description = (f"The paper's MLP {part} (Mirza & Osindero 2014; 10 classes, 28x28x1 flattened) at batch 2 in "
                   "training mode, dropout masks from the layers' fixed seeds: output and every gradient.")
    case = Case(name, "model", description, spec, model_tolerance)
    generate_state(case, build_model(spec, part), stored_name, first_seed)
    classes = torch.randint(0, 10, (2,), generator=case.rng).tolist()
    case.one_hot("input.labels", classes, 10)
    if part == "generator":
        case.uniform("input.z", 2, 100, low=0.0, high=1.0)
        case.randn("grad_output", 2, 1, 28, 28)
    else:
        case.uniform("input.image", 2, 1, 28, 28, low=0.0, high=1.0)
        case.randn("grad_output", 2, 1)
    return case


def resampling_cases():
    """The parameter-free resampling layers of the ResNet GANs (SNGAN): nearest upsampling and average pooling."""
    return [
        layer_case("upsample_nearest2x", "Upsample(scale_factor=2, mode='nearest') on [2,3,4,5]: every pixel becomes "
                   "a 2x2 block of copies; its gradient is the sum of the output gradient over the block.",
                   {"type": "Upsample", "scale": 2}, (2, 3, 4, 5)),
        layer_case("upsample_nearest3x", "Upsample(scale_factor=3, mode='nearest') on [1,2,3,4]: 3x3 blocks, "
                   "out[i, j] = x[floor(i/3), floor(j/3)].", {"type": "Upsample", "scale": 3}, (1, 2, 3, 4)),
        layer_case("avgpool2d_k2_even", "AvgPool2d(2) on [2,3,6,8]: the mean of each 2x2 window (stride 2); each "
                   "window element gets a quarter of its output's gradient.", {"type": "AvgPool2d", "kernel": 2},
                   (2, 3, 6, 8)),
        layer_case("avgpool2d_k2_odd", "AvgPool2d(2) on odd [2,3,5,7] -> [2,3,2,3] (floor): the last row and column "
                   "are not read and their gradient is 0.", {"type": "AvgPool2d", "kernel": 2}, (2, 3, 5, 7)),
    ]


def embedding_cases():
    """nn.Embedding on one-hot labels: the class-conditional tables of SNGAN's projection and conditional BatchNorm."""
    classes = [2, 0, 4, 2, 1, 2]  # class 2 three times: its row's gradient is the sum of three samples'
    return [layer_case("embedding_one_hot", "Embedding(5 classes, dim 7) on one-hot labels [6,5]: the output is "
                       "nn.Embedding of the class indices (row y of weight [5,7]); the weight's gradient sums each "
                       "class's samples (class 2 three times, class 3 none: zero row); the labels' gradient is g W^T.",
                       {"type": "Embedding", "classes": 5, "dim": 7}, None,
                       input_fn=lambda c: c.one_hot("input", classes, 5))]


def conditional_batchnorm_cases():
    """Class-conditional BatchNorm (the SNGAN generator's normalisation), in training and in eval mode."""
    spec = {"type": "ConditionalBatchNorm2d", "features": 3, "classes": 4, "momentum": BN_MOMENTUM, "eps": BN_EPS}
    return [
        layer_case("cbn_train", "ConditionalBatchNorm2d(3 channels, 4 classes) in training mode on [5,3,4,4] with "
                   "one-hot labels: batch statistics normalise (no affine), then each sample's class row of weight "
                   "and bias scales and shifts; running statistics move as BatchNorm's; gradients of the input and "
                   "both class tables.", spec, None,
                   input_fn=lambda c: c.randn("input", 5, 3, 4, 4, scale=2.0, shift=0.5)),
        layer_case("cbn_eval", "ConditionalBatchNorm2d in eval mode: the running statistics normalise and stay; "
                   "per-class scale and shift as in training.", spec, None, training=False,
                   input_fn=lambda c: c.randn("input", 5, 3, 4, 4, scale=2.0, shift=0.5)),
    ]


def spectral_norm_cases():
    """torch.nn.utils.spectral_norm around the three weighted layers, in training (one power iteration that moves u
    and v) and in eval (the stored u and v, unchanged)."""
    def sn(inner):
        return {"type": "SpectralNorm", "layer": inner}
    linear = {"type": "Linear", "in": 7, "out": 5, "bias": True}
    return [
        layer_case("sn_conv2d_train", "spectral_norm(Conv2d k3 s1 p1 4->5 with bias) in training: "
                   "v = normalize(W^T u), u = normalize(W v) on W [5, 36] (dim 0), then the conv with "
                   "weight_orig / (u.Wv); weight_orig's gradient includes sigma's term; u and v come back iterated.",
                   sn(conv("Conv2d", 4, 5, 3, 1, 1, bias=True)), (2, 4, 6, 6)),
        layer_case("sn_conv2d_eval", "spectral_norm(Conv2d k4 s2 p1 3->4) in eval: no power iteration, the stored u "
                   "and v give sigma and stay.", sn(conv("Conv2d", 3, 4, 4, 2, 1)), (2, 3, 8, 8), training=False),
        layer_case("sn_convt_train", "spectral_norm(ConvTranspose2d k4 s2 p1 3->5) in training: dim 1, so the matrix "
                   "is weight [3, 5, 4, 4] permuted to [5, 3*16]; u [5], v [48] iterate.",
                   sn(conv("ConvTranspose2d", 3, 5, 4, 2, 1)), (2, 3, 4, 4)),
        layer_case("sn_convt_eval", "spectral_norm(ConvTranspose2d k4 s2 p1 4->3 with bias) in eval (dim 1, stored u "
                   "and v).", sn(conv("ConvTranspose2d", 4, 3, 4, 2, 1, bias=True)), (2, 4, 3, 3), training=False),
        layer_case("sn_linear_train", "spectral_norm(Linear 7->5 with bias) in training: W [5, 7], one power "
                   "iteration, bias gradient unscaled.", sn(linear), (4, 7)),
        layer_case("sn_linear_eval", "spectral_norm(Linear 7->5 with bias) in eval: stored u and v.", sn(linear),
                   (4, 7), training=False),
    ]


def tensorop_case(name, description, op, shape, two_inputs):
    case = Case(name, "tensorop", description, {"op": op}, ops_tolerance)
    case.randn("input", *shape)
    if two_inputs:
        case.randn("other", *shape)
    out_shape = {"add": shape, "sumSpatial": shape[:2], "rowDot": (shape[0], 1)}[op]
    case.randn("grad_output", *out_shape)
    return case


def tensorop_cases():
    """The tensor operations of the ResNet GANs: residual addition, global sum pooling, the projection's inner
    product."""
    return [
        tensorop_case("add_residual", "add (a residual connection h + shortcut) on [2,3,4,4]: both inputs receive "
                      "the output's gradient.", "add", (2, 3, 4, 4), True),
        tensorop_case("sum_spatial", "sumSpatial: torch.sum(h, dim=(2,3)) of [3,4,5,6] to [3,4]; the gradient "
                      "repeats each [n,c] over its 5x6 plane.", "sumSpatial", (3, 4, 5, 6), False),
        tensorop_case("row_dot", "rowDot: torch.sum(a*b, dim=1, keepdim=True) of [5,6] and [5,6] to [5,1]; "
                      "gradients g[n]*b[n,:] and g[n]*a[n,:].", "rowDot", (5, 6), True),
    ]


def hinge_cases():
    """The hinge losses of SNGAN on raw discriminator outputs, targets +1 (real) and -1 (fake)."""
    d = Case("hinge_discriminator_mean", "loss", "Discriminator hinge mean(relu(1 - t*x)) on [16,1] logits with "
             "targets +1 and -1: outputs exactly at the margin (t*x = 1, gradient 0 as relu'(0)), just inside and "
             "outside it, saturated (+-30), and one soft target 0.5 that pins the formula for any t.",
             {"loss": "hinge_discriminator"}, loss_tolerance)
    x = torch.randn(16, generator=d.rng) * 2.0
    t = torch.where(torch.rand(16, generator=d.rng) < 0.5, -1.0, 1.0)
    for i, (xi, ti) in enumerate([(1.0, 1.0), (-1.0, -1.0), (0.999, 1.0), (1.001, 1.0), (-0.999, -1.0),
                                  (-1.001, -1.0), (30.0, 1.0), (30.0, -1.0), (-30.0, 1.0), (-30.0, -1.0),
                                  (0.5, 0.5)]):
        x[i], t[i] = xi, ti
    d.put("input", x.view(16, 1))
    d.put("target", t.view(16, 1))

    g = Case("hinge_generator_mean", "loss", "Generator hinge -mean(t*x) on [12,1] logits with target +1 "
             "(-mean(D(G(z)))), plus targets -1 and 0.5 that pin the formula for any t.",
             {"loss": "hinge_generator"}, loss_tolerance)
    x = torch.randn(12, generator=g.rng) * 3.0
    t = torch.ones(12)
    t[10], t[11] = -1.0, 0.5
    g.put("input", x.view(12, 1))
    g.put("target", t.view(12, 1))
    return [d, g]


def diffaugment_cases():
    """DiffAugment's policies with given per-sample parameters, as the run's seeded RNG would draw them."""
    def color(name, shape, description):
        case = Case(name, "augment", description, {"policy": "color"}, ops_tolerance)
        n = shape[0]
        case.randn("input", *shape)
        draws = torch.rand(3, n, generator=case.rng)
        draws[1, 0] = 0.0  # saturation 0: every channel becomes the pixel's channel mean
        case.put("augment.brightness", draws[0] - 0.5)
        case.put("augment.saturation", draws[1] * 2)
        case.put("augment.contrast", draws[2] + 0.5)
        case.randn("grad_output", *shape)
        return case

    translation = Case("augment_translation", "augment", "DiffAugment translation on [5,2,16,12] (ratio 1/8: shifts "
                       "in [-2, 2] on both axes), the extremes, 0 and mixed signs: out[i, j] = x[i + rows, j + cols], "
                       "zero where that is outside; the gradient moves back, zero where it was cut off.",
                       {"policy": "translation"}, ops_tolerance)
    translation.randn("input", 5, 2, 16, 12)
    translation.put("augment.rows", [-2, 2, 0, 1, -1])
    translation.put("augment.cols", [2, -2, 1, 0, -1])
    translation.randn("grad_output", 5, 2, 16, 12)

    # 9x12 images, ratio 1/2: a 5x6 rectangle (int(size / 2 + 0.5)) around centre offsets drawn in [0, 9) and [0, 13)
    # by the reference; the extremes 0 and 8, 12 clip it at every border.
    cutout = Case("augment_cutout", "augment", "DiffAugment cutout on [5,2,9,12]: a 5x6 zero rectangle per sample "
                  "(top = centre - 2, left = centre - 3), clipped at every border by centres 0, 8 and 12; the "
                  "gradient is masked alike.", {"policy": "cutout", "height": 5, "width": 6}, ops_tolerance)
    cutout.randn("input", 5, 2, 9, 12)
    cutout.put("augment.top", [c - 2 for c in (0, 8, 4, 2, 6)])
    cutout.put("augment.left", [c - 3 for c in (12, 0, 6, 3, 9)])
    cutout.randn("grad_output", 5, 2, 9, 12)
    return [color("augment_color_rgb", (4, 3, 5, 6), "DiffAugment color on RGB [4,3,5,6]: brightness r-0.5, "
                  "saturation 2r about each pixel's channel mean (r = 0 for sample 0), contrast r+0.5 about the "
                  "sample's mean; the gradient flows through both means."),
            color("augment_color_gray", (3, 1, 4, 4), "DiffAugment color on grayscale [3,1,4,4]: saturation is the "
                  "identity with one channel; brightness and contrast as for RGB."),
            translation, cutout]


def sngan_model_case(name, part, num_classes, channels, first_seed):
    """sngan32's generator or discriminator (block networks: residual blocks, conditional BatchNorm, spectral norm,
    the projection output), like the seed's model cases."""
    variant, z_dim = "sngan32", models.SNGAN_Z_DIM
    spec = {"model": variant, "part": part, "num_classes": num_classes, "z_dim": z_dim, "channels": channels,
            "batch": 2, "training": True}
    size = models.SNGAN_VARIANTS[variant]["image_size"]
    what = ("generator (residual up-blocks with conditional BatchNorm)" if part == "generator" else
            "discriminator (spectrally normalised residual blocks, projection output)")
    description = (f"{variant}'s conditional {what}, {num_classes} classes, {channels} channel(s), {size}x{size}, "
                   "at batch 2 in training mode: output, every gradient, running statistics and spectral norm's "
                   "power-iteration vectors after the call.")
    case = Case(name, "model", description, spec, model_tolerance)
    module = build_model(spec, part)
    generate_state(case, module, stored_name, first_seed)
    classes = torch.randint(0, num_classes, (2,), generator=case.rng).tolist()
    case.one_hot("input.labels", classes, num_classes)
    if part == "generator":
        case.randn("input.z", 2, z_dim)
        case.randn("grad_output", 2, channels, size, size)
    else:
        case.uniform("input.image", 2, channels, size, size)
        case.randn("grad_output", 2, 1)
    return case


def sngan_trajectory_case():
    steps, batch, num_classes, z_dim, channels = 3, 4, 3, models.SNGAN_Z_DIM, 1
    spec = {"model": "sngan32", "num_classes": num_classes, "z_dim": z_dim, "channels": channels, "batch": batch,
            "steps": steps, "optimizer": ADAM, "loss": "hinge"}
    description = ("Three training iterations of sngan32 with the hinge loss (batch 4, Adam 2e-4/0.5/0.999): D "
                   "mean(relu(1 - D(x))) + mean(relu(1 + D(G(z)))), G -mean(D(G(z))); per-step losses and mean D "
                   "scores, then every weight, running statistic and power-iteration vector, each parameter's "
                   "change and Adam's moments, with trajectory_dcgan64's tolerances.")
    case = Case("trajectory_sngan32", "trajectory", description, spec,
                lambda name, value: trajectory_tolerance(name, value, ADAM, steps), TRAJECTORY_NORM_TOLERANCES)
    generate_state(case, build_model(spec, "generator"), lambda name: "init." + name, 11000)
    generate_state(case, build_model(spec, "discriminator"), lambda name: "init." + name, 12000)
    for step in range(steps):
        case.uniform(f"step{step}.real", batch, channels, 32, 32)
        classes = torch.randint(0, num_classes, (batch,), generator=case.rng).tolist()
        case.one_hot(f"step{step}.labels", classes, num_classes)
        case.randn(f"step{step}.noise", batch, z_dim)
    return case


def sngan_cases():
    return [sngan_model_case("sngan32_generator", "generator", 10, 1, 9000),
            sngan_model_case("sngan32_discriminator", "discriminator", 10, 1, 10000),
            sngan_trajectory_case()]


def all_cases():
    # New cases are appended, so the earlier ones (and their files) stay as they were.
    return layer_cases() + loss_cases() + optimizer_cases() + model_cases() + [trajectory_case()] + \
        mlp_layer_cases() + [cross_entropy_case(), mlp_model_case("mlp_generator", "generator", 7000),
                             mlp_model_case("mlp_discriminator", "discriminator", 8000)] + resampling_cases() + \
        hinge_cases() + embedding_cases() + conditional_batchnorm_cases() + spectral_norm_cases() + tensorop_cases() + \
        diffaugment_cases() + sngan_cases()


# ----------------------------------------------------------------------------------------------------------------
# Self-check: structure, self-sufficiency (float64 rebuild from the file alone), float32 discrepancy
# ----------------------------------------------------------------------------------------------------------------

REQUIRED_METADATA = {"kind", "description", "rtol", "atol", "spec"}


def tolerance_for(name, metadata):
    """The (rtol, atol) a backend applies to expected tensor `name`: longest matching prefix, else the default."""
    overrides = json.loads(metadata.get("tolerances", "{}"))
    matches = [p for p in overrides if name.startswith(p)]
    if matches:
        return tuple(overrides[max(matches, key=len)])
    return float(metadata["rtol"]), float(metadata["atol"])


def norm_tolerance_for(name, metadata):
    """The bound on ||actual - expected|| / ||expected|| for a tensor compared as a whole, or None."""
    table = json.loads(metadata.get("norm_tolerances", "{}"))
    matches = [p for p in table if name.startswith(p)]
    return float(table[max(matches, key=len)]) if matches else None


def relative_norm_error(actual, expected):
    """||actual - expected|| / ||expected|| (Euclidean, over the compared elements); inf when expected is all 0."""
    scale = float(np.linalg.norm(expected))
    diff = float(np.linalg.norm(actual - expected))
    return diff / scale if scale > 0 else (0.0 if diff == 0 else math.inf)


def split_fixture(path):
    """Read one fixture and split it into (metadata, spec, inputs incl. generated, expected name -> (idx, values))."""
    tensors, metadata = read_safetensors(path)
    assert REQUIRED_METADATA <= set(metadata), f"missing metadata {REQUIRED_METADATA - set(metadata)}"
    assert metadata["kind"] in RUNNERS
    spec = json.loads(metadata["spec"])
    json.loads(metadata.get("tolerances", "{}"))
    json.loads(metadata.get("norm_tolerances", "{}"))
    inputs = {k: v for k, v in tensors.items() if not k.startswith("expected.")}
    assert all("@" not in k and v.dtype == np.float32 for k, v in inputs.items()), "inputs are whole float32"
    for name, desc in json.loads(metadata.get("generated", "{}")).items():
        assert name not in inputs
        inputs[name] = generated_tensor(desc).numpy()
    expected = {}
    for key, value in tensors.items():
        if not key.startswith("expected."):
            continue
        name, _, part = key.partition("@")
        if part == "":
            assert value.dtype == np.float32 and value.size <= SAMPLE_THRESHOLD, key
            expected[name] = (None, value)
        elif part == "idx":
            vals = tensors[name + "@val"]
            assert value.dtype == np.int32 and vals.dtype == np.float32
            assert value.shape == vals.shape == (SAMPLE_SIZE,), key
            assert np.all(np.diff(value) > 0) and value[0] >= 0, f"{key}: indices must be sorted and distinct"
            expected[name] = (value.astype(np.int64), vals)
        else:
            assert part == "val" and name + "@idx" in tensors, key
    return metadata, spec, inputs, expected


def self_check(names):
    check_splitmix64()
    listed = open(os.path.join(FIXTURES_DIR, "index.txt")).read().split("\n")
    assert listed[-1] == "" and listed[:-1] == names, "index.txt must list the cases in order"
    print(f"{'case':26s} {'size':>9s}  float32 vs float64: worst tolerance use, max |diff|/max|expected| (tensor)")
    total, failures = 0, []
    for name in names:
        path = os.path.join(FIXTURES_DIR, name + ".safetensors")
        total += os.path.getsize(path)
        metadata, spec, inputs, expected = split_fixture(path)
        actual = {}
        for dtype in (torch.float64, torch.float32):
            actual[dtype] = run_case(metadata["kind"], spec, inputs, dtype)
            assert set(actual[dtype]) == set(expected), f"{name}: expected tensors differ from what the case makes"
        worst_use, worst_rel, worst_name = 0.0, 0.0, ""
        for tensor, (idx, want) in expected.items():
            full64, full32 = actual[torch.float64][tensor], actual[torch.float32][tensor]
            if idx is not None:
                assert full64.size > SAMPLE_THRESHOLD and idx[-1] < full64.size
            pick = (lambda a: a.reshape(-1)[idx]) if idx is not None else (lambda a: a.reshape(want.shape))
            # Rebuilt from the file in float64, the case must give the stored values exactly.
            assert np.array_equal(pick(full64).astype(np.float32), want), f"{name}: {tensor} not reproducible"
            # In float32 it must pass its own tolerance.
            got, ref = pick(full32), want.astype(np.float64)
            bound = norm_tolerance_for(tensor, metadata)
            if bound is not None:
                use = relative_norm_error(got, ref) / bound
            else:
                rtol, atol = tolerance_for(tensor, metadata)
                use = float(np.max(np.abs(got - ref) / (atol + rtol * np.abs(ref))))
            if use > 1.0:
                failures.append(f"{name}: float32 PyTorch fails {tensor} (uses {use:.2f} of the tolerance)")
            # Discrepancy of the full float32 result, relative to the tensor's scale.
            scale = amax(full64)
            rel = amax(full32 - full64) / scale if scale > 0 else 0.0
            if use > worst_use:
                worst_use = use
            if rel > worst_rel:
                worst_rel, worst_name = rel, tensor
        print(f"{name:26s} {os.path.getsize(path):9d}  {worst_use:5.2f}  {worst_rel:.1e} ({worst_name})")
    total += os.path.getsize(os.path.join(FIXTURES_DIR, "index.txt"))
    print(f"total {total} bytes ({total / 2 ** 20:.2f} MiB) in {len(names)} cases")
    assert not failures, "\n".join(failures)


def print_model_discrepancies(names):
    """Per-tensor float32-vs-float64 figures for the whole-model cases (the realistic float32 error)."""
    for name in names:
        metadata, spec, inputs, expected = split_fixture(os.path.join(FIXTURES_DIR, name + ".safetensors"))
        if metadata["kind"] != "model":
            continue
        a64 = run_case("model", spec, inputs, torch.float64)
        a32 = run_case("model", spec, inputs, torch.float32)
        print(f"{name}: max |f32 - f64| / max|f64| per tensor")
        for tensor in sorted(a64):
            scale = amax(a64[tensor])
            print(f"  {tensor:48s} {amax(a32[tensor] - a64[tensor]) / scale if scale else 0.0:.1e}"
                  f"   (max|e| {scale:.2e})")


def main():
    torch.set_num_threads(1)  # one summation order, so float64 results (and their float32 rounding) never vary
    check_splitmix64()
    check_augment_twins()
    os.makedirs(FIXTURES_DIR, exist_ok=True)
    cases = all_cases()
    names = [case.name for case in cases]
    assert len(set(names)) == len(names)
    for stale in sorted(os.listdir(FIXTURES_DIR)):
        if stale.endswith(".safetensors") and stale[:-len(".safetensors")] not in names:
            os.remove(os.path.join(FIXTURES_DIR, stale))
    for case in cases:
        case.write(FIXTURES_DIR)
    with open(os.path.join(FIXTURES_DIR, "index.txt"), "w") as f:
        f.write("".join(name + "\n" for name in names))
    self_check(names)
    if "--model-details" in sys.argv:
        print_model_discrepancies(names)


if __name__ == "__main__":
    main()
