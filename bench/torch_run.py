#!/usr/bin/env python3
"""PyTorch + scipy twin of a whole divbench run (issue #8, target 3), for bench/compare.py.

The same work as `divbench train --dataset ring8 --objective gan-ns --steps STEPS --eval-every
EVERY` at its defaults: the reference step of bench/torch_reference.py, and every EVERY steps an
evaluation on fresh samples, as divbench's harness/evaluation.cpp does it:
  - 2500 generated and 2500 data samples: k-NN KL in both directions and the generated samples'
    Kozachenko-Leonenko entropy (k = 5; Wang, Kulkarni, Verdu 2009), the known-density reverse KL,
    precision/recall (k = 3; Kynkaanniemi et al. 2019) and density/coverage (k = 5; Naeem et al.
    2020), all with scipy's cKDTree; mode coverage (PacGAN's protocol, threshold 3);
  - the objective's own estimates (kl_fwd, kl_rev, jsd from D's logit) on 4096 held-out samples;
and a final evaluation on 10000 samples. Single-threaded. Prints one JSON object: total seconds,
evaluation seconds, and the final metrics (a sanity check, not a comparison of numbers).

  /usr/bin/python3 bench/torch_run.py --steps 20000 --every 1000
"""
import argparse
import json
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402
from scipy.special import digamma, gammaln, logsumexp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_reference import Reference, ring8  # noqa: E402

STD = 0.02
CENTRES = np.array([[2 * math.cos(2 * math.pi * i / 8), 2 * math.sin(2 * math.pi * i / 8)]
                    for i in range(8)])


def kth(tree, x, k, self_search):
    d = tree.query(x, k + 1 if self_search else k, workers=1)[0]
    return d[:, k] if self_search else d[:, k - 1]


def knn_kl(p, q, k=5):
    rho, nu = kth(cKDTree(p), p, k, True), kth(cKDTree(q), p, k, False)
    return p.shape[1] * np.mean(np.log(nu / rho)) + math.log(len(q) / (len(p) - 1))


def entropy(x, k=5):
    n, d = x.shape
    rho = kth(cKDTree(x), x, k, True)
    log_ball = 0.5 * d * math.log(math.pi) - gammaln(0.5 * d + 1)
    return digamma(n) - digamma(k) + log_ball + d * np.mean(np.log(rho))


def log_density(x):
    sq = ((x[:, None, :] - CENTRES[None, :, :]) ** 2).sum(-1)
    return logsumexp(-sq / (2 * STD**2), axis=1) - math.log(8) - math.log(2 * math.pi * STD**2)


def balls_containing(centres, radii, queries):
    tree = cKDTree(centres)
    out = np.zeros(len(queries), dtype=int)
    for i, near in enumerate(tree.query_ball_point(queries, radii.max(), workers=1)):
        near = np.asarray(near, dtype=int)
        if len(near):
            out[i] = np.count_nonzero(((centres[near] - queries[i]) ** 2).sum(1) <= radii[near] ** 2)
    return out


def precision_recall(real, fake):
    r3, f3 = kth(cKDTree(real), real, 3, True), kth(cKDTree(fake), fake, 3, True)
    r5 = kth(cKDTree(real), real, 5, True)
    in_real = balls_containing(real, r5, fake)
    nearest_fake = cKDTree(fake).query(real, 1, workers=1)[0]
    return {"precision": np.mean(balls_containing(real, r3, fake) > 0),
            "recall": np.mean(balls_containing(fake, f3, real) > 0),
            "density": in_real.sum() / (5 * len(fake)),
            "coverage": np.mean(nearest_fake <= r5)}


def mode_coverage(fake):
    dist = np.sqrt(((fake[:, None, :] - CENTRES[None, :, :]) ** 2).sum(-1)) / STD
    mode, best = dist.argmin(1), dist.min(1)
    hist = np.bincount(mode[best < 3], minlength=8).astype(float)
    p, w = hist / max(hist.sum(), 1), np.full(8, 1 / 8)
    nz = p > 0
    return {"modes_covered": int((hist > 0).sum()), "hq_fraction": float(np.mean(best < 3)),
            "modes_kl": float(np.sum(p[nz] * np.log(p[nz] / w[nz]))),
            "modes_kl_reverse": float(np.sum(w * np.log(w / np.maximum(p, 1e-300))))}


def evaluate(ref, n, estimate_n, gen):
    with torch.no_grad():
        fake = ref.G(torch.randn(n, ref.latent, generator=gen)).double().numpy()
        real = ring8(n, gen).double().numpy()
        v_real = ref.D(ring8(estimate_n, gen)).squeeze(1)
        v_fake = ref.D(ref.G(torch.randn(estimate_n, ref.latent, generator=gen))).squeeze(1)
    loss = (F.softplus(-v_real).mean() + F.softplus(v_fake).mean()).item()
    h = entropy(fake)
    m = {"knn_kl_fwd": knn_kl(real, fake), "knn_kl_rev": knn_kl(fake, real), "entropy_g": h,
         "kl_rev_known": -h - float(np.mean(log_density(fake))),
         "kl_fwd": v_real.mean().item(), "kl_rev": -v_fake.mean().item(),
         "jsd": (math.log(4) - loss) / 2}
    m.update(precision_recall(real, fake))
    m.update(mode_coverage(fake))
    return {k: float(v) for k, v in m.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--every", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(1)
    start = time.perf_counter()
    ref = Reference(256, 256, seed=a.seed)
    gen = torch.Generator().manual_seed(a.seed + 2)  # the evaluation stream
    eval_seconds = 0.0
    for step in range(1, a.steps + 1):
        ref.step()
        if step % a.every == 0 or step == a.steps:
            t0 = time.perf_counter()
            evaluate(ref, 2500, 4096, gen)
            eval_seconds += time.perf_counter() - t0
    t0 = time.perf_counter()
    final = evaluate(ref, 10000, 4096, gen)
    eval_seconds += time.perf_counter() - t0
    total = time.perf_counter() - start
    print(json.dumps({"seconds": total, "eval_seconds": eval_seconds, "final": final}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
