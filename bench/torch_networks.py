#!/usr/bin/env python3
"""PyTorch twins of bench/network_bench.cpp, and a check of divbench's second-order passes by
PyTorch's autograd (issue #19).

  --time pacgan      ms per PacGAN-sized step: G z(2) -> 4 x [Linear(400, no bias), BatchNorm1d
                     (momentum 0.05), ReLU] -> Linear(2, no bias); D 2 -> 3 x maxout(200, 5
                     pieces) -> 1; N(0, 0.02) weights, zero biases; batch 100; Adam 1e-4
                     (0.8, 0.999); non-saturating loss; D on [real; fake] in one batch, then G.
  --time gp          ms per gradient-penalty D step: D 2 -> 256 -> 256 -> 1 ReLU at 256 points,
                     g = autograd.grad(D(x).sum(), x, create_graph=True), then the parameter
                     gradient of mean (|g| - 1)^2.
  --time wgan-gp     ms per WGAN-GP step at the reference sizes: G z(16) -> 256 -> 256 -> 2, D 2 ->
                     256 -> 256 -> 1, ReLU, PyTorch's default init, batch 256, Adam 1e-4 (0.5,
                     0.999); critic loss mean D(fake) - mean D(real) + 10 mean (|grad D(x^)| - 1)^2
                     at x^ = real + eps (fake - real), eps ~ U[0,1] per sample; then G minimises
                     -mean D(G(z)).
  --time r1          the same networks, the logistic loss with R1 = 5 mean |grad D(real)|^2 (gamma
                     10), then the non-saturating G loss.
  --time pacgan2     the pacgan step with packing 2: D sees 100 packs (4 inputs) of 2 real and of
                     2 generated samples.
  --check FILE.json  rebuilds the network bench/second_order_export.cpp wrote (same weights,
                     buffers and inputs) in float64, recomputes the gradient penalty's parameter
                     and input gradients and the Hessian-vector product with autograd, and prints
                     the largest error of divbench's (float32) values per quantity, relative to
                     the quantity's largest value.

Single-threaded (torch.set_num_threads(1); OPENBLAS_NUM_THREADS=1 set before torch is imported).
"""
import argparse
import json
import math
import os
import re
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class Maxout(nn.Module):
    """Adjacent groups of `pieces` columns, max over each (divbench's models/maxout.hpp)."""

    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        return x.view(x.shape[0], -1, self.pieces).max(dim=-1).values


def ring8(n, generator):
    k = torch.randint(0, 8, (n,), generator=generator)
    angle = 2 * math.pi * k.float() / 8
    centres = torch.stack([2 * torch.cos(angle), 2 * torch.sin(angle)], dim=1)
    return centres + 0.02 * torch.randn(n, 2, generator=generator)


def normal_init(module):
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


class PacganStep:
    def __init__(self, seed=0, pack=1):
        self.pack = pack
        torch.manual_seed(seed)
        self.gen = torch.Generator().manual_seed(seed + 1)
        g, width = [], 2
        for _ in range(4):
            g += [nn.Linear(width, 400, bias=False), nn.BatchNorm1d(400, momentum=0.05), nn.ReLU()]
            width = 400
        self.G = nn.Sequential(*g, nn.Linear(400, 2, bias=False))
        d, width = [], 2 * pack
        for _ in range(3):
            d += [nn.Linear(width, 1000), Maxout(5)]
            width = 200
        self.D = nn.Sequential(*d, nn.Linear(200, 1))
        self.G.apply(normal_init)
        self.D.apply(normal_init)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-4, betas=(0.8, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=1e-4, betas=(0.8, 0.999))

    def step(self):
        b, m = 100, self.pack
        real = ring8(b * m, self.gen).view(b, 2 * m)
        with torch.no_grad():
            fake = self.G(torch.randn(b * m, 2, generator=self.gen)).view(b, 2 * m)
        out = self.D(torch.cat([real, fake]))
        d_loss = F.softplus(-out[:b]).mean() + F.softplus(out[b:]).mean()
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()
        out = self.D(self.G(torch.randn(b * m, 2, generator=self.gen)).view(b, 2 * m))
        g_loss = F.softplus(-out).mean()
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()


def reference_networks():
    G = nn.Sequential(nn.Linear(16, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                      nn.Linear(256, 2))
    D = nn.Sequential(nn.Linear(2, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                      nn.Linear(256, 1))
    return G, D


class RegularisedStep:
    """One D update with a gradient penalty (WGAN-GP's or R1), then one G update."""

    def __init__(self, kind, seed=0):
        torch.manual_seed(seed)
        self.kind = kind
        self.gen = torch.Generator().manual_seed(seed + 1)
        self.G, self.D = reference_networks()
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-4, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=1e-4, betas=(0.5, 0.999))

    def step(self):
        b = 256
        real = ring8(b, self.gen)
        with torch.no_grad():
            fake = self.G(torch.randn(b, 16, generator=self.gen))
        if self.kind == "wgan-gp":
            out = self.D(torch.cat([real, fake]))
            loss = out[b:].mean() - out[:b].mean()
            eps = torch.rand(b, 1, generator=self.gen)
            x = (real + eps * (fake - real)).requires_grad_()
            (g,) = torch.autograd.grad(self.D(x).sum(), x, create_graph=True)
            loss = loss + 10 * ((g.norm(2, dim=1) - 1) ** 2).mean()
        else:
            x = real.clone().requires_grad_()
            out_real = self.D(x)
            out_fake = self.D(fake)
            loss = F.softplus(-out_real).mean() + F.softplus(out_fake).mean()
            (g,) = torch.autograd.grad(out_real.sum(), x, create_graph=True)
            loss = loss + 5 * (g ** 2).sum(dim=1).mean()
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        out = self.D(self.G(torch.randn(b, 16, generator=self.gen)))
        g_loss = -out.mean() if self.kind == "wgan-gp" else F.softplus(-out).mean()
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()


class UnrolledStep:
    """Metz et al. 2017, eq. 12: G's gradient through k Adam updates of D on one batch, written
    functionally so that autograd differentiates through them (create_graph); D then keeps its
    first update and Adam state, and G takes its step. The reference networks, gan-ns, batch 256,
    Adam 1e-4 (0.5, 0.999) for both players."""

    def __init__(self, k=5, seed=0):
        torch.manual_seed(seed)
        self.k = k
        self.gen = torch.Generator().manual_seed(seed + 1)
        self.G, self.D = reference_networks()
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-4, betas=(0.5, 0.999))
        self.theta = [p.detach().clone() for p in self.D.parameters()]
        self.m = [torch.zeros_like(p) for p in self.theta]
        self.v = [torch.zeros_like(p) for p in self.theta]
        self.t = 0

    @staticmethod
    def d_forward(theta, x):
        w1, b1, w2, b2, w3, b3 = theta
        h = F.relu(F.linear(x, w1, b1))
        h = F.relu(F.linear(h, w2, b2))
        return F.linear(h, w3, b3)

    def step(self):
        b, lr, beta1, beta2, eps = 256, 1e-4, 0.5, 0.999, 1e-8
        real = ring8(b, self.gen)
        fake = self.G(torch.randn(b, 16, generator=self.gen))
        theta = [p.clone().requires_grad_() for p in self.theta]
        m, v, t = self.m, self.v, self.t
        kept = None
        for j in range(self.k):
            out = self.d_forward(theta, torch.cat([real, fake]))
            loss = F.softplus(-out[:b]).mean() + F.softplus(out[b:]).mean()
            grads = torch.autograd.grad(loss, theta, create_graph=True)
            t += 1
            m = [beta1 * mi + (1 - beta1) * g for mi, g in zip(m, grads)]
            v = [beta2 * vi + (1 - beta2) * g * g for vi, g in zip(v, grads)]
            c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
            theta = [th - lr * (mi / c1) / ((vi / c2).sqrt() + eps)
                     for th, mi, vi in zip(theta, m, v)]
            if j == 0:
                kept = ([th.detach() for th in theta], [mi.detach() for mi in m],
                        [vi.detach() for vi in v], t)
        g_loss = F.softplus(-self.d_forward(theta, fake)).mean()
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward(inputs=list(self.G.parameters()))
        self.opt_g.step()
        self.theta, self.m, self.v, self.t = kept


class GradientPenaltyStep:
    def __init__(self, seed=0):
        torch.manual_seed(seed)
        self.D = nn.Sequential(nn.Linear(2, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                               nn.Linear(256, 1))
        self.params = list(self.D.parameters())
        self.x = torch.randn(256, 2).requires_grad_()

    def step(self):
        out = self.D(self.x)
        (g,) = torch.autograd.grad(out.sum(), self.x, create_graph=True)
        gp = ((g.norm(2, dim=1) - 1) ** 2).mean()
        return torch.autograd.grad(gp, self.params, allow_unused=True)  # the last bias: unused


def time_step(make, warmup, steps, repeats):
    bench = make()
    for _ in range(warmup):
        bench.step()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            bench.step()
        times.append((time.perf_counter() - t0) / steps * 1e3)
    return min(times)


# --check: the exported network in float64 -------------------------------------------------------

def build_forward(data):
    """A function (params, x) -> y mirroring data["layers"], params in divbench's order."""
    buffers = {k: torch.tensor(v, dtype=torch.float64) for k, v in data["buffers"].items()}
    buffer_names = list(buffers)
    ops, count = [], 0
    train = data["phase"] == "train"
    for text in data["layers"]:
        m = re.match(r"linear (\d+)->(\d+)( \(no bias\))?( spectral-norm iterations=\d+)?$", text)
        if m:
            i, o, bias, sn = int(m[1]), int(m[2]), m[3] is None, m[4] is not None
            uv = None
            if sn:  # this layer's u, v: the next two spectral-norm buffers in order
                u_name = next(n for n in buffer_names if n.endswith(".u"))
                v_name = u_name[:-2] + ".v"
                buffer_names.remove(u_name)
                buffer_names.remove(v_name)
                uv = (buffers[u_name], buffers[v_name])
            ops.append(("linear", i, o, bias, uv, count))
            count += 2 if bias else 1
            continue
        m = re.match(r"(batch|layer)-norm (\d+)(?: momentum=\S+)? eps=(\S+)$", text)
        if m:
            stats = None
            if m[1] == "batch":
                mean_name = next(n for n in buffer_names if n.endswith(".running_mean"))
                var_name = mean_name[: -len("running_mean")] + "running_var"
                buffer_names.remove(mean_name)
                buffer_names.remove(var_name)
                stats = (buffers[mean_name], buffers[var_name])
            ops.append((m[1] + "-norm", int(m[2]), float(m[3]), stats, count))
            count += 2
            continue
        m = re.match(r"maxout \d+->\d+ pieces=(\d+)$", text)
        if m:
            ops.append(("maxout", int(m[1])))
            continue
        m = re.match(r"(relu|tanh|sigmoid|identity|leaky-relu slope=(\S+)|elu alpha=(\S+))$", text)
        if m:
            ops.append(("act", m[1].split()[0], float(m[2] or 0.2), float(m[3] or 1.0)))
            continue
        sys.exit(f"--check: unknown layer '{text}'")

    def forward(p, x):
        for op in ops:
            if op[0] == "linear":
                _, i, o, bias, uv, k = op
                w = p[k].view(i, o)  # divbench stores (in, out)
                if uv is not None:
                    u, v = uv
                    w = w / (v @ w @ u)  # sigma = vᵀ W u, u and v constant
                x = x @ w + (p[k + 1] if bias else 0)
            elif op[0] in ("batch-norm", "layer-norm"):
                _, width, eps, stats, k = op
                if op[0] == "layer-norm":
                    x = F.layer_norm(x, (width,), p[k], p[k + 1], eps)
                elif train:
                    x = F.batch_norm(x, None, None, p[k], p[k + 1], training=True, eps=eps)
                else:
                    x = F.batch_norm(x, stats[0], stats[1], p[k], p[k + 1], training=False, eps=eps)
            elif op[0] == "maxout":
                x = x.view(x.shape[0], -1, op[1]).max(dim=-1).values
            else:
                _, name, slope, alpha = op
                x = {"relu": F.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
                     "identity": lambda t: t,
                     "leaky-relu": lambda t: F.leaky_relu(t, slope),
                     "elu": lambda t: F.elu(t, alpha)}[name](x)
        return x

    return forward, count


def check(path):
    with open(path) as f:
        data = json.load(f)
    t = lambda v, shape=None: torch.tensor(v, dtype=torch.float64).view(*(shape or (-1,)))  # noqa
    b, i, o = data["batch"], data["in"], data["out"]
    forward, count = build_forward(data)
    names = list(data["parameters"])
    assert len(names) == count, (names, count)
    params = [t(data["parameters"][n]).requires_grad_() for n in names]
    x = t(data["x"], (b, i)).requires_grad_()
    errors = {}

    def rel(ours, ref, scale=None):
        """max |ours - ref| over max |ref| (or over `scale`, the quantity's largest value)."""
        ours = torch.tensor(ours, dtype=torch.float64).view(-1)
        ref = ref.detach().reshape(-1)
        scale = ref.abs().max() if scale is None else scale
        return ((ours - ref).abs().max() / max(scale, 1e-300)).item()

    def rel_params(ours, refs):
        # Relative to the largest value over all parameters: a tensor whose exact gradient is 0
        # (a bias before BatchNorm) is held to the quantity's scale, not to its own rounding.
        scale = max(r.detach().abs().max().item() for r in refs)
        return max(rel(ours[n], r, scale) for n, r in zip(names, refs))

    y = forward(params, x)
    errors["forward"] = rel(data["y"], y)
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    penalty = ((g.norm(dim=1) - 1) ** 2).sum()
    # A parameter the input gradient does not depend on (the last layer's bias) has a zero penalty
    # gradient: autograd reports it unused.
    grads = [torch.zeros_like(v) if gr is None else gr for v, gr in zip(
        params + [x], torch.autograd.grad(penalty, params + [x], allow_unused=True))]
    errors["gp parameters"] = rel_params(data["gp_parameters"], grads[:-1])
    errors["gp input"] = rel(data["gp_input"], grads[-1])

    y = forward(params, x)
    w, q = t(data["w"], (b, o)), t(data["q"], (b, o))
    loss = (w * y).sum() + 0.5 * (q * y ** 2).sum()
    grads = torch.autograd.grad(loss, params + [x], create_graph=True)
    direction = [t(data["theta_dot"][n]) for n in names] + [t(data["x_dot"], (b, i))]
    dot = sum((gr * d.view_as(gr)).sum() for gr, d in zip(grads, direction))
    hv = [torch.zeros_like(v) if h is None else h for v, h in zip(
        params + [x], torch.autograd.grad(dot, params + [x], allow_unused=True))]
    errors["hvp parameters"] = rel_params(data["hvp_parameters"], hv[:-1])
    errors["hvp input"] = rel(data["hvp_input"], hv[-1])
    return data["spec"], data["phase"], errors


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--time", choices=["pacgan", "gp", "wgan-gp", "r1", "pacgan2", "unrolled"])
    p.add_argument("--check", nargs="+", metavar="FILE")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(1)
    if a.time:
        make = {"pacgan": PacganStep, "gp": GradientPenaltyStep,
                "wgan-gp": lambda: RegularisedStep("wgan-gp"), "r1": lambda: RegularisedStep("r1"),
                "pacgan2": lambda: PacganStep(pack=2), "unrolled": UnrolledStep}[a.time]
        print(f"{time_step(make, a.warmup, a.steps, a.repeats):.4f}")
        return 0
    if a.check:
        worst = 0.0
        print("| spec | phase | forward | gp parameters | gp input | hvp parameters | hvp input |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for path in a.check:
            spec, phase, e = check(path)
            worst = max(worst, max(e.values()))
            print(f"| `{spec}` | {phase} | " + " | ".join(f"{e[k]:.1e}" for k in (
                "forward", "gp parameters", "gp input", "hvp parameters", "hvp input")) + " |")
        print(f"\nlargest relative error (max |divbench - autograd| / max |autograd|, over each "
              f"quantity's tensors): {worst:.1e}")
        return 0 if worst < 1e-3 else 1
    p.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
