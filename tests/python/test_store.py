"""Stored runs as pandas: a merged sweep, a run file and a collection, each checked against the
file itself read with h5py."""
import h5py
import numpy as np
import pandas as pd
import pytest

import divbench
from conftest import run_cli

SWEEP = """dataset = ring8
objective = gan-ns, lsgan
seed = 0
steps = 40
eval-every = 20
g-width = 16
d-width = 16
batch-size = 32
samples = 100
eval-samples = 100
final-samples = 100
estimate-samples = 64
"""


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory, divbench_cli):
    root = tmp_path_factory.mktemp("sweep")
    (root / "sweep.ini").write_text(SWEEP)
    run_cli(divbench_cli, "sweep", root / "sweep.ini", "--out", root / "out", "--workers", 1)
    run_cli(divbench_cli, "merge", root / "out")
    return root / "out"


def test_a_merged_sweep(sweep_dir):
    runs = divbench.load(sweep_dir / "merged.h5")
    assert runs.kind == "merge" and len(runs) == 2
    index = runs.index
    assert list(index["objective"]) == ["gan-ns", "lsgan"]          # strings decoded
    assert set(index["status"]) == {"complete"}
    with h5py.File(sweep_dir / "merged.h5") as f:
        for _, row in index.iterrows():
            final = f[f"runs/{row['id']}/final"].attrs
            assert row["modes_covered"] == final["modes_covered"]
            assert row["hq_fraction"] == final["hq_fraction"]
            assert row["run"] == f"ring8/{row['objective']}/seed=0"


def test_curves_in_long_format(sweep_dir):
    runs = divbench.load(sweep_dir / "merged.h5")
    curves = runs.curves()
    assert list(curves.columns) == ["run", "step", "metric", "value"]
    assert {"d_loss", "g_loss", "modes_covered"} <= set(curves["metric"])
    assert any(m.startswith("objective/") for m in curves["metric"])
    one = runs.curves(runs=runs.index["run"][0], metrics=["modes_covered"])
    run_id = runs.index["id"][0]
    with h5py.File(sweep_dir / "merged.h5") as f:
        np.testing.assert_array_equal(one["step"], f[f"runs/{run_id}/curves/step"][()])
        np.testing.assert_array_equal(one["value"],
                                      f[f"runs/{run_id}/curves/metrics/modes_covered"][()])


def test_samples_config_and_provenance(sweep_dir):
    runs = divbench.load(sweep_dir / "merged.h5")
    run_id = runs.index["id"][1]
    samples = runs.samples(run_id)
    assert samples.shape == (100, 2) and samples.dtype == np.float32
    assert runs.config(run_id)["objective"].startswith("lsgan")
    provenance = runs.provenance(run_id)
    assert provenance["status"] == "complete" and isinstance(provenance["git_commit"], str)
    with pytest.raises(KeyError, match="no run 'nope'"):
        runs.samples("nope")


def test_a_run_file_and_a_collection(sweep_dir, divbench_cli, tmp_path):
    files = sorted((sweep_dir / "runs").glob("*.h5"))
    single = divbench.load(files[0])
    assert single.kind == "run" and len(single) == 1
    assert single.samples().shape == (100, 2)
    assert single.curves()["run"].unique().tolist() == [files[0].stem]
    run_cli(divbench_cli, "collect", tmp_path / "both.h5", *files)
    both = divbench.load(tmp_path / "both.h5")
    assert both.kind == "collection" and len(both) == 2
    merged = divbench.load(sweep_dir / "merged.h5").index.set_index("id")
    for _, row in both.index.iterrows():
        assert row["modes_covered"] == merged.loc[row["run"], "modes_covered"]


def test_what_is_not_a_divbench_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        divbench.load(tmp_path / "missing.h5")
    (tmp_path / "text.h5").write_text("not hdf5")
    with pytest.raises(ValueError, match="not an HDF5 file"):
        divbench.load(tmp_path / "text.h5")
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f["x"] = 1
    with pytest.raises(ValueError, match="not a divbench run file"):
        divbench.load(tmp_path / "other.h5")


def test_a_merge_with_a_missing_run(tmp_path, sweep_dir, divbench_cli):
    import shutil
    out = tmp_path / "partial"
    shutil.copytree(sweep_dir, out)
    (out / "merged.h5").unlink()
    first = sorted((out / "runs").glob("*.h5"))[0]
    first.unlink()
    import subprocess
    merged = subprocess.run([divbench_cli, "merge", str(out)], capture_output=True, text=True)
    assert merged.returncode == 1 and "missing" in merged.stdout   # merged, and reported
    runs = divbench.load(out / "merged.h5")
    missing = runs.index[runs.index["status"] == "missing"]
    assert list(missing["id"]) == [first.stem]
    curves = runs.curves()                      # the stored run's curves, the missing one skipped
    assert set(curves["run"]) == set(runs.index[runs.index["status"] == "complete"]["run"])
    with pytest.raises(KeyError, match="listed but not stored"):
        runs.config(first.stem)
