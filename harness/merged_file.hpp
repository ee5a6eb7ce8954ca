#pragma once
// The parts of a merged sweep that let tables and figures work without opening /runs:
//   /config   attributes: each option every run of the sweep has the same value of (typed as in a
//             run file's config group);
//   /options  a table (harness/index_table.hpp): id, then each option whose value differs between
//             runs, resolved ("fkl:clamp=10", not the "fkl" an axis column shows).
// Both come from the sweep's plan, whose options are the ones each run was started with (its id
// checks them); output paths (out, checkpoint) are left out, as in run ids.
#include <string>
#include <utility>
#include <vector>

#include <H5Cpp.h>

#include "harness/index_table.hpp"
#include "harness/run_record.hpp"
#include "harness/sweep.hpp"

namespace divbench {

// The measured columns of an /index (docs/hdf5-schema.md): every numeric column after
// diverged_step — the final metrics, then objective.<estimate>.
std::vector<const IndexColumn*> measured_columns(const std::vector<IndexColumn>& index);

// Writes /config and /options under `root` for the runs `rows` (indices into sweep.runs). Which
// options vary is decided over the whole sweep, so a shard's merge has the final merge's columns.
void write_run_options(H5::Group& root, const Sweep& sweep, const std::vector<std::size_t>& rows);

// True when `path` is a merged sweep with /index, /config and /options (merge schema 2 and later).
bool has_run_index(const std::string& path);

// The runs of a merged sweep as tables see them, read from /index, /config and /options alone:
// options, status, steps, final metrics (mode counts in `coverage`) and, for each objective
// estimate, its last value as a one-point curve. No curves, samples or provenance. Only runs the
// merge copied in (complete or diverged), named by their ids as in /runs, in sweep order.
std::vector<std::pair<std::string, RunRecord>> read_index_runs(const std::string& path);

// What tables read of any stored result: read_index_runs for a merged sweep that has an index,
// else read_runs (run files, collections, merged sweeps of merge schema 1).
std::vector<std::pair<std::string, RunRecord>> read_runs_for_table(const std::string& path);

}  // namespace divbench
