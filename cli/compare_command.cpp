// `divbench compare A.h5 B.h5`: do two run files, merged sweeps or collections hold the same
// runs with bitwise-equal numbers? Runs are matched by group name (/runs/<id> in merged sweeps).
#include <map>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "harness/compare_runs.hpp"
#include "harness/run_file.hpp"

namespace divbench::cli {

int compare_command(const Args& args) {
  if (args.size() != 2 || args[0] == "--help" || args[0] == "-h") {
    fmt::print(stderr,
               "usage: divbench compare A.h5 B.h5\n"
               "  exit status 0 when both hold the same runs with bitwise-equal numbers (options,\n"
               "  status, curves, samples, final metrics; not times or paths), 1 otherwise\n");
    return 2;
  }
  std::map<std::string, RunRecord> a, b;
  try {
    for (auto& [name, record] : read_runs(args[0])) a.emplace(name, std::move(record));
    for (auto& [name, record] : read_runs(args[1])) b.emplace(name, std::move(record));
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench compare: {}\n", e.what());
    return 2;
  }
  long long differing = 0;
  for (const auto& [name, record] : a) {
    const auto it = b.find(name);
    if (it == b.end()) {
      fmt::print("{}: only in {}\n", name, args[0]);
      ++differing;
      continue;
    }
    const auto lines = run_differences(record, it->second);
    if (lines.empty()) continue;
    ++differing;
    fmt::print("{}: differs\n", name);
    for (const auto& line : lines) fmt::print("  {}\n", line);
  }
  for (const auto& [name, record] : b) {
    if (a.count(name) == 0) {
      fmt::print("{}: only in {}\n", name, args[1]);
      ++differing;
    }
  }
  fmt::print("{} runs in {}, {} in {}: {}\n", a.size(), args[0], b.size(), args[1],
             differing == 0 ? "identical" : fmt::format("{} differ", differing));
  return differing == 0 ? 0 : 1;
}

}  // namespace divbench::cli
