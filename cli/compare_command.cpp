// `divbench compare A.h5 B.h5`: do two run files, merged sweeps or collections hold the same
// runs with bitwise-equal numbers? Runs are matched by group name (/runs/<id> in merged sweeps).
#include <optional>
#include <set>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "harness/compare_runs.hpp"
#include "common/hdf5_io.hpp"  // member_names
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
  // A run at a time: each run of A is read, matched by name in B and dropped, so memory stays
  // flat for merged sweeps of any size.
  long long differing = 0, in_a = 0, in_b = 0;
  try {
    const H5::H5File file_b = open_hdf5_for_reading(args[1]);
    std::set<std::string> names_a;
    for_each_run(args[0], [&](const std::string& name, RunRecord&& record) {
      ++in_a;
      names_a.insert(name);
      const std::optional<RunRecord> other = read_named_run(file_b, args[1], name);
      if (!other) {
        fmt::print("{}: only in {}\n", name, args[0]);
        ++differing;
        return;
      }
      const auto lines = run_differences(record, *other);
      if (lines.empty()) return;
      ++differing;
      fmt::print("{}: differs\n", name);
      for (const auto& line : lines) fmt::print("  {}\n", line);
    });
    const std::vector<std::string> names_b = file_b.nameExists("runs")
                                                 ? member_names(file_b.openGroup("runs"))
                                                 : std::vector<std::string>{"/"};
    for (const std::string& name : names_b) {
      ++in_b;
      if (names_a.count(name) == 0) {
        fmt::print("{}: only in {}\n", name, args[1]);
        ++differing;
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench compare: {}\n", e.what());
    return 2;
  }
  fmt::print("{} runs in {}, {} in {}: {}\n", in_a, args[0], in_b, args[1],
             differing == 0 ? "identical" : fmt::format("{} differ", differing));
  return differing == 0 ? 0 : 1;
}

}  // namespace divbench::cli
