// `divbench sweep SWEEP --out DIR [--workers N] [--shard i/n]`: runs a sweep locally.
#include <csignal>
#include <cstdlib>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "cli/stop_signal.hpp"
#include "common/spec.hpp"
#include "harness/sweep_directory.hpp"
#include "harness/sweep_runner.hpp"

namespace divbench::cli {

namespace po = boost::program_options;

namespace {

// "i/n" -> (i, n); the Slurm array variables when no --shard is given.
std::pair<long long, long long> shard_of(const std::string& text) {
  if (!text.empty()) return parse_shard(text, "--shard");
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (id != nullptr && count != nullptr) {
    return {parse_int(id, "SLURM_ARRAY_TASK_ID"), parse_int(count, "SLURM_ARRAY_TASK_COUNT")};
  }
  return {0, 1};
}

}  // namespace

int sweep_command(const Args& args) {
  std::string sweep_path, shard_text;
  SweepRunnerOptions options;
  options.workers = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  po::options_description desc("Options");
  desc.add_options()("out", po::value(&options.out_dir)->required(), "output directory")(
      "workers", po::value(&options.workers)->default_value(options.workers),
      "runs at a time (default: the number of cores)")(
      "shard", po::value(&shard_text),
      "i/n: run only the runs whose index is i mod n (default: SLURM_ARRAY_TASK_ID / "
      "SLURM_ARRAY_TASK_COUNT when set)")("help,h", "show this help");
  Sweep sweep;
  try {
    if (!parse_command_line(
            args, desc, {{"sweep", 1, po::value(&sweep_path)}},
            "usage: divbench sweep SWEEP.ini --out DIR [--workers N] [--shard i/n]"))
      return 0;
    if (sweep_path.empty()) throw std::invalid_argument("needs a sweep file");
    if (options.workers < 1)
      throw std::invalid_argument(
          fmt::format("--workers: expected an integer >= 1, found {}", options.workers));
    std::tie(options.shard, options.shards) = shard_of(shard_text);
    shard_runs(0, options.shard, options.shards);  // checks the shard
    sweep = load_sweep(sweep_path);
    prepare_sweep_directory(options.out_dir);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench sweep: {}\n", e.what());
    return 2;
  }
  options.binary = self_executable().string();

  const std::string note = record_sweep(options.out_dir, sweep);
  if (!note.empty()) fmt::print(stderr, "{}\n", note);
  fmt::print(stderr, "{}: {} runs (sweep {}); shard {}/{}; {} workers; into {}\n", sweep.path,
             sweep.runs.size(), sweep_id(sweep), options.shard, options.shards, options.workers,
             options.out_dir);
  options.stop = &g_stop_signal;
  install_stop_handlers();
  const SweepSummary s = run_sweep(sweep, options, stderr);
  fmt::print(
      "{} runs in this shard: {} already complete, {} complete, {} diverged, {} failed, {} "
      "stopped with a checkpoint\n",
      s.selected, s.skipped, s.complete, s.diverged, s.failed.size(), s.interrupted);
  if (g_stop_signal != 0) {
    fmt::print(
        "stopped by signal {}: {} runs saved checkpoints, {} not started; the same command "
        "continues the sweep\n",
        static_cast<int>(g_stop_signal), s.interrupted, s.not_started);
  }
  for (const auto& f : s.set_aside)
    fmt::print("  unreadable run file set aside and run again: {}\n", f);
  for (const auto& f : s.failed) fmt::print("  failed: {}\n", f);
  if (g_stop_signal != 0) return 128 + static_cast<int>(g_stop_signal);
  return s.failed.empty() && s.interrupted == 0 ? 0 : 1;
}

}  // namespace divbench::cli
