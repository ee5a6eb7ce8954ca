// `divbench summarize FILE.h5...`: a row per stored run, then a row per (dataset, objective).
// Runs are read and printed one at a time, so a merged sweep of any size is summarised in flat
// memory.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "harness/run_file.hpp"
#include "results/run_table.hpp"

namespace divbench::cli {

int summarize_command(const Args& args) {
  if (args.empty()) {
    fmt::print(stderr, "usage: divbench summarize FILE.h5...  (run files or collections)\n");
    return 2;
  }
  RunSummaryTable summary;
  fmt::print("{}", markdown_run_table_header());
  for (const auto& path : args) {
    for_each_run(path, [&](const std::string& name, RunRecord&& record) {
      std::fputs(markdown_run_row(name == "/" ? path : name, record).c_str(), stdout);
      summary.add(record);
    });
  }
  fmt::print("\n{}", summary.markdown());
  return 0;
}

}  // namespace divbench::cli
