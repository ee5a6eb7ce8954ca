#pragma once
// Reading and writing run records in HDF5. A record lives in a group: the root of a run file, or
// /runs/<name> in a collection made by `divbench collect`.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <H5Cpp.h>

#include "common/hdf5_file.hpp"  // open_hdf5_for_reading
#include "harness/run_record.hpp"

namespace divbench {

// Writes `record` into `path` atomically: to "<path>.partial", flushed and closed, then renamed.
// Throws std::runtime_error naming the file on any failure.
void write_run_file(const std::string& path, const RunRecord& record);

// Fails early, before any training, if `path` cannot be written: throws std::invalid_argument
// saying whether the directory is missing or not writable.
void check_writable(const std::string& path);

// Reads a run file written by write_run_file; errors name the file and the missing item.
RunRecord read_run_file(const std::string& path);

void write_run(H5::Group& group, const RunRecord& record);
// The curves group "curves" under `parent` (also used by checkpoints).
void write_curves(H5::Group& parent, const Curves& curves);
Curves read_curves(const H5::Group& parent, const std::string& where);
// The options stored in the group "config" under `root`.
TrainConfig read_run_config(const H5::Group& root, const std::string& where);
// The parts of read_run that read_run_summary shares: the root attributes (schema_version checked
// first) and the group "final" (final_metrics, with modes_covered, and coverage).
void read_run_attributes(const H5::Group& root, const std::string& where, RunRecord& r);
void read_run_final(const H5::Group& root, const std::string& where, RunRecord& r);
// `where` names the group in messages.
RunRecord read_run(const H5::Group& group, const std::string& where);

// Every run in a file: the root of a run file, or each group under /runs of a collection, with
// the name of its group ("/" for a run file).
std::vector<std::pair<std::string, RunRecord>> read_runs(const std::string& path);
// The same a run at a time, each record dropped after `visit`: memory does not grow with the
// number of runs.
void for_each_run(const std::string& path,
                  const std::function<void(const std::string&, RunRecord&&)>& visit);
// The run called `name` in an open file as read_runs names it ("/" or a member of /runs);
// std::nullopt when there is none.
std::optional<RunRecord> read_named_run(const H5::H5File& file, const std::string& path,
                                        const std::string& name);

}  // namespace divbench
