#!/usr/bin/env python3
"""A PyTorch twin of the plain GAN of divbench's `unrolled-gan` preset (issue #21): the Unrolled-GAN
notebook's protocol with unrolling_steps = 0, trained by PyTorch over several seeds, its final
metrics set beside those of divbench's stored runs of the same protocol. Where divbench and the
paper disagree, this says whether the difference lies in divbench (the twin disagrees with
divbench) or in the protocol (the twin agrees with divbench).

The twin follows docs/presets.md, section unrolled-gan, setting by setting (Metz et al., Unrolled
Generative Adversarial Networks, ICLR 2017; github.com/poolio/unrolled_gan, Unrolled GAN
demo.ipynb):
  Data  8 Gaussians at angles 2 pi i / 8 on the unit circle, std 0.01, 512 fresh points a step.
  G     z ~ N(0, I256) -> Linear(128) tanh -> Linear(128) tanh -> Linear(2);
  D     x -> Linear(128) tanh -> Linear(128) tanh -> Linear(1); every weight orthogonal with gain
        1.4, biases 0.
  Loss  D: softplus(-D(x)) + softplus(D(G(z))) (sigmoid cross-entropy); G: minus D's loss, the
        minimax game.
  Updates  simultaneous (the notebook's one sess.run of both train ops): both gradients at the
           same point, then Adam for D (lr 1e-4) and G (lr 1e-3), betas (0.5, 0.999), eps 1e-8;
           25,000 steps.
  Metric  10,000 final samples; each goes to the mode of smallest standardised distance, high
          quality (HQ) below 3; a mode is covered with at least one HQ sample; modes_kl =
          KL(HQ histogram || uniform) (divbench's defaults, as its runs record).

The random streams are PyTorch's, not divbench's: the two agree in distribution, not run by run.

  /usr/bin/python3 bench/unrolled_twin.py --merged published/unrolled-gan/merged.h5 --seeds 10

prints a Markdown table: per metric, divbench's mean ± standard error over the stored runs of the
plain GAN (schedule simultaneous), the twin's, and Welch's two-sided t-test (alpha 0.05).
Single-threaded PyTorch.
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import h5py  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from pacgan_twin import (DATASETS, INDEX_COLUMNS, METRICS, comparison_row,  # noqa: E402
                         mode_metrics, simultaneous_step)  # (bench/, beside this script)

_, MEANS, STD = DATASETS["ring"]  # the notebook's ring is PacGAN's: radius 1, std 0.01


def mlp(width_in, width_out):
    net = nn.Sequential(nn.Linear(width_in, 128), nn.Tanh(), nn.Linear(128, 128), nn.Tanh(),
                        nn.Linear(128, width_out))
    for layer in net:
        if isinstance(layer, nn.Linear):
            nn.init.orthogonal_(layer.weight, gain=1.4)
            nn.init.zeros_(layer.bias)
    return net


def train_twin(seed, steps, batch=512, final_samples=10000):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    means = torch.tensor(MEANS, dtype=torch.float32)
    G, D = mlp(256, 2), mlp(2, 1)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.5, 0.999), eps=1e-8)
    for _ in range(steps):
        which = torch.randint(0, 8, (batch,), generator=gen)
        real = means[which] + STD * torch.randn(batch, 2, generator=gen)
        fake = G(torch.randn(batch, 256, generator=gen))
        out = D(torch.cat([real, fake]))  # (2 batch, 1)
        d_loss = F.softplus(-out[:batch]).mean() + F.softplus(out[batch:]).mean()
        g_loss = -F.softplus(out[batch:]).mean()  # minus D's loss; its real part is constant in G
        simultaneous_step(D, G, d_loss, g_loss, opt_d, opt_g)
    with torch.no_grad():
        x = G(torch.randn(final_samples, 256, generator=gen)).double().numpy()
    return mode_metrics(x, MEANS, STD)


def stored_runs(merged, schedule="simultaneous"):
    with h5py.File(merged) as f:
        index = f["index"][()]
    rows = [r for r in index if r["schedule"].decode() == schedule and r["status"] == b"complete"]
    return [{k: float(r[INDEX_COLUMNS[k]]) for k in METRICS} for r in rows]


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--merged", required=True, help="divbench's merged unrolled-gan runs")
    p.add_argument("--steps", type=int, default=25000)
    p.add_argument("--seeds", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(1)

    ours = stored_runs(a.merged)
    twin, start = [], time.time()
    for seed in range(a.seeds):
        twin.append(train_twin(seed, a.steps))
        print(f"twin seed={seed}: {twin[-1]}", file=sys.stderr)
    twin_s = time.time() - start

    print(f"Unrolled-GAN notebook protocol, plain GAN (simultaneous), {a.steps} steps; divbench: "
          f"{len(ours)} stored runs, twin: {a.seeds} seeds; mean ± standard error; Welch's "
          f"two-sided t-test, alpha 0.05.\n")
    print("| metric | divbench | PyTorch twin | p | agree |")
    print("|---|---:|---:|---:|---|")
    for k in METRICS:
        print(comparison_row(k, [r[k] for r in ours], [r[k] for r in twin]))
    print(f"\ntwin wall time {twin_s:.0f} s (one thread)")


if __name__ == "__main__":
    main()
