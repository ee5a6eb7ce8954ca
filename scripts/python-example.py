#!/usr/bin/env python3
"""docs/python.md's example: a small sweep from Python, loaded as pandas, a figure of mode coverage
over training, and the estimators on stored samples.
  PYTHONPATH=build/dev/python /usr/bin/python3 scripts/python-example.py [--out DIR] [--steps N]
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import divbench  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--out", default="runs/notebook")
parser.add_argument("--steps", type=int, default=3000)
parser.add_argument("--extra", nargs="*", default=[], help="more options as KEY=VALUE")
a = parser.parse_args()

spec = {"dataset": "ring8", "objective": ["gan-ns", "rkl"], "seed": range(3), "steps": a.steps,
        "eval_every": max(a.steps // 6, 1)}
spec.update(dict(item.split("=", 1) for item in a.extra))
runs = divbench.sweep(spec, out=a.out, workers=2)
print(runs.index[["run", "modes_covered", "hq_fraction", "knn_kl_rev"]].to_string(index=False))

curves = runs.curves(metrics=["modes_covered"])
for name, c in curves.groupby("run"):
    plt.plot(c["step"], c["value"], label=name)
plt.xlabel("step")
plt.ylabel("modes covered")
plt.legend(fontsize="small")
figure = os.path.join(a.out, "modes.png")
plt.savefig(figure, dpi=100)
print(f"figure: {figure}")

x = runs.samples(runs.index["id"][0])
coverage = divbench.mode_coverage(x, dataset="ring8")
print(f"{runs.index['run'][0]}: {coverage['modes_covered']} of {coverage['modes_total']} modes, "
      f"entropy {divbench.entropy(x):.3f} nats")
