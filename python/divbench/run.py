"""Runs from Python (issue #23): `train` and `sweep` with the command line's option names, run by
the divbench executable of the same build, so that a run file from Python is bitwise the run file
of `divbench train` with the same options (a run is a pure function of binary, config and seed).

    runs = divbench.train(dataset="ring8", objective="rkl", seed=1, steps=2000, out="rkl.h5")
    runs = divbench.sweep({"objective": ["gan-ns", "rkl"], "seed": range(3), "steps": 2000},
                          out="runs/small", workers=2)

Option names are the command line's, with '_' for '-' (g_lr= is --g-lr). A sweep is a file path
or a dict: a list or range value is an axis, anything else one value. Progress lines go to
sys.stderr as the runs finish (a terminal or a notebook shows them). Ctrl-C sends SIGTERM to the
run or sweep, which saves checkpoints, and raises KeyboardInterrupt; the same call continues.

An objective written in Python (divbench.Objective) trains in this process, by the same C++ loop
(divbench._core.train_in_process: the command line's parse, run and run file).
"""
import os
import signal
import subprocess
import sys

from . import _core, _paths
from .objective import is_python_objective, register_objective
from .store import load


def executable():
    """The divbench executable: $DIVBENCH, else the one built or installed with this module."""
    path = os.environ.get("DIVBENCH") or _paths.DIVBENCH
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"{path}: no divbench executable (build the divbench target, or set DIVBENCH)")
    return path


def _option(name):
    return "--" + name.replace("_", "-")


def _value(value):
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _run(args):
    """Runs divbench with `args`, its output streamed to sys.stderr line by line."""
    process = subprocess.Popen([executable(), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
    try:
        for line in process.stdout:
            sys.stderr.write(line)
            sys.stderr.flush()
        code = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGTERM)  # runs save their checkpoints
        process.wait()
        raise
    if code != 0:
        raise RuntimeError(f"divbench {' '.join(args)} exited with {code} (its output is above)")


def train(out, quiet=False, **options):
    """One run into the run file `out`, every other keyword a `divbench train` option; returns the
    run as Runs. `objective` may be a divbench.Objective subclass (registered first) or the name of
    one registered from Python: such runs train in this process (their progress goes to the
    process's stderr), the others in the divbench executable."""
    objective = options.get("objective")
    if isinstance(objective, type):
        options["objective"] = register_objective(objective)
    args = []
    for name, value in options.items():
        args += [_option(name), _value(value)]
    args += ["--out", os.fspath(out)]
    if objective is not None and is_python_objective(options["objective"]):
        _core.train_in_process(args, quiet)
    else:
        _run(["train", *args, *(["--quiet"] if quiet else [])])
    return load(out)


def sweep_text(spec):
    """The sweep file of a dict: 'key = a, b' for a list or range (an axis), 'key = v' else."""
    lines = []
    for name, value in spec.items():
        key = name.replace("_", "-")
        if isinstance(value, (list, tuple, range)):
            lines.append(f"{key} = " + ", ".join(_value(v) for v in value))
        else:
            lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines) + "\n"


def sweep(path_or_dict, out, workers=None):
    """Runs a sweep (a file, or a dict written to OUT/python-sweep.ini) into the directory `out`,
    merges it and returns the merge as Runs."""
    out = os.fspath(out)
    if isinstance(path_or_dict, dict):
        objectives = path_or_dict.get("objective", [])
        for o in objectives if isinstance(objectives, (list, tuple)) else [objectives]:
            if isinstance(o, type) or is_python_objective(o):
                raise ValueError(
                    f"objective {getattr(o, 'name', o)!r} is written in Python: a sweep runs in the "
                    "divbench executable, which does not know it; train its runs with "
                    "divbench.train in this process (docs/python.md)")
        os.makedirs(out, exist_ok=True)
        path = os.path.join(out, "python-sweep.ini")
        with open(path, "w") as f:
            f.write(sweep_text(path_or_dict))
    else:
        path = os.fspath(path_or_dict)
    args = ["sweep", path, "--out", out]
    if workers is not None:
        args += ["--workers", str(workers)]
    _run(args)
    _run(["merge", out])
    return load(os.path.join(out, "merged.h5"))
