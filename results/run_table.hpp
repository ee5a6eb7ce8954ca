#pragma once
// Markdown tables of stored runs: one row per run, then one row per (dataset, objective) with the
// mean and standard deviation over its runs. The results issue grows this into `divbench table`.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/run_record.hpp"

namespace divbench {

using NamedRuns = std::vector<std::pair<std::string, RunRecord>>;

std::string markdown_run_table(const NamedRuns& runs);
std::string markdown_summary_table(const NamedRuns& runs);

// The same a run at a time, for files too large to hold every run at once (divbench summarize
// of a merged sweep of 100,000 runs): the run table's header, one row, and the summary table
// gathered run by run.
std::string markdown_run_table_header();
std::string markdown_run_row(const std::string& name, const RunRecord& run);
class RunSummaryTable {
 public:
  void add(const RunRecord& run);
  std::string markdown() const;

 private:
  struct Group {
    std::vector<double> modes, hq;
    int runs = 0;
    int diverged = 0;
  };
  std::map<std::pair<std::string, std::string>, Group> groups_;  // (dataset, objective)
};

}  // namespace divbench
