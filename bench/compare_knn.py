#!/usr/bin/env python3
"""k-NN KL estimator: divbench against scipy's cKDTree on identical data, single-threaded, and the
ratio. Both compute KL(P || Q) with k = 5 by Wang, Kulkarni, Verdú (2009): the k-th neighbour of
each P sample within P (self excluded: k + 1 neighbours) and within Q.

  /usr/bin/python3 bench/compare_knn.py --bench build/release/bench/divbench_bench_knn_kl

Both sides report the best of 3 repetitions (1 where a repetition takes minutes), so that neither
pays for warm-up. P = N(0, I), Q = N(0.5, I) in d dimensions, n samples each, from numpy with a fixed seed, written
to raw float64 files that both sides read. scipy's tree degenerates at d = 64 (hours at n = 1e5):
there it queries a random subset of P and the time is scaled by n / subset (marked "scaled").
With --python BUILD/python, the Python module's divbench.kl on the same float64 arrays is timed
too, in this process (issue #23): the C++ estimator called from NumPy, the GIL released.
"""
import argparse
import json
import math
import os
import subprocess
import tempfile
import time

import numpy as np
from scipy.spatial import cKDTree

CASES = [(10_000, 2), (100_000, 2), (10_000, 64), (100_000, 64)]
K = 5


def scipy_kl(p, q, k, subset=None, rng=None):
    """Seconds for KL(P || Q) by the cKDTree recipe (tree builds included), and the estimate."""
    start = time.perf_counter()
    tp, tq = cKDTree(p), cKDTree(q)
    build = time.perf_counter() - start
    queries = p if subset is None else p[rng.choice(len(p), subset, replace=False)]
    start = time.perf_counter()
    rho = tp.query(queries, k + 1, workers=1)[0][:, k]
    nu = tq.query(queries, k, workers=1)[0][:, k - 1]
    query = time.perf_counter() - start
    n, m, d = len(p), len(q), p.shape[1]
    kl = d * np.mean(np.log(nu / rho)) + math.log(m / (n - 1))
    scale = 1.0 if subset is None else len(p) / subset
    return build + query * scale, kl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build/release/bench/divbench_bench_knn_kl")
    ap.add_argument("--subset", type=int, default=200, help="scipy queries timed at d = 64, n = 1e5")
    ap.add_argument("--python", help="BUILD/python: also time divbench.kl from the Python module")
    args = ap.parse_args()
    module = None
    if args.python:
        import sys
        sys.path.insert(0, args.python)
        import divbench as module
    rng = np.random.default_rng(0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, d in CASES:
            p = rng.standard_normal((n, d))
            q = rng.standard_normal((n, d)) + 0.5
            pp, qp = os.path.join(tmp, "p.bin"), os.path.join(tmp, "q.bin")
            p.tofile(pp)
            q.tofile(qp)
            repeats = 1 if n * n * d > 1e11 else 3
            out = subprocess.run([args.bench, pp, qp, str(n), str(d), str(K), str(repeats)], check=True,
                                 capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS="1")).stdout
            ours = json.loads(out)
            subset = args.subset if (d >= 64 and n >= 100_000) else None
            runs = [scipy_kl(p, q, K, subset, rng) for _ in range(1 if subset else repeats)]
            theirs, kl = min(r[0] for r in runs), runs[0][1]
            in_python = None
            if module is not None:
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    value = module.kl(p, q, k=K)
                    times.append(time.perf_counter() - start)
                if abs(value - ours["kl"]) > 1e-9 * max(1.0, abs(value)):
                    raise SystemExit(f"divbench.kl {value} differs from the benchmark's {ours['kl']}")
                in_python = min(times)
            rows.append((n, d, ours["seconds"], theirs, subset, ours["kl"], kl, 0.125 * d, in_python))
    python_head = f" {'divbench.kl s':>13} {'scipy/divbench.kl':>17}" if module else ""
    print(f"{'n':>7} {'d':>3} {'divbench s':>11} {'scipy s':>10} {'scipy/divbench':>15}{python_head}  "
          f"{'KL divbench':>11} {'KL scipy':>9} {'true KL':>8}")
    for n, d, ours, theirs, subset, kl_ours, kl_theirs, truth, in_python in rows:
        mark = f" (scaled from {subset} queries)" if subset else ""
        kl_theirs_text = f"{kl_theirs:9.4f}" if not subset else f"{'subset':>9}"
        python_cols = f" {in_python:13.3f} {theirs / in_python:17.1f}" if module else ""
        print(f"{n:>7} {d:>3} {ours:11.3f} {theirs:10.3f} {theirs / ours:15.1f}{python_cols}  "
              f"{kl_ours:11.4f} {kl_theirs_text} {truth:8.4f}{mark}")
    print("ratio > 1: divbench is faster. Both single-threaded; scipy", __import__("scipy").__version__)


if __name__ == "__main__":
    main()
