#pragma once
// `divbench merge DIR`: one HDF5 file for a whole sweep. Every run file of the sweep found under
// DIR/runs is copied whole (H5Ocopy) to /runs/<id>, and /index is a table with one row per
// planned run — id, name, every axis value, seed, status, final metrics — that
//   pandas.DataFrame(h5py.File("merged.h5")["index"][()])
// reads in one line. Merging rewrites the output from DIR each time (write, then rename), so it
// is idempotent; it takes only the runs of one sweep (DIR/sweep.ini, or another given file), says
// how many other run files it left out, and refuses to overwrite the merge of another sweep.
// Layout: docs/hdf5-schema.md ("Merged sweeps").
#include <string>
#include <vector>

#include "harness/sweep.hpp"

namespace divbench {

inline constexpr long long kMergeSchemaVersion = 1;

struct MergeReport {
  std::string out;
  long long planned = 0;
  long long merged = 0;  // runs copied in (complete or diverged)
  long long complete = 0;
  long long diverged = 0;
  std::vector<std::string> missing;     // "name (id)": no run file yet
  std::vector<std::string> unreadable;  // "name (file): why": truncated or damaged run files
  std::vector<std::string> foreign;     // run files under DIR/runs that are not in this sweep
};

// Throws std::runtime_error naming the file at fault when nothing can be merged (the output
// belongs to another sweep, or a run file holds another run than its name says).
MergeReport merge_sweep(const Sweep& sweep, const std::string& dir, const std::string& out);

}  // namespace divbench
