"""divbench from Python (issue #23): its estimators on NumPy arrays and its stored runs as pandas.

    import divbench
    divbench.kl(p, q, k=5)                      # k-NN KL(P || Q), the numbers of `divbench kl`
    divbench.entropy(x, k=5)
    divbench.mode_coverage(x, dataset="ring8")  # or a mixture CSV file, or labelled data
    divbench.precision_recall(real, fake, k=3)
    divbench.density_coverage(real, fake, k=5)
    runs = divbench.load("runs/mode-coverage/merged.h5")   # a run file, a merge or a collection
    runs.index                                   # one row per run: options, status, final metrics
    runs.curves(metrics=["modes_covered"])       # long format: run, step, metric, value
    divbench.train(out="rkl.h5", dataset="ring8", objective="rkl", seed=1)   # CLI option names
    divbench.sweep({"objective": ["gan-ns", "rkl"], "seed": range(3)}, out="runs/small")
    divbench.register_objective(MyObjective)     # a divbench.Objective subclass, written in Python
    divbench.check_objective("my-objective")     # the conformance suite: [] when it conforms

From the build tree: PYTHONPATH=build/dev/python /usr/bin/python3 (docs/python.md).
"""
from ._core import (density_coverage, entropy, kl, known_density_kl, mode_coverage,  # noqa: F401
                    precision_recall)
from .objective import (Objective, check_objective, objectives,  # noqa: F401
                        register_objective)
from .run import executable, sweep, train  # noqa: F401
from .store import Runs, load  # noqa: F401

__all__ = ["kl", "entropy", "mode_coverage", "precision_recall", "density_coverage",
           "known_density_kl", "load", "Runs", "train", "sweep", "executable", "Objective",
           "register_objective", "check_objective", "objectives"]
