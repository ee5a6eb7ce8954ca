#!/usr/bin/env python3
"""Runs divbench's training-step benchmark and the PyTorch twin side by side, in one invocation,
and prints ms/step of each and their ratio.

  /usr/bin/python3 bench/compare_step.py [--bench build/release/bench/divbench_bench_train_step]

PyTorch runs single-threaded (torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1) under both of
OpenBLAS's kernel choices on this CPU — its default detection and OPENBLAS_CORETYPE=SkylakeX — and
the faster one is used for the ratio. Needs Debian's python3-torch with libopenblas0-pthread
(without OpenBLAS, torch falls back to the reference BLAS and is ~15x slower).
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [("reference", 256, 256), ("small", 64, 128)]


def divbench_ms(bench):
    out = subprocess.run([bench, "--benchmark_format=json", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    result = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            batch = int(b["run_name"].split("batch:")[1].split("/")[0])
            assert b["time_unit"] == "ms"
            result[batch] = b["real_time"]  # one iteration is one training step
    return result


def torch_ms(batch, hidden, coretype):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    out = subprocess.run([sys.executable, os.path.join(HERE, "torch_reference.py"), "--time",
                          "--batch", str(batch), "--hidden", str(hidden)],
                         check=True, capture_output=True, text=True, env=env).stdout
    return float(out.strip())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bench", default=os.path.join(HERE, "..", "build", "release", "bench",
                                                   "divbench_bench_train_step"))
    a = p.parse_args()
    ours = divbench_ms(a.bench)
    print(f"{'case':<10} {'batch':>5} {'hidden':>6} {'divbench ms':>12} {'torch ms':>9} "
          f"{'torch ms (SkylakeX)':>20} {'divbench/torch':>15}")
    for name, batch, hidden in CASES:
        t_default = torch_ms(batch, hidden, None)
        t_skx = torch_ms(batch, hidden, "SkylakeX")
        best = min(t_default, t_skx)
        print(f"{name:<10} {batch:>5} {hidden:>6} {ours[batch]:>12.3f} {t_default:>9.3f} "
              f"{t_skx:>20.3f} {ours[batch] / best:>15.2f}")
    print("ratio < 1 means divbench is faster; torch's faster OpenBLAS setting is the reference.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
