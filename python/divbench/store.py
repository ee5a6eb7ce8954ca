"""Stored runs as pandas (issue #23): a run file, a merged sweep or a collection, read with h5py
in the layouts of docs/hdf5-schema.md.

    runs = divbench.load(path)
    runs.index          DataFrame, one row per run: run (its name), id, every option that varies,
                        seed, status, steps_completed, and every final metric; strings decoded
    runs.config(run)    dict: every option of one run, as it was trained
    runs.curves(runs=None, metrics=None)
                        long-format DataFrame (run, step, metric, value): the losses (d_loss,
                        g_loss), each metric (metrics/<name>) and each objective estimate
                        (objective/<name>) at every evaluation
    runs.samples(run)   the final generated samples, a float32 array (N, d)
    runs.provenance(run) dict of the run file's root attributes (binary, machine, times, ...)
"""
import os

import h5py
import numpy as np
import pandas as pd



def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decoded(frame):
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(_text)
    return frame


class Runs:
    """The runs of one file. Groups are read only when asked for (the index of a merge comes from
    its /index), and the file stays closed between calls."""

    def __init__(self, path):
        self.path = os.fspath(path)
        if not os.path.exists(self.path):
            raise FileNotFoundError(f"{self.path}: no such file")
        try:
            with h5py.File(self.path, "r") as f:
                if "index" in f and "runs" in f:
                    self.kind = "merge"
                    self._groups = {}
                    self.index = self._merged_index(f)
                elif "runs" in f:
                    self.kind = "collection"
                    self._groups = {name: f"runs/{name}" for name in f["runs"]}
                    self.index = self._index_from_groups(f)
                elif "config" in f and "final" in f:
                    self.kind = "run"
                    name = os.path.splitext(os.path.basename(self.path))[0]
                    self._groups = {name: "/"}
                    self.index = self._index_from_groups(f)
                else:
                    raise ValueError(
                        f"{self.path}: not a divbench run file, merge or collection (expected "
                        "/config and /final, /runs, or /index; docs/hdf5-schema.md)")
        except OSError as e:
            raise ValueError(f"{self.path}: not an HDF5 file divbench can read ({e})") from None

    def _merged_index(self, f):
        frame = _decoded(pd.DataFrame(f["index"][()]))
        if "options" in f:
            options = _decoded(pd.DataFrame(f["options"][()]))
            shared = [c for c in options.columns if c in frame.columns and c != "id"]
            frame = frame.merge(options.drop(columns=shared), on="id", how="left")
        frame.insert(0, "run", frame.pop("name"))
        for run_id in frame["id"]:
            self._groups.setdefault(run_id, f"runs/{run_id}")
        # Runs by name as well as by id: the index's names are what tables show.
        for name, run_id in zip(frame["run"], frame["id"]):
            self._groups[name] = f"runs/{run_id}"
        return frame

    def _index_from_groups(self, f):
        rows = []
        for name, path in self._groups.items():
            group = f[path]
            row = {"run": name}
            row.update({k: _text(v) for k, v in group["config"].attrs.items()})
            for key in ("status", "steps_completed", "diverged_step"):
                if key in group.attrs:
                    row[key] = _text(group.attrs[key])
            if "final" in group:
                row.update({k: _text(v) for k, v in group["final"].attrs.items()})
            rows.append(row)
        return pd.DataFrame(rows)

    def _group_path(self, run):
        if run is None:
            if len(self._groups) == 1:
                return next(iter(self._groups.values()))
            raise ValueError(f"{self.path} holds {len(self.index)} runs: name one")
        if run not in self._groups:
            known = ", ".join(list(self.index["run"])[:5])
            raise KeyError(f"{self.path}: no run '{run}' (runs are named by id or name, e.g. {known})")
        return self._groups[run]

    def _names(self, runs):
        if runs is None:
            return list(self.index["run"])
        return [runs] if isinstance(runs, str) else list(runs)

    def _group(self, f, run):
        path = self._group_path(run)
        if path not in f:
            raise KeyError(f"{self.path}: run '{run}' is listed but not stored (a merge lists its "
                           "missing and unreadable runs in /index only)")
        return f[path]

    def config(self, run=None):
        with h5py.File(self.path, "r") as f:
            return {k: _text(v) for k, v in self._group(f, run)["config"].attrs.items()}

    def provenance(self, run=None):
        with h5py.File(self.path, "r") as f:
            return {k: _text(v) for k, v in self._group(f, run).attrs.items()}

    def samples(self, run=None):
        with h5py.File(self.path, "r") as f:
            group = self._group(f, run)
            if "samples" not in group:
                raise KeyError(f"{self.path}: run '{run}' stored no samples")
            return group["samples"][()]

    def curves(self, runs=None, metrics=None):
        """Long format: one row per (run, step, metric). `metrics` names series as stored
        (d_loss, g_loss, a metric such as modes_covered, or objective/<estimate>)."""
        parts = []
        with h5py.File(self.path, "r") as f:
            for name in self._names(runs):
                path = self._group_path(name)
                if path not in f:  # a merge's missing or unreadable run: listed, not stored
                    continue
                group = f[path]
                if "curves" not in group:
                    continue
                c = group["curves"]
                step = c["step"][()]
                series = {}
                for key in ("d_loss", "g_loss"):
                    if key in c:
                        series[key] = c[key][()]
                for sub in ("metrics", "objective"):
                    if sub in c:
                        for key in c[sub]:
                            label = key if sub == "metrics" else f"objective/{key}"
                            series[label] = c[sub][key][()]
                for label, values in series.items():
                    if metrics is not None and label not in metrics:
                        continue
                    parts.append(pd.DataFrame({"run": name, "step": step, "metric": label,
                                               "value": values.astype(float)}))
        if not parts:
            return pd.DataFrame({"run": pd.Series(dtype=object), "step": pd.Series(dtype=np.int64),
                                 "metric": pd.Series(dtype=object),
                                 "value": pd.Series(dtype=float)})
        return pd.concat(parts, ignore_index=True)

    def __len__(self):
        return len(self.index)

    def __repr__(self):
        return f"<divbench.Runs {self.kind} {self.path}: {len(self)} runs>"


def load(path):
    """The runs of a run file, a merged sweep (DIR/merged.h5) or a collection, as Runs."""
    return Runs(path)
