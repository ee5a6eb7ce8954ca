#!/usr/bin/env python3
"""What an objective written in Python costs per training step (issue #23): the same run (the
reference preset's networks and batch) trained in one process by the C++ loop, once with the
built-in `gan-ns` and once with examples/python/softplus_gan.py (the same mathematics in NumPy),
each N steps, timed by the run's own train_seconds less its evaluation.

  PYTHONPATH=build/release/python /usr/bin/python3 bench/python_objective_cost.py [--steps N]
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples", "python"))
import divbench  # noqa: E402
import softplus_gan  # noqa: E402


def ms_per_step(objective, steps, repeats, out):
    best = float("inf")
    for r in range(repeats):
        path = os.path.join(out, f"{objective}-{r}.h5")
        divbench._core.train_in_process(
            ["--objective", objective, "--dataset", "ring8", "--seed", "0", "--steps", str(steps),
             "--eval-every", str(steps), "--out", path], True)
        p = divbench.load(path).provenance()
        best = min(best, (float(p["train_seconds"]) - float(p["eval_seconds"])) / steps * 1e3)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3, help="the fastest of this many runs")
    a = parser.parse_args()
    divbench.register_objective(softplus_gan.SoftplusGan)
    with tempfile.TemporaryDirectory() as out:
        cpp = ms_per_step("gan-ns", a.steps, a.repeats, out)
        py = ms_per_step("py-gan-ns", a.steps, a.repeats, out)
    print(f"reference preset, ring8, {a.steps} steps, fastest of {a.repeats}:")
    print(f"  gan-ns (C++)           {cpp:8.3f} ms/step")
    print(f"  py-gan-ns (Python)     {py:8.3f} ms/step")
    print(f"  Python / C++           {py / cpp:8.2f}x   (+{py - cpp:.3f} ms/step)")


if __name__ == "__main__":
    main()
