#pragma once
// `divbench merge DIR`: one HDF5 file for a whole sweep. Every run file of the sweep found under
// DIR/runs is copied whole (H5Ocopy) to /runs/<id>; /index is a table with one row per planned
// run — id, name, every axis value, seed, status, final metrics, last objective estimates — that
//   pandas.DataFrame(h5py.File("merged.h5")["index"][()])
// reads in one line; /config and /options hold every run's resolved options (the ones all runs
// share, and one row per run of the ones that vary), so that tables need not open /runs.
// Merging rewrites the output from DIR each time (write, then rename), so it is idempotent; it
// takes only the runs of one sweep (DIR/sweep.ini, or another given file), says how many other
// run files it left out, and refuses to overwrite the merge of another sweep.
//
// Merging streams: one run at a time is read (its attributes and one value per estimate, not its
// curves) and copied to the output on disk, so memory does not grow with the number of runs.
// A sweep run as shards (Slurm array tasks) can be merged in two levels: each shard's runs into
// DIR/shards/merged-<i>-of-<n>.h5, then the whole sweep, which takes every run a shard file of
// this sweep holds from there and the rest from DIR/runs. Either way merged.h5 is the same bytes.
// Layout: docs/hdf5-schema.md ("Merged sweeps").
#include <string>
#include <vector>

#include "harness/sweep.hpp"

namespace divbench {

// 2: /index gained the objective.<estimate> columns, /config and /options were added.
inline constexpr long long kMergeSchemaVersion = 2;

struct MergeShard {
  long long shard = 0;  // merge the runs whose sweep index is `shard` mod `shards`
  long long shards = 1;
};

struct MergeReport {
  std::string out;
  long long planned = 0;  // runs of the sweep (of the shard, for a shard merge)
  long long merged = 0;   // runs copied in (complete or diverged)
  long long complete = 0;
  long long diverged = 0;
  long long from_shards = 0;  // of `merged`: copied from shard merges rather than run files
  std::vector<std::string> shard_files;  // shard merges of this sweep that were used
  std::vector<std::string> missing;      // "name (id)": no run file yet
  std::vector<std::string> unreadable;   // "name (file): why": truncated or damaged run files
  std::vector<std::string> foreign;      // files under DIR/runs, DIR/shards not of this sweep
};

// Where a shard's merge goes by default: DIR/shards/merged-<i>-of-<n>.h5.
std::string shard_merge_path(const std::string& dir, const MergeShard& shard);

// Merges the whole sweep (shard == nullptr) or one shard of it into `out`. Throws
// std::runtime_error naming the file at fault when nothing can be merged (the output belongs to
// another sweep, or a run file holds another run than its name says).
MergeReport merge_sweep(const Sweep& sweep, const std::string& dir, const std::string& out,
                        const MergeShard* shard = nullptr);

}  // namespace divbench
