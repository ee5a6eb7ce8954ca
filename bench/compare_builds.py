#!/usr/bin/env python3
"""Two builds of divbench against each other on the training-step benchmark: paired rounds.

  /usr/bin/python3 bench/compare_builds.py BEFORE_BUILD AFTER_BUILD [--rounds 5]

Each build directory must hold bench/divbench_bench_train_step (release preset). For the
reference step (batch 256, hidden 256) and the small step (batch 64, hidden 128), the two builds
run alternately, `--rounds` times each; the table gives each build's fastest ms/step (on a shared
machine interference only adds time) and after/before. A refactor that must not slow the step
down is held to after/before <= 1 within the rounds' spread, which the table also prints.
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the benchmarks' environment: both builds
choose their kernels themselves (common/gemm.hpp).
"""
import argparse
import json
import os
import subprocess
import sys

CASES = [("reference step", 256, 256), ("small step", 64, 128)]


def step_ms(build, batch, hidden):
    out = subprocess.run(
        [os.path.join(build, "bench", "divbench_bench_train_step"), "--benchmark_format=json",
         f"--benchmark_filter=batch:{batch}/hidden:{hidden}/"],
        check=True, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    ).stdout
    (b,) = json.loads(out)["benchmarks"]
    assert b["time_unit"] == "ms"
    return b["real_time"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args()
    print("| case | before (ms) | after (ms) | after/before | spread of rounds (before, after) |")
    print("|---|---:|---:|---:|---|")
    for name, batch, hidden in CASES:
        times = {"before": [], "after": []}
        for _ in range(a.rounds):
            times["before"].append(step_ms(a.before, batch, hidden))
            times["after"].append(step_ms(a.after, batch, hidden))
        b, f = min(times["before"]), min(times["after"])
        spread = ", ".join(f"{min(t):.3f}-{max(t):.3f}" for t in times.values())
        print(f"| {name} | {b:.3f} | {f:.3f} | {f / b:.3f} | {spread} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
