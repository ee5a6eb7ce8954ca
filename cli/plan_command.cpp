// `divbench plan SWEEP`: the runs a sweep file expands to, with their ids and names; runs nothing.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "harness/sweep.hpp"

namespace divbench::cli {

int plan_command(const Args& args) {
  if (args.size() != 1 || args[0] == "--help" || args[0] == "-h") {
    fmt::print(stderr, "usage: divbench plan SWEEP.ini\n");
    return args.size() == 1 ? 0 : 2;
  }
  Sweep sweep;
  try {
    sweep = load_sweep(args[0]);
  } catch (const SweepError& e) {
    fmt::print(stderr, "divbench plan: {}\n", e.what());
    return 2;
  }
  std::string axes;
  for (const auto& a : sweep.axes) axes += (axes.empty() ? "" : ", ") + a;
  fmt::print("{}: {} runs; axes: {}\n", sweep.path, sweep.runs.size(),
             axes.empty() ? "none" : axes);
  for (const SweepRun& run : sweep.runs) fmt::print("{}  {}\n", run.id, run.name);
  return 0;
}

}  // namespace divbench::cli
