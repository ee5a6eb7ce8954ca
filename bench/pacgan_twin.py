#!/usr/bin/env python3
"""A PyTorch twin of divbench's `pacgan` preset (issue #21): PacGAN's 2-D protocol trained by
PyTorch and by divbench on the same short horizon and seeds, and the two distributions of the
final metrics side by side. Where divbench's numbers and the paper's disagree, this says whether
the difference lies in divbench (the twin disagrees with divbench) or in the protocol (the twin
agrees with divbench).

The twin follows docs/presets.md, section pacgan, setting by setting (Lin et al., PacGAN,
NeurIPS 2018; github.com/fjxmlzn/PacGAN synthetic_data_experiments):
  G   z ~ N(0, I2) -> 4 x [Linear(400, no bias), BatchNorm1d(eps 1e-4, momentum 0.05), ReLU]
      -> Linear(2, with bias); D (2M) -> 3 x maxout(200, 5 pieces) -> Linear(1); N(0, 0.02)
      weights, zero biases.
  Loss  D: softplus(-D(x)) + softplus(D(G(z))); G: softplus(-D(G(z))) (pacgan/bricks.py:69-72),
        D on [real; generated] in one pass (bricks.py:46-48).
  Updates  simultaneous: both gradients at the same point from that one pass, then both Adam
           steps (lr 1e-4, betas (0.8, 0.999), eps 1e-8); batch 100 packs.
  Data  M x 100,000 points of the ring (radius 1, std 0.01; or the 5x5 grid, spacing 2, std
        0.05) drawn once, reshuffled every epoch; a pack is M consecutive points of the shuffled
        set; M x 100 generated samples per step, in one batch.
  Metric  2500 samples from G in eval mode (population statistics); each sample goes to the mode
          of smallest standardised distance, high quality (HQ) below 3; a mode is covered with at
          least one HQ sample; modes_kl = KL(HQ histogram || uniform) (pacgan/extensions.py).

The random streams are PyTorch's, not divbench's: the two agree in distribution, not run by run.

  /usr/bin/python3 bench/pacgan_twin.py --divbench build/release/cli/divbench \\
      --steps 10000 --seeds 5 --pack 1 2 --dataset ring --out /tmp/pacgan-twin

prints a Markdown table: per packing and metric, divbench's mean ± standard error, the twin's,
and Welch's two-sided t-test (alpha 0.05). Single-threaded PyTorch; divbench with --workers.
"""
import argparse
import math
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from scipy import stats  # noqa: E402

from torch_networks import Maxout, normal_init  # noqa: E402  (bench/, beside this script)

DATASETS = {
    # divbench spec, means, std of every coordinate
    "ring": ("ring:k=8,radius=1,std=0.01",
             np.array([[math.cos(2 * math.pi * i / 8), math.sin(2 * math.pi * i / 8)]
                       for i in range(8)]), 0.01),
    "grid": ("grid25", np.array([[x, y] for x in (-4, -2, 0, 2, 4) for y in (-4, -2, 0, 2, 4)],
                                dtype=float), 0.05),
}
METRICS = ["modes", "hq", "modes_kl"]
# The merged file's /index column of each metric.
INDEX_COLUMNS = {"modes": "modes_covered", "hq": "hq_fraction", "modes_kl": "modes_kl"}


def networks(pack):
    g, width = [], 2
    for _ in range(4):
        g += [nn.Linear(width, 400, bias=False), nn.BatchNorm1d(400, eps=1e-4, momentum=0.05),
              nn.ReLU()]
        width = 400
    G = nn.Sequential(*g, nn.Linear(400, 2))
    d, width = [], 2 * pack
    for _ in range(3):
        d += [nn.Linear(width, 1000), Maxout(5)]
        width = 200
    D = nn.Sequential(*d, nn.Linear(200, 1))
    G.apply(normal_init)
    D.apply(normal_init)
    return G, D


def mode_metrics(x, means, std, threshold=3.0):
    d = np.sqrt((((x[:, None, :] - means[None, :, :]) / std) ** 2).sum(-1))  # (n, modes)
    nearest, dist = d.argmin(1), d.min(1)
    hq = np.isfinite(dist) & (dist < threshold)
    counts = np.bincount(nearest[hq], minlength=len(means))
    p = counts / max(counts.sum(), 1)
    pi = 1.0 / len(means)
    kl = float(sum(pj * math.log(pj / pi) for pj in p if pj > 0)) if counts.sum() else math.nan
    return {"modes": int((counts >= 1).sum()), "hq": float(hq.mean()), "modes_kl": kl}


def simultaneous_step(D, G, d_loss, g_loss, opt_d, opt_g):
    """Both players' gradients at the same point (from one forward pass), then both Adam steps."""
    d_grads = torch.autograd.grad(d_loss, list(D.parameters()), retain_graph=True)
    g_grads = torch.autograd.grad(g_loss, list(G.parameters()))
    for p, g in zip(D.parameters(), d_grads):
        p.grad = g
    for p, g in zip(G.parameters(), g_grads):
        p.grad = g
    opt_d.step()
    opt_g.step()


def comparison_row(label, x, y):
    """A Markdown row: divbench's values x and the twin's y as mean ± standard error, Welch's
    two-sided p and whether they agree at alpha 0.05."""
    (mx, sx), (my, sy) = cell(x), cell(y)
    if np.std(x) == 0 and np.std(y) == 0:
        pv = 1.0 if mx == my else 0.0
    else:
        pv = stats.ttest_ind(x, y, equal_var=False).pvalue
    return (f"| {label} | {mx:.3f} ± {sx:.3f} | {my:.3f} ± {sy:.3f} | {pv:.3f} | "
            f"{'yes' if pv >= 0.05 else 'no'} |")


def train_twin(dataset, pack, steps, seed, train_size=100000, batch=100):
    _, means, std = DATASETS[dataset]
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    n = pack * train_size
    which = torch.randint(0, len(means), (n,), generator=gen)
    data = torch.tensor(means, dtype=torch.float32)[which] + std * torch.randn(n, 2, generator=gen)
    G, D = networks(pack)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.8, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.8, 0.999), eps=1e-8)
    per_epoch = n // (batch * pack)
    order = None
    for step in range(steps):
        if step % per_epoch == 0:
            order = torch.randperm(n, generator=gen)
        i = step % per_epoch
        real = data[order[i * batch * pack:(i + 1) * batch * pack]].view(batch, 2 * pack)
        fake = G(torch.randn(batch * pack, 2, generator=gen)).view(batch, 2 * pack)
        out = D(torch.cat([real, fake]))  # (2 batch, 1): one pass, as bricks.py:46-48
        d_loss = F.softplus(-out[:batch]).mean() + F.softplus(out[batch:]).mean()
        g_loss = F.softplus(-out[batch:]).mean()
        simultaneous_step(D, G, d_loss, g_loss, opt_d, opt_g)
    G.eval()
    with torch.no_grad():
        x = G(torch.randn(2500, 2, generator=gen)).double().numpy()
    return mode_metrics(x, means, std)


def run_divbench(divbench, dataset, packs, steps, seeds, out, workers):
    spec = DATASETS[dataset][0]
    os.makedirs(out, exist_ok=True)
    ini = os.path.join(out, "sweep.ini")
    lines = ["preset = pacgan", f"dataset = {spec}", f"seed = 0..{seeds - 1}",
             "pack = " + ", ".join(str(m) for m in packs), f"steps = {steps}",
             f"eval-every = {steps}"]
    for m in packs:
        if m != 1:
            lines += [f"[pack.{m}]", f"train-size = {m * 100000}"]
    with open(ini, "w") as f:
        f.write("\n".join(lines) + "\n")
    runs = os.path.join(out, "divbench")
    subprocess.run([divbench, "sweep", ini, "--out", runs, "--workers", str(workers)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([divbench, "merge", runs], check=True, stdout=subprocess.DEVNULL)
    with h5py.File(os.path.join(runs, "merged.h5")) as f:
        index = f["index"][()]
    result = {}
    for row in index:
        m = int(row["pack"]) if "pack" in index.dtype.names else packs[0]
        result.setdefault(m, []).append({k: float(row[INDEX_COLUMNS[k]]) for k in METRICS})
    return result


def cell(values):
    v = np.array(values, dtype=float)
    return v.mean(), (v.std(ddof=1) / math.sqrt(len(v)) if len(v) > 1 else math.nan)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--divbench", required=True)
    p.add_argument("--dataset", choices=sorted(DATASETS), default="ring")
    p.add_argument("--pack", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, default=10000)
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(1)

    start = time.time()
    ours = run_divbench(a.divbench, a.dataset, a.pack, a.steps, a.seeds, a.out, a.workers)
    divbench_s = time.time() - start
    twin, twin_s = {}, 0.0
    for m in a.pack:
        for seed in range(a.seeds):
            start = time.time()
            twin.setdefault(m, []).append(train_twin(a.dataset, m, a.steps, seed))
            twin_s += time.time() - start
            print(f"twin M={m} seed={seed}: {twin[m][-1]}", file=sys.stderr)

    print(f"PacGAN protocol on {DATASETS[a.dataset][0]}, {a.steps} steps, {a.seeds} seeds per "
          f"packing; mean ± standard error; Welch's two-sided t-test, alpha 0.05.\n")
    print("| M | metric | divbench | PyTorch twin | p | agree |")
    print("|---:|---|---:|---:|---:|---|")
    for m in a.pack:
        for k in METRICS:
            print(comparison_row(f"{m} | {k}", [r[k] for r in ours.get(m, [])],
                                 [r[k] for r in twin[m]]))
    print(f"\nwall time: divbench {divbench_s:.0f} s ({a.workers} workers), "
          f"twin {twin_s:.0f} s (one thread)")


if __name__ == "__main__":
    main()
