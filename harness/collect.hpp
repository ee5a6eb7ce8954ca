#pragma once
// Gathers run files into one HDF5 collection: each run's root becomes /runs/<name>, copied whole
// (attributes, curves, samples) with H5Ocopy. The sweep issue grows this into `merge` with an
// index table.
#include <string>
#include <vector>

namespace divbench {

// names[i] is the group name for runs[i]. Writes to "<out>.partial" and renames. Throws
// std::runtime_error naming the file at fault (unreadable run, duplicate name).
void collect_runs(const std::string& out, const std::vector<std::string>& runs,
                  const std::vector<std::string>& names);

}  // namespace divbench
