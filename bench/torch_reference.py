#!/usr/bin/env python3
"""PyTorch twin of divbench's reference training step, for benchmarks and behaviour comparisons.

Identical configuration to bench/train_step_bench.cpp and `divbench train` defaults:
  G: z(16) -> 256 ReLU -> 256 ReLU -> 2;  D: 2 -> 256 ReLU -> 256 ReLU -> 1
  batch 256; Adam lr 1e-4, betas (0.5, 0.999); non-saturating GAN; 1 D step per G step; ring8
  (8 Gaussians at angles 2*pi*i/8, radius 2, std 0.02).
The D step feeds [real; fake] through D in one batch, as divbench does. The G step is written the
idiomatic way (D's weight gradients are computed and then discarded by the next zero_grad).

  time:  --time --batch 256 --hidden 256     prints ms/step (median of --repeats timings; --best:
                                             the fastest)
  train: --train 10000 --seed 0              prints the high-quality fraction of 2500 samples

Runs single-threaded: torch.set_num_threads(1) and, because OpenBLAS keeps its own thread pool,
OPENBLAS_NUM_THREADS=1 (set here before torch is imported when not already set).
"""
import argparse
import math
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def ring8(n, generator):
    k = torch.randint(0, 8, (n,), generator=generator)
    angle = 2 * math.pi * k.float() / 8
    centres = torch.stack([2 * torch.cos(angle), 2 * torch.sin(angle)], dim=1)
    return centres + 0.02 * torch.randn(n, 2, generator=generator)


class Reference:
    def __init__(self, batch, hidden, latent=16, seed=0):
        torch.manual_seed(seed)
        self.gen = torch.Generator().manual_seed(seed + 1)
        self.batch, self.latent = batch, latent
        self.G = mlp([latent, hidden, hidden, 2])
        self.D = mlp([2, hidden, hidden, 1])
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-4, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=1e-4, betas=(0.5, 0.999))

    def step(self):
        b = self.batch
        real = ring8(b, self.gen)
        with torch.no_grad():
            fake = self.G(torch.randn(b, self.latent, generator=self.gen))
        out = self.D(torch.cat([real, fake]))
        d_loss = F.softplus(-out[:b]).mean() + F.softplus(out[b:]).mean()
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()

        out = self.D(self.G(torch.randn(b, self.latent, generator=self.gen)))
        g_loss = F.softplus(-out).mean()
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        return d_loss.item(), g_loss.item()

    def hq_fraction(self, n=2500):
        with torch.no_grad():
            x = self.G(torch.randn(n, self.latent, generator=self.gen))
        angles = 2 * math.pi * torch.arange(8).float() / 8
        centres = torch.stack([2 * torch.cos(angles), 2 * torch.sin(angles)], dim=1)
        d = torch.cdist(x, centres).min(dim=1).values / 0.02
        return (d < 3).float().mean().item()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--time", action="store_true")
    p.add_argument("--train", type=int, default=0)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--steps", type=int, default=100, help="steps per timing")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--best", action="store_true", help="print the fastest timing, not the median")
    a = p.parse_args()
    torch.set_num_threads(1)
    ref = Reference(a.batch, a.hidden, seed=a.seed)
    if a.time:
        for _ in range(a.warmup):
            ref.step()
        times = []
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            for _ in range(a.steps):
                ref.step()
            times.append((time.perf_counter() - t0) / a.steps * 1e3)
        print(f"{(min(times) if a.best else statistics.median(times)):.4f}")
    elif a.train:
        for _ in range(a.train):
            ref.step()
        print(f"hq_fraction {ref.hq_fraction():.4f}")
    else:
        p.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
