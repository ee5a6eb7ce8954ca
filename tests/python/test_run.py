"""Runs from Python: the command line's run files bitwise, dict sweeps, and Ctrl-C."""
import os
import signal
import subprocess
import sys
import time

import pytest

import divbench
from conftest import run_cli

SMALL = dict(dataset="ring8", objective="rkl", seed=3, steps=60, eval_every=30, g_width=16,
             d_width=16, batch_size=32, samples=100, eval_samples=100, final_samples=100,
             estimate_samples=64)


def cli_args(options):
    args = []
    for name, value in options.items():
        args += ["--" + name.replace("_", "-"), str(value)]
    return args


def test_train_writes_the_command_lines_run_file(tmp_path, divbench_cli):
    runs = divbench.train(out=tmp_path / "python.h5", **SMALL)
    assert len(runs) == 1 and runs.index["status"][0] == "complete"
    run_cli(divbench_cli, "train", *cli_args(SMALL), "--out", tmp_path / "cli.h5")
    out = run_cli(divbench_cli, "compare", tmp_path / "python.h5", tmp_path / "cli.h5")
    assert out.strip().endswith("identical")


def test_a_dict_sweep(tmp_path, divbench_cli):
    spec = {**SMALL, "objective": ["gan-ns", "rkl"], "seed": range(2)}
    runs = divbench.sweep(spec, out=tmp_path / "sweep", workers=2)
    assert len(runs) == 4 and set(runs.index["status"]) == {"complete"}
    text = (tmp_path / "sweep" / "python-sweep.ini").read_text()
    assert "objective = gan-ns, rkl\n" in text and "seed = 0, 1\n" in text
    plan = run_cli(divbench_cli, "plan", tmp_path / "sweep" / "python-sweep.ini")
    assert all(run_id in plan for run_id in runs.index["id"])
    again = divbench.sweep(spec, out=tmp_path / "sweep", workers=2)   # nothing trained again
    assert list(again.index["id"]) == list(runs.index["id"])


def test_bad_options_raise_with_the_command_lines_message(tmp_path, capfd):
    with pytest.raises(RuntimeError, match="exited with 2"):
        divbench.train(out=tmp_path / "bad.h5", dataset="ring8", objective="nope")
    assert "unknown objective 'nope'" in capfd.readouterr().err


def test_ctrl_c_saves_a_checkpoint_and_the_same_call_continues(tmp_path, divbench_cli):
    options = {**SMALL, "steps": 4000, "eval_every": 500, "checkpoint_every": 100}
    script = (f"import divbench, pathlib\n"
              f"divbench.train(out=pathlib.Path({str(tmp_path / 'run.h5')!r}), **{options!r})\n")
    child = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    checkpoint = tmp_path / "run.h5.ckpt"
    deadline = time.time() + 120
    while not checkpoint.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert checkpoint.exists(), "no checkpoint within 120 s"
    child.send_signal(signal.SIGINT)          # Ctrl-C in the Python process only
    _, err = child.communicate(timeout=120)
    assert child.returncode != 0 and "KeyboardInterrupt" in err
    assert checkpoint.exists() and not (tmp_path / "run.h5").exists()
    divbench.train(out=tmp_path / "run.h5", **options)                # continues
    run_cli(divbench_cli, "train", *cli_args(options), "--out", tmp_path / "whole.h5")
    out = run_cli(divbench_cli, "compare", tmp_path / "run.h5", tmp_path / "whole.h5")
    assert out.strip().endswith("identical")
