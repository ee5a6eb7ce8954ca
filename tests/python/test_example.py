"""docs/python.md's example script runs (at a small size) and draws its figure."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_example_script(tmp_path):
    out = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "python-example.py"), "--out",
         str(tmp_path / "nb"), "--steps", "60", "--extra", "g-width=16", "d-width=16",
         "batch-size=32", "samples=100", "eval-samples=100", "final-samples=100",
         "estimate-samples=64"],
        capture_output=True, text=True, env=os.environ.copy())
    assert out.returncode == 0, out.stderr
    assert "modes covered" not in out.stderr
    assert "ring8/gan-ns/seed=0" in out.stdout and "of 8 modes" in out.stdout
    with open(tmp_path / "nb" / "modes.png", "rb") as f:
        assert f.read(4) == b"\x89PNG"
