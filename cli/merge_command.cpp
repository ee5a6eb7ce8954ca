// `divbench merge DIR [--out FILE] [--sweep FILE] [--shard i/n]`: one HDF5 file with an /index for
// a sweep, or for shard i of n of it (DIR/shards/merged-i-of-n.h5, which the whole sweep's merge
// then takes those runs from).
#include <filesystem>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "harness/merge.hpp"
#include "harness/sweep_directory.hpp"
#include "harness/sweep_runner.hpp"  // shard_runs

namespace divbench::cli {

namespace po = boost::program_options;

int merge_command(const Args& args) {
  std::string dir, out, sweep_path, shard_text;
  po::options_description desc("Options");
  desc.add_options()("out", po::value(&out), "merged file (default: DIR/merged.h5)")(
      "sweep", po::value(&sweep_path),
      "the sweep whose runs to merge (default: DIR/sweep.ini, the last sweep run into DIR; "
      "earlier ones are kept as DIR/sweeps/<id>.ini)")(
      "shard", po::value(&shard_text),
      "i/n: merge only the runs of shard i of n (as 'divbench sweep --shard i/n' runs them), by "
      "default into DIR/shards/merged-i-of-n.h5; merging the whole sweep then copies those runs "
      "from there")("help,h", "show this help");
  Sweep sweep;
  MergeShard shard;
  try {
    if (!parse_command_line(args, desc, {{"dir", 1, po::value(&dir)}},
                            "usage: divbench merge DIR [--out FILE] [--sweep FILE] [--shard i/n]"))
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
    if (!shard_text.empty()) {
      std::tie(shard.shard, shard.shards) = parse_shard(shard_text, "--shard");
      shard_runs(0, shard.shard, shard.shards);  // checks the shard
      if (out.empty()) {
        out = shard_merge_path(dir, shard);
        std::filesystem::create_directories(std::filesystem::path(out).parent_path());
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
    r = merge_sweep(sweep, dir, out, shard_text.empty() ? nullptr : &shard);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench merge: {}\n", e.what());
    return 2;
  }
  fmt::print(
      "{}: sweep {} ({}{}): {} of {} runs merged ({} complete, {} diverged), {} missing, {} "
      "unreadable\n",
      r.out, sweep_id(sweep), sweep.path,
      shard_text.empty() ? "" : fmt::format(", shard {}/{}", shard.shard, shard.shards), r.merged,
      r.planned, r.complete, r.diverged, r.missing.size(), r.unreadable.size());
  if (!r.shard_files.empty()) {
    fmt::print("  {} runs copied from {} shard merges in {}/shards\n", r.from_shards,
               r.shard_files.size(), dir);
  }
  for (const auto& m : r.missing) fmt::print("  missing: {}\n", m);
  for (const auto& u : r.unreadable) {
    fmt::print(
        "  unreadable: {}\n    run the sweep again to redo it (the file is set aside as "
        ".corrupt)\n",
        u);
  }
  if (!r.foreign.empty()) {
    fmt::print(
        "  left out: {} files in {}/runs or {}/shards that are not of this sweep (first: {})\n",
        r.foreign.size(), dir, dir, r.foreign.front());
  }
  return r.missing.empty() && r.unreadable.empty() ? 0 : 1;
}

}  // namespace divbench::cli
