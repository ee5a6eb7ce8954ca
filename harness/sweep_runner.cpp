#include "harness/sweep_runner.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>

#include "harness/run_summary.hpp"

extern char** environ;

namespace divbench {
namespace {

namespace fs = std::filesystem;

std::string how_it_ended(int status) {
  if (WIFSIGNALED(status))
    return fmt::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  return fmt::format("exit status {}", WEXITSTATUS(status));
}

}  // namespace

pid_t spawn_logged(const std::string& binary, const std::vector<std::string>& args,
                   const std::string& log) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int err = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0)
    throw std::runtime_error(fmt::format("cannot start {}: {}", binary, std::strerror(err)));
  return pid;
}

std::vector<std::size_t> shard_runs(std::size_t runs, long long shard, long long shards) {
  if (shards < 1 || shard < 0 || shard >= shards) {
    throw std::invalid_argument(fmt::format("shard {}/{}: expected 0 <= i < n", shard, shards));
  }
  std::vector<std::size_t> out;
  for (std::size_t i = static_cast<std::size_t>(shard); i < runs;
       i += static_cast<std::size_t>(shards))
    out.push_back(i);
  return out;
}

std::vector<std::string> train_arguments(const TrainConfig& config, const std::string& out) {
  std::vector<std::string> args{"train", "--quiet"};
  for (const auto& texts : {identity_texts(config), bookkeeping_texts(config)}) {
    for (const auto& [name, value] : texts) {
      args.push_back("--" + name);
      args.push_back(value);
    }
  }
  args.push_back("--out");
  args.push_back(out);
  return args;
}

SweepSummary run_sweep(const Sweep& sweep, const SweepRunnerOptions& options, std::FILE* progress) {
  const fs::path runs_dir = fs::path(options.out_dir) / "runs";
  const fs::path logs_dir = fs::path(options.out_dir) / "logs";
  fs::create_directories(runs_dir);
  fs::create_directories(logs_dir);

  SweepSummary summary;
  std::vector<std::size_t> todo;
  for (const std::size_t i : shard_runs(sweep.runs.size(), options.shard, options.shards)) {
    ++summary.selected;
    const fs::path file = runs_dir / (sweep.runs[i].id + ".h5");
    if (!fs::exists(file)) {
      todo.push_back(i);
      continue;
    }
    // A file that does not read back (damaged after it was written: a disk fault, a truncating
    // copy) is set aside, not deleted, and its run is done again. The check reads what a merge
    // reads of it (run_summary.hpp), not its curves and samples: at 100,000 runs that is the
    // difference between seconds and minutes before an array task starts.
    try {
      read_run_file_summary(file.string());
      ++summary.skipped;
    } catch (const std::runtime_error& e) {
      const fs::path aside = file.string() + ".corrupt";
      fs::rename(file, aside);
      summary.set_aside.push_back(
          fmt::format("{} ({}): {}", sweep.runs[i].name, aside.string(), e.what()));
      todo.push_back(i);
    }
  }

  const auto start = std::chrono::steady_clock::now();
  std::map<pid_t, std::size_t> running;  // pid -> run index
  std::size_t next = 0;
  long long done = 0;
  bool forwarded = false;
  const auto stopping = [&] { return options.stop != nullptr && *options.stop != 0; };
  while ((next < todo.size() && !stopping()) || !running.empty()) {
    while (next < todo.size() && !stopping() &&
           static_cast<int>(running.size()) < options.workers) {
      const SweepRun& run = sweep.runs[todo[next]];
      const std::string out = (runs_dir / (run.id + ".h5")).string();
      running[spawn_logged(options.binary, train_arguments(run.config, out),
                           (logs_dir / (run.id + ".log")).string())] = todo[next];
      ++next;
    }
    if (stopping() && !forwarded) {
      // Slurm signals every process of the job, a terminal the whole foreground group; a
      // second SIGTERM is harmless to a run, a missing one would lose its last steps.
      for (const auto& [child, run] : running) kill(child, SIGTERM);
      forwarded = true;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0)
      throw std::runtime_error(fmt::format("waiting for runs: {}", std::strerror(errno)));
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepRun& run = sweep.runs[it->second];
    running.erase(it);
    ++done;
    const fs::path file = runs_dir / (run.id + ".h5");
    std::string result;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs::exists(file)) {
      const RunSummary record = read_run_file_summary(file.string());
      if (record.status == "diverged") {
        ++summary.diverged;
        result =
            fmt::format("diverged at step {}: {}", record.diverged_step, record.diverged_reason);
      } else {
        ++summary.complete;
        result = "complete";
      }
    } else if (WIFEXITED(status) &&
               (WEXITSTATUS(status) == 128 + SIGTERM || WEXITSTATUS(status) == 128 + SIGINT)) {
      ++summary.interrupted;
      result = "stopped by a signal, checkpoint saved";
    } else {
      result = fmt::format("FAILED, {}: see {}", how_it_ended(status),
                           (logs_dir / (run.id + ".log")).string());
      summary.failed.push_back(fmt::format("{} ({}): {}", run.name, run.id, how_it_ended(status)));
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double eta = elapsed / static_cast<double>(done) *
                       static_cast<double>(todo.size() - static_cast<std::size_t>(done));
    if (progress != nullptr) {
      fmt::print(progress, "[{}/{}] {} {}: {} ({} failed so far, ETA {:.0f} s)\n",
                 done + summary.skipped, summary.selected, run.id, run.name, result,
                 summary.failed.size(), eta);
      std::fflush(progress);
    }
  }
  summary.not_started = static_cast<long long>(todo.size() - next);
  return summary;
}

}  // namespace divbench
