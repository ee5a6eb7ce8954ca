"""Shared fixtures of the Python module's tests (run by CTest as python.pytest, with PYTHONPATH
at the build tree's python/ and DIVBENCH the command-line binary of the same build)."""
import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def divbench_cli():
    path = os.environ.get("DIVBENCH")
    if not path or not os.path.exists(path):
        pytest.fail("DIVBENCH must name the divbench binary of this build (CTest sets it)")
    return path


def run_cli(cli, *args):
    out = subprocess.run([cli, *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        raise AssertionError(f"divbench {' '.join(map(str, args))} failed:\n{out.stderr}")
    return out.stdout
