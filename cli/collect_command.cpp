#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "harness/collect.hpp"

namespace divbench::cli {

int collect_command(const Args& args) {
  if (args.size() < 2) {
    fmt::print(stderr,
               "usage: divbench collect OUT.h5 RUN.h5...\n"
               "  copies each run file into OUT.h5 as /runs/<file name without .h5>\n");
    return 2;
  }
  const std::vector<std::string> runs(args.begin() + 1, args.end());
  std::vector<std::string> names;
  names.reserve(runs.size());
  for (const auto& r : runs) names.push_back(std::filesystem::path(r).stem().string());
  collect_runs(args[0], runs, names);
  fmt::print("{}: {} runs\n", args[0], runs.size());
  return 0;
}

}  // namespace divbench::cli
