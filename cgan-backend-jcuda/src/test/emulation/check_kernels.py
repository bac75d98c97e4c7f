"""Checks the arithmetic of the CUDA backend's kernels against PyTorch, on a machine without a GPU.

The kernels' CUDA C sources are compiled for the host with g++ (cuda_host.h runs every thread of a block as a thread,
with __syncthreads as a barrier, and -ffp-contract=off as NVRTC's --fmad=false), loaded with ctypes, and run on the
same inputs as PyTorch's own operations; every result must agree within the stated tolerance. Exit status 0 when all
agree. Usage: python3 check_kernels.py   (needs g++ with C++20, numpy and torch)
"""
import ctypes
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "..", "..", "main", "resources", "dev", "cgan", "backend", "jcuda")
KERNEL = re.compile(r'extern\s+"C"\s+__global__\s+void\s+(\w+)\s*\(([^)]*)\)')
THREADS = 256  # the reductions' block size (LaunchGeometry.REDUCE_THREADS)
POINTERS = {"ptr": "float*", "int_ptr": "int*"}  # the kinds of pointer parameters, and their C types


def kind(param):
    p = param.strip()
    if "*" in p:
        return "ptr" if re.sub(r"^const\s+", "", p).startswith("float") else "int_ptr"
    return re.sub(r"^const\s+", "", p).split()[0]


def build(workdir):
    signatures = {}
    prototypes = []
    units = []
    for name in sorted(os.listdir(SOURCES)):
        if not name.endswith(".cu"):
            continue
        text = open(os.path.join(SOURCES, name)).read()
        for m in KERNEL.finditer(text):
            params = [p for p in m.group(2).split(",") if p.strip()]
            signatures[m.group(1)] = [kind(p) for p in params]
            prototypes.append('extern "C" void %s(%s);' % (m.group(1), m.group(2)))
        units.append(os.path.join(SOURCES, name))
    wrappers = ['#include "cuda_host.h"'] + prototypes
    for name, kinds in signatures.items():
        args = []
        for i, k in enumerate(kinds):
            if k in POINTERS:
                args.append("(%s) a[%d]" % (POINTERS[k], i))
            else:
                args.append("*(%s*) a[%d]" % (k, i))
        wrappers.append('extern "C" void cgan_call_%s(int blocks, int threads, void** a) {'
                        ' cgan_launch(blocks, threads, [&] { %s(%s); }); }' % (name, name, ", ".join(args)))
    wrapper_file = os.path.join(workdir, "wrappers.cpp")
    open(wrapper_file, "w").write("\n".join(wrappers) + "\n")
    library = os.path.join(workdir, "libkernels.so")
    command = ["g++", "-std=c++20", "-O1", "-ffp-contract=off", "-pthread", "-shared", "-fPIC", "-I", HERE,
               "-include", os.path.join(HERE, "cuda_host.h"), "-x", "c++"] + units + [
               "-x", "none", os.path.join(HERE, "cuda_host.cpp"), wrapper_file, "-o", library]
    subprocess.run(command, check=True)
    return ctypes.CDLL(library), signatures


LIB, SIGNATURES = None, None
FAILURES = []


def call(name, blocks, threads, *args):
    kinds = SIGNATURES[name]
    assert len(kinds) == len(args), "%s takes %d arguments, got %d" % (name, len(kinds), len(args))
    array = (ctypes.c_void_p * len(args))()
    keep = []
    for i, (k, a) in enumerate(zip(kinds, args)):
        if k in POINTERS:
            assert a.dtype == (np.float32 if k == "ptr" else np.int32) and a.flags.c_contiguous
            array[i] = a.ctypes.data
        else:
            value = ctypes.c_int(a) if k == "int" else ctypes.c_float(a)
            keep.append(value)
            array[i] = ctypes.cast(ctypes.pointer(value), ctypes.c_void_p)
    getattr(LIB, "cgan_call_" + name)(blocks, threads, array)


def elementwise(name, *args):
    call(name, 3, 64, *args)  # fewer threads than elements: the grid-stride loops cover the rest


def check(what, actual, expected, rtol=1e-5, atol=1e-6):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected.detach().numpy() if torch.is_tensor(expected) else expected, dtype=np.float64)
    error = np.abs(actual - expected)
    ok = actual.shape == expected.shape and np.all(error <= atol + rtol * np.abs(expected))
    print("%-4s %-44s max abs error %.3g" % ("ok" if ok else "FAIL", what, error.max() if error.size else 0.0))
    if not ok:
        FAILURES.append(what)


def f32(t):
    return np.ascontiguousarray(t.detach().numpy().astype(np.float32))


def zeros_like(a):
    return np.zeros_like(a, dtype=np.float32)


def activations(gen):
    x = torch.randn(2, 3, 4, 5, generator=gen) * 3
    x.view(-1)[::7] = 0.0
    x.view(-1)[1] = 100.0
    x.view(-1)[2] = -100.0
    g = torch.randn(2, 3, 4, 5, generator=gen)
    n = x.numel()
    for name, fn, slope in [("relu", F.relu, None), ("leaky_relu", lambda t: F.leaky_relu(t, 0.2), 0.2),
                            ("tanh", torch.tanh, None), ("sigmoid", torch.sigmoid, None)]:
        xt = x.clone().requires_grad_(True)
        y = fn(xt)
        y.backward(g)
        xs, ys, gs, dxs = f32(x), np.zeros(n, np.float32), f32(g), np.zeros(n, np.float32)
        if slope is None:
            elementwise(name + "_forward", xs, ys, n)
            elementwise(name + "_backward", ys, gs, dxs, n)
        else:
            elementwise(name + "_forward", xs, ys, slope, n)
            elementwise(name + "_backward", xs, gs, dxs, slope, n)
        check(name + " forward", ys.reshape(x.shape), y)
        check(name + " backward (gradient at 0 included)", dxs.reshape(x.shape), xt.grad)


def reductions(gen):
    x = torch.randn(4, 3, 5, 5, generator=gen)
    y = torch.randn(4, 3, 5, 5, generator=gen)
    n = x.numel()
    out = np.zeros(1, np.float32)
    call("sum_all", 1, THREADS, f32(x), out, float(n), n)
    check("mean (sum_all / n)", out[0], x.mean(), rtol=1e-6)
    call("dot_all", 1, THREADS, f32(x), f32(y), out, n)
    check("dot_all", out[0], (x * y).sum(), rtol=1e-5)
    per_channel = np.zeros(3, np.float32)
    call("channel_sum", 3, THREADS, f32(x), per_channel, 4, 3, 25)
    check("channel_sum (bias gradient)", per_channel, x.sum(dim=(0, 2, 3)), rtol=1e-5, atol=1e-5)
    rows = np.zeros(12, np.float32)
    call("row_sum", 12, THREADS, f32(x), rows, 25)
    check("row_sum (label broadcast gradient)", rows, x.sum(dim=(2, 3)).reshape(-1), rtol=1e-5, atol=1e-5)
    # rowDot on [N, F]: the row sums of a * b, and each input's gradient g[n] * (the other input's row).
    a = torch.randn(6, 300, generator=gen)  # more columns than a block's threads
    b = torch.randn(6, 300, generator=gen)
    g = torch.randn(6, 1, generator=gen)
    at, bt = a.clone().requires_grad_(True), b.clone().requires_grad_(True)
    dot = torch.sum(at * bt, dim=1, keepdim=True)
    dot.backward(g)
    per_row = np.zeros(6, np.float32)
    call("row_dot", 6, THREADS, f32(a), f32(b), per_row, 300)
    check("row_dot (rowDot forward)", per_row.reshape(6, 1), dot, rtol=1e-5, atol=1e-5)
    da, db = np.zeros(a.numel(), np.float32), np.zeros(b.numel(), np.float32)
    elementwise("scale_rows", f32(b), f32(g), da, 300, a.numel())
    elementwise("scale_rows", f32(a), f32(g), db, 300, b.numel())
    check("scale_rows (rowDot gradient of a)", da.reshape(6, 300), at.grad, rtol=0, atol=0)
    check("scale_rows (rowDot gradient of b)", db.reshape(6, 300), bt.grad, rtol=0, atol=0)
    # sumSpatial is row_sum over [N*C, H*W]; its gradient is broadcast_labels (checked with the layouts).
    h = torch.randn(3, 4, 5, 6, generator=gen)
    planes = np.zeros(12, np.float32)
    call("row_sum", 12, THREADS, f32(h), planes, 30)
    check("row_sum (sumSpatial forward)", planes.reshape(3, 4), torch.sum(h, dim=(2, 3)), rtol=1e-5, atol=1e-5)


def losses(gen):
    n = 300
    p = torch.rand(n, generator=gen)
    p[0], p[1], p[2] = 0.0, 1.0, 0.5
    t = torch.rand(n, generator=gen)
    t[0], t[1] = 1.0, 0.0
    upstream = 1.3
    pt = p.clone().requires_grad_(True)
    loss = F.binary_cross_entropy(pt, t)
    (loss * upstream).backward()
    out = np.zeros(1, np.float32)
    call("bce_forward", 1, THREADS, f32(p), f32(t), out, n)
    check("bce forward (log clamped at -100)", out[0], loss, rtol=1e-5)
    dp = np.zeros(n, np.float32)
    elementwise("bce_backward", f32(p), f32(t), np.array([upstream], np.float32), dp, n)
    check("bce backward", dp, pt.grad, rtol=1e-5)

    x = torch.randn(n, generator=gen) * 5
    x[0], x[1] = 100.0, -100.0
    xt = x.clone().requires_grad_(True)
    loss = F.binary_cross_entropy_with_logits(xt, t)
    (loss * upstream).backward()
    call("bce_logits_forward", 1, THREADS, f32(x), f32(t), out, n)
    check("bce with logits forward", out[0], loss, rtol=1e-5)
    dx = np.zeros(n, np.float32)
    elementwise("bce_logits_backward", f32(x), f32(t), np.array([upstream], np.float32), dx, n)
    check("bce with logits backward", dx, xt.grad, rtol=1e-5, atol=1e-8)


def optimizers(gen):
    n = 1000
    start = torch.randn(n, generator=gen) * 0.02
    grads = [torch.randn(n, generator=gen) * 0.1 for _ in range(11)]
    param = start.clone().requires_grad_(True)
    adam = torch.optim.Adam([param], lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    p, m, v = f32(start), np.zeros(n, np.float32), np.zeros(n, np.float32)
    for step, g in enumerate(grads, start=1):
        param.grad = g.clone()
        adam.step()
        step_size = 2e-4 / (1 - 0.5 ** step)
        correction2 = (1 - 0.999 ** step) ** 0.5
        # 1 - beta1 and 1 - beta2 come from the host, rounded once from double, as PyTorch's Python scalars are.
        elementwise("adam_step", p, f32(g), m, v, 0.999, 1 - 0.5, 1 - 0.999, step_size, correction2, 1e-8, n)
    check("adam, 11 steps: parameters", p, param, rtol=1e-6, atol=1e-8)
    # The moments differ from torch 1.13's in the last bits: 1.13 updates exp_avg as m * beta1 + g * (1 - beta1), the
    # kernel as libtorch 2.x's lerp (the form the DJL backend reproduces); the parameters agree all the same.
    check("adam, 11 steps: exp_avg", m, adam.state[param]["exp_avg"], rtol=1e-6, atol=3e-8)
    # exp_avg_sq is ~1e-4 here: an absolute allowance of 1e-8 would hide a relative error of 1e-4.
    check("adam, 11 steps: exp_avg_sq", v, adam.state[param]["exp_avg_sq"], rtol=1e-6, atol=1e-12)

    param = start.clone().requires_grad_(True)
    sgd = torch.optim.SGD([param], lr=0.1, momentum=0.9)
    p, b = f32(start), np.zeros(n, np.float32)
    for step, g in enumerate(grads[:3], start=1):
        param.grad = g.clone()
        sgd.step()
        elementwise("sgd_step", p, f32(g), b, 0.1, 0.9, 1 if step == 1 else 0, n)
    check("sgd with momentum, 3 steps: parameters", p, param, rtol=1e-6, atol=1e-8)
    check("sgd with momentum, 3 steps: buffer", b, sgd.state[param]["momentum_buffer"], rtol=1e-6, atol=1e-8)


def layouts(gen):
    a = torch.randn(2, 3, 4, 4, generator=gen)
    b = torch.randn(2, 5, 4, 4, generator=gen)
    out = np.zeros(2 * 8 * 16, np.float32)
    elementwise("concat_channels", f32(a), f32(b), out, 3, 5, 16, out.size)
    check("concat_channels", out.reshape(2, 8, 4, 4), torch.cat([a, b], dim=1), rtol=0, atol=0)
    ga, gb = np.zeros(a.numel(), np.float32), np.zeros(b.numel(), np.float32)
    elementwise("split_channels", out, ga, gb, 3, 5, 16, out.size)
    check("split_channels (its gradient)", ga.reshape(a.shape), a, rtol=0, atol=0)
    check("split_channels (its gradient), second part", gb.reshape(b.shape), b, rtol=0, atol=0)
    labels = F.one_hot(torch.tensor([2, 0, 1]), 4).float()
    maps = np.zeros(3 * 4 * 6 * 6, np.float32)
    elementwise("broadcast_labels", f32(labels), maps, 36, maps.size)
    check("broadcast_labels", maps.reshape(3, 4, 6, 6), labels[:, :, None, None].expand(3, 4, 6, 6), rtol=0, atol=0)
    y = torch.randn(2, 3, 4, 4, generator=gen)
    bias = torch.randn(3, generator=gen)
    ys = f32(y)
    elementwise("add_channel_bias", ys, f32(bias), 3, 16, ys.size)
    check("add_channel_bias", ys.reshape(y.shape), y + bias[None, :, None, None], rtol=0, atol=0)
    s, acc, scaled, filled = np.zeros(ys.size, np.float32), f32(y), np.zeros(ys.size, np.float32), np.zeros(5, np.float32)
    elementwise("add", f32(y), f32(a[:, :3]), s, ys.size)
    check("add", s.reshape(y.shape), y + a[:, :3], rtol=0, atol=0)
    elementwise("accumulate", acc, f32(a[:, :3]), ys.size)
    check("accumulate", acc.reshape(y.shape), y + a[:, :3], rtol=0, atol=0)
    elementwise("scale_by", f32(y), np.array([0.7], np.float32), scaled, ys.size)
    check("scale_by (gradient of dot)", scaled.reshape(y.shape), y * torch.tensor(0.7), rtol=0, atol=0)
    elementwise("fill_divided", np.array([1.5], np.float32), filled, 7.0, 5)
    check("fill_divided (gradient of mean)", filled, torch.full((5,), 1.5) / 7, rtol=0, atol=0)
    # col2im against torch's fold, on geometries of the seed's layers (k4 s2 p1, odd sizes, k4 s1 p0, k3 s1 p1).
    for channels, size, kernel, stride, padding in ((3, 8, 4, 2, 1), (2, 7, 4, 2, 1), (5, 4, 4, 1, 0), (2, 5, 3, 1, 1)):
        out_size = (size + 2 * padding - kernel) // stride + 1
        cols = torch.randn(2, channels * kernel * kernel, out_size * out_size, generator=gen)
        image = np.zeros(2 * channels * size * size, np.float32)
        elementwise("col2im", f32(cols), image, channels, size, size, kernel, stride, padding, out_size, out_size,
                    image.size)
        expected = F.fold(cols.double(), (size, size), kernel, padding=padding, stride=stride)
        check("col2im k%d s%d p%d %dx%d" % (kernel, stride, padding, size, size), image.reshape(expected.shape),
              expected, rtol=1e-6, atol=1e-6)


def batchnorm(gen):
    x = torch.randn(4, 3, 5, 5, generator=gen) * 2 + 0.5
    bn = torch.nn.BatchNorm2d(3, momentum=0.1, eps=1e-5)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(3, generator=gen) * 0.1)
        bn.running_var.copy_(torch.rand(3, generator=gen) + 0.5)
    rm, rv = f32(bn.running_mean), f32(bn.running_var)
    bn.train()
    bn(x)
    call("bn_update_running", 3, THREADS, f32(x), rm, rv, 0.1, 4, 3, 25)
    check("batchnorm running_mean (momentum 0.1)", rm, bn.running_mean, rtol=1e-6, atol=1e-7)
    check("batchnorm running_var (unbiased)", rv, bn.running_var, rtol=1e-6, atol=1e-7)

    bn.eval()
    with torch.no_grad():
        bn.weight.copy_(1 + 0.1 * torch.randn(3, generator=gen))
        bn.bias.copy_(0.1 * torch.randn(3, generator=gen))
    xt = x.clone().requires_grad_(True)
    g = torch.randn(4, 3, 5, 5, generator=gen)
    bn(xt).backward(g)
    dx, dgamma, dbeta = np.zeros(x.numel(), np.float32), np.zeros(3, np.float32), np.zeros(3, np.float32)
    call("bn_eval_backward", 3, THREADS, f32(x), f32(g), f32(bn.running_mean), f32(bn.running_var), f32(bn.weight),
         dx, dgamma, dbeta, 1e-5, 4, 3, 25)
    check("batchnorm eval backward: input", dx.reshape(x.shape), xt.grad, rtol=1e-5, atol=1e-6)
    check("batchnorm eval backward: weight", dgamma, bn.weight.grad, rtol=1e-5, atol=1e-5)
    check("batchnorm eval backward: bias", dbeta, bn.bias.grad, rtol=1e-5, atol=1e-5)


def splitmix_uniforms(seed, count):
    """The Dropout mask stream of the API (DropoutMask's javadoc): SplitMix64, u = (z >> 40) * 2^-24."""
    mask64 = (1 << 64) - 1
    state, out = seed & mask64, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & mask64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask64
        z ^= z >> 31
        out.append((z >> 40) * 2.0 ** -24)
    return np.array(out)


def dropout(gen):
    x = torch.randn(4, 3, 5, generator=gen)
    g = torch.randn(4, 3, 5, generator=gen)
    n = x.numel()
    for p in (0.3, 0.5):
        keep = torch.from_numpy(splitmix_uniforms(-7, n) >= p).reshape(x.shape)
        # PyTorch's own dropout arithmetic, with this mask for its Bernoulli draws: x * (keep / (1 - p)).
        noise = keep.float().div_(1 - p)
        xt = x.clone().requires_grad_(True)
        (xt * noise).backward(g)
        scales = np.where(keep.numpy().reshape(-1), np.float32(1.0 / (1.0 - p)), np.float32(0)).astype(np.float32)
        y, dx = np.zeros(n, np.float32), np.zeros(n, np.float32)
        elementwise("multiply", f32(x), scales, y, n)
        elementwise("multiply", f32(g), scales, dx, n)
        check("dropout p=%g forward (x * mask)" % p, y.reshape(x.shape), x * noise, rtol=1e-6, atol=0)
        check("dropout p=%g backward (g * mask)" % p, dx.reshape(x.shape), xt.grad, rtol=1e-6, atol=0)
    # p = 1 drops everything (DropoutMask's multipliers are all 0), as F.dropout does.
    xt = x.clone().requires_grad_(True)
    F.dropout(xt, p=1.0, training=True).backward(g)
    y, dx, zeros = np.zeros(n, np.float32), np.zeros(n, np.float32), np.zeros(n, np.float32)
    elementwise("multiply", f32(x), zeros, y, n)
    elementwise("multiply", f32(g), zeros, dx, n)
    check("dropout p=1 forward", y.reshape(x.shape), F.dropout(x, p=1.0, training=True), rtol=0, atol=0)
    check("dropout p=1 backward", dx.reshape(x.shape), xt.grad, rtol=0, atol=0)


def maxout(gen):
    batch, units = 5, 7
    for pieces in (1, 3, 4):
        a = torch.randn(batch, units * pieces, generator=gen) * 2
        g = torch.randn(batch, units, generator=gen)
        at = a.clone().requires_grad_(True)
        result = at.view(batch, units, pieces).max(dim=2)
        result.values.backward(g)
        n = batch * units
        y, argmax, da = np.zeros(n, np.float32), np.zeros(n, np.int32), np.zeros(a.numel(), np.float32)
        elementwise("maxout_forward", f32(a), y, argmax, pieces, n)
        elementwise("maxout_backward", f32(g), argmax, da, pieces, da.size)
        check("maxout %d pieces forward" % pieces, y.reshape(batch, units), result.values, rtol=0, atol=0)
        check("maxout %d pieces argmax" % pieces, argmax.reshape(batch, units), result.indices, rtol=0, atol=0)
        check("maxout %d pieces backward (argmax only)" % pieces, da.reshape(a.shape), at.grad, rtol=0, atol=0)


def cross_entropy(gen):
    rows, classes = 300, 10  # more rows than the forward block's threads and the backward grid's
    x = torch.randn(rows, classes, generator=gen) * 4
    x[0] = torch.linspace(-1000, 1000, classes)  # large logits: the log-softmax must stay finite
    x[1, 3] = 80.0
    labels = torch.randint(0, classes, (rows,), generator=gen)
    t = F.one_hot(labels, classes).float()
    t[rows // 2:] = torch.softmax(torch.randn(rows - rows // 2, classes, generator=gen), dim=1)  # soft targets
    t[2] = 0.0  # a row without target mass
    t[3] *= 2.0  # and one whose mass is not 1: the gradient scales softmax by sum(t)
    upstream = 1.3
    xt = x.clone().requires_grad_(True)
    loss = F.cross_entropy(xt, t)
    (loss * upstream).backward()
    out = np.zeros(1, np.float32)
    call("cross_entropy_forward", 1, THREADS, f32(x), f32(t), out, rows, classes)
    check("cross-entropy forward (stable log-softmax)", out[0], loss, rtol=1e-5)
    half = rows // 2
    one_hot_loss = F.cross_entropy(x[:half], labels[:half])  # PyTorch's integer-target form
    one_hot = F.one_hot(labels[:half], classes).float()
    call("cross_entropy_forward", 1, THREADS, f32(x[:half]), f32(one_hot), out, half, classes)
    check("cross-entropy forward, one-hot = class indices", out[0], one_hot_loss, rtol=1e-5)
    dx = np.zeros(rows * classes, np.float32)
    elementwise("cross_entropy_backward", f32(x), f32(t), np.array([upstream], np.float32), dx, rows, classes)
    check("cross-entropy backward", dx.reshape(x.shape), xt.grad, rtol=1e-5, atol=1e-8)


def conditional_scale_shift(gen):
    n, c, h, w = 3, 4, 5, 7  # planes of 35 values: fewer than a block's threads
    for spatial_shape in ((h, w), (20, 20)):  # and planes of 400: more
        shape = (n, c) + spatial_shape
        xhat = torch.randn(*shape, generator=gen)
        gamma = torch.randn(n, c, generator=gen)
        beta = torch.randn(n, c, generator=gen)
        g = torch.randn(*shape, generator=gen)
        xt, gt, bt = (t.clone().requires_grad_(True) for t in (xhat, gamma, beta))
        y = xt * gt[:, :, None, None] + bt[:, :, None, None]
        y.backward(g)
        spatial = spatial_shape[0] * spatial_shape[1]
        total = xhat.numel()
        ys, dx = np.zeros(total, np.float32), np.zeros(total, np.float32)
        dg, db = np.zeros(n * c, np.float32), np.zeros(n * c, np.float32)
        elementwise("plane_scale_shift", f32(xhat), f32(gamma), f32(beta), ys, spatial, total)
        elementwise("plane_scale_backward", f32(g), f32(gamma), dx, spatial, total)
        call("plane_scale_shift_sums", n * c, THREADS, f32(g), f32(xhat), dg, db, spatial)
        what = "conditional scale/shift %dx%d" % spatial_shape
        check(what + " forward", ys.reshape(shape), y, rtol=1e-6, atol=1e-6)
        check(what + " backward: xhat", dx.reshape(shape), xt.grad, rtol=1e-6, atol=1e-7)
        check(what + " backward: gamma (plane sums)", dg.reshape(n, c), gt.grad, rtol=1e-5, atol=1e-5)
        check(what + " backward: beta (plane sums)", db.reshape(n, c), bt.grad, rtol=1e-5, atol=1e-5)


def hinge(gen):
    n = 300  # more than the forward block's threads
    x = torch.randn(n, generator=gen) * 2
    t = torch.where(torch.rand(n, generator=gen) < 0.5, -1.0, 1.0)
    x[0], t[0], x[1], t[1] = 1.0, 1.0, -1.0, -1.0  # exactly at the margin: gradient 0
    x[2], t[2] = 0.5, 0.5  # a soft target: the formula holds for any t
    upstream = 1.3
    out = np.zeros(1, np.float32)
    for name, fn in (("hinge_d", lambda v: torch.relu(1 - t * v).mean()), ("hinge_g", lambda v: (-(t * v)).mean())):
        xt = x.clone().requires_grad_(True)
        loss = fn(xt)
        (loss * upstream).backward()
        call(name + "_forward", 1, THREADS, f32(x), f32(t), out, n)
        check(name + " forward", out[0], loss, rtol=1e-5, atol=1e-7)
        dx = np.zeros(n, np.float32)
        elementwise(name + "_backward", f32(x), f32(t), np.array([upstream], np.float32), dx, n)
        check(name + " backward" + (" (0 at the margin)" if name == "hinge_d" else ""), dx, xt.grad, rtol=1e-6,
              atol=0)


def resampling(gen):
    for shape, scale in (((2, 3, 4, 5), 2), ((1, 2, 3, 4), 3)):
        x = torch.randn(*shape, generator=gen)
        n, c, h, w = shape
        g = torch.randn(n, c, h * scale, w * scale, generator=gen)
        xt = x.clone().requires_grad_(True)
        y = torch.nn.Upsample(scale_factor=scale, mode="nearest")(xt)
        y.backward(g)
        ys, dx = np.zeros(g.numel(), np.float32), np.zeros(x.numel(), np.float32)
        elementwise("upsample_nearest_forward", f32(x), ys, h, w, scale, ys.size)
        elementwise("upsample_nearest_backward", f32(g), dx, h, w, scale, dx.size)
        check("upsample nearest x%d forward" % scale, ys.reshape(y.shape), y, rtol=0, atol=0)
        check("upsample nearest x%d backward (block sums)" % scale, dx.reshape(x.shape), xt.grad, rtol=1e-6,
              atol=1e-6)
    for shape, kernel in (((2, 3, 6, 8), 2), ((2, 3, 5, 7), 2), ((1, 2, 7, 6), 3)):
        x = torch.randn(*shape, generator=gen)
        n, c, h, w = shape
        xt = x.clone().requires_grad_(True)
        y = torch.nn.AvgPool2d(kernel)(xt)
        g = torch.randn(*y.shape, generator=gen)
        y.backward(g)
        ys, dx = np.zeros(y.numel(), np.float32), np.zeros(x.numel(), np.float32)
        elementwise("avgpool_forward", f32(x), ys, h, w, kernel, ys.size)
        elementwise("avgpool_backward", f32(g), dx, h, w, kernel, dx.size)
        check("avgpool k%d %dx%d forward" % (kernel, h, w), ys.reshape(y.shape), y, rtol=1e-6, atol=1e-6)
        check("avgpool k%d %dx%d backward (partial window: 0)" % (kernel, h, w), dx.reshape(x.shape), xt.grad,
              rtol=1e-6, atol=1e-7)


def main():
    global LIB, SIGNATURES
    with tempfile.TemporaryDirectory() as workdir:
        LIB, SIGNATURES = build(workdir)
        gen = torch.Generator().manual_seed(1234)
        torch.set_num_threads(1)
        for family in (activations, reductions, losses, optimizers, layouts, batchnorm, dropout, maxout,
                       cross_entropy, resampling, hinge, conditional_scale_shift):
            family(gen)
        untested = sorted(set(SIGNATURES) - CALLED)
        if untested:
            print("FAIL kernels never run here: %s" % ", ".join(untested))
            FAILURES.append("coverage")
    print("%d kernel check(s) failed: %s" % (len(FAILURES), FAILURES) if FAILURES else "all kernels agree with PyTorch "
          + torch.__version__)
    return 1 if FAILURES else 0


CALLED = set()
_call = call


def call(name, blocks, threads, *args):  # noqa: F811 - records coverage
    CALLED.add(name)
    _call(name, blocks, threads, *args)


if __name__ == "__main__":
    sys.exit(main())
