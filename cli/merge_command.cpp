// `divbench merge DIR [--out FILE] [--sweep FILE]`: one HDF5 file with an /index for a sweep.
#include <filesystem>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "harness/merge.hpp"
#include "harness/sweep_directory.hpp"

namespace divbench::cli {

namespace po = boost::program_options;

int merge_command(const Args& args) {
  std::string dir, out, sweep_path;
  po::options_description desc("Options");
  desc.add_options()("out", po::value(&out), "merged file (default: DIR/merged.h5)")(
      "sweep", po::value(&sweep_path),
      "the sweep whose runs to merge (default: DIR/sweep.ini, the last sweep run into DIR; "
      "earlier ones are kept as DIR/sweeps/<id>.ini)")("help,h", "show this help");
  Sweep sweep;
  try {
    if (!parse_command_line(args, desc, {{"dir", 1, po::value(&dir)}},
                            "usage: divbench merge DIR [--out FILE] [--sweep FILE]"))
      return 0;
    if (dir.empty()) throw std::invalid_argument("needs the sweep's output directory");
    if (!std::filesystem::is_directory(dir))
      throw std::invalid_argument(fmt::format("{}: no such directory", dir));
    if (sweep_path.empty()) {
      sweep_path = sweep_file_of(dir);
      if (!std::filesystem::exists(sweep_path)) {
        throw std::invalid_argument(fmt::format(
            "{}: missing; DIR should be the --out of 'divbench sweep' or 'divbench slurm'",
            sweep_path));
      }
    }
    if (out.empty()) out = (std::filesystem::path(dir) / "merged.h5").string();
    sweep = load_sweep(sweep_path);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench merge: {}\n", e.what());
    return 2;
  }
  MergeReport r;
  try {
    r = merge_sweep(sweep, dir, out);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench merge: {}\n", e.what());
    return 2;
  }
  fmt::print(
      "{}: sweep {} ({}): {} of {} runs merged ({} complete, {} diverged), {} missing, {} "
      "unreadable\n",
      r.out, sweep_id(sweep), sweep.path, r.merged, r.planned, r.complete, r.diverged,
      r.missing.size(), r.unreadable.size());
  for (const auto& m : r.missing) fmt::print("  missing: {}\n", m);
  for (const auto& u : r.unreadable) {
    fmt::print(
        "  unreadable: {}\n    run the sweep again to redo it (the file is set aside as "
        ".corrupt)\n",
        u);
  }
  if (!r.foreign.empty()) {
    fmt::print("  left out: {} run files in {}/runs that are not runs of this sweep (first: {})\n",
               r.foreign.size(), dir, r.foreign.front());
  }
  return r.missing.empty() && r.unreadable.empty() ? 0 : 1;
}

}  // namespace divbench::cli
