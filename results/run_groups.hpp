#pragma once
// Stored runs grouped for a table or a figure: rows and column groups are the values of two
// options of `divbench train` (objective × dataset, say), after --where filters. Groups keep the
// order in which their values first appear, which for a merged sweep is the sweep's order.
#include <string>
#include <utility>
#include <vector>

#include "results/run_table.hpp"

namespace divbench {

struct GroupOptions {
  std::string rows = "objective";
  std::string cols;                                        // "" for a single column group
  std::vector<std::pair<std::string, std::string>> where;  // keep runs whose option equals value
};

struct RunGroups {
  std::vector<std::string> row_values;
  std::vector<std::string> col_values;  // {""} when there is no column option
  // members[r][c]: the runs of row r and column group c, in input order
  std::vector<std::vector<std::vector<const RunRecord*>>> members;
};

// Throws std::invalid_argument for an unknown option (listing the known ones) or a --where that
// matches no run. A value matches when equal as text, as numbers, or as a spec name ("fkl" matches
// the resolved "fkl:clamp=10"); "a|b" matches either.
RunGroups group_runs(const NamedRuns& runs, const GroupOptions& options);

// The names of the runs every --where condition keeps, in input order (what a figure of a merged
// sweep reads whole, having chosen them from its index).
std::vector<std::string> matching_names(
    const NamedRuns& runs, const std::vector<std::pair<std::string, std::string>>& where);

// The runs of stored results read whole (curves, samples), file after file: of a merged sweep
// with an index, only the runs every --where condition keeps, chosen from its index; of other
// files (run files, collections, merged sweeps of merge schema 1) every run, which group_runs
// filters later. Throws std::invalid_argument, as group_runs does, when the files hold runs and
// --where keeps none of them.
NamedRuns read_runs_whole(const std::vector<std::string>& paths,
                          const std::vector<std::pair<std::string, std::string>>& where);

// Every metric some run has: final metrics, and objective estimates as "objective.<name>".
std::vector<std::string> known_metrics(const NamedRuns& runs);
// Every metric some run has a curve of: curves/metrics, and objective estimates as
// "objective.<name>" (what curve figures and windowed tables can show).
std::vector<std::string> known_curve_metrics(const NamedRuns& runs);

}  // namespace divbench
