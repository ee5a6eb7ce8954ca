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
  NamedRuns runs;
  for (const auto& path : args) {
    for (auto& [name, record] : read_runs(path)) {
      runs.emplace_back(name == "/" ? path : name, std::move(record));
    }
  }
  fmt::print("{}\n{}", markdown_run_table(runs), markdown_summary_table(runs));
  return 0;
}

}  // namespace divbench::cli
