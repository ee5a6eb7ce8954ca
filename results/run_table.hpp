#pragma once
// Markdown tables of stored runs: one row per run, then one row per (dataset, objective) with the
// mean and standard deviation over its runs. The results issue grows this into `divbench table`.
#include <string>
#include <utility>
#include <vector>

#include "harness/run_record.hpp"

namespace divbench {

using NamedRuns = std::vector<std::pair<std::string, RunRecord>>;

std::string markdown_run_table(const NamedRuns& runs);
std::string markdown_summary_table(const NamedRuns& runs);

}  // namespace divbench
