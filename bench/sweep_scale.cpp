// A 100,000-run sweep after its runs (issue #24): what merging, tabulating and checking it costs.
//   divbench_bench_sweep_scale DIVBENCH DIR [RUNS] [SHARDS] [merge-only]
// writes DIR/sweep.ini (10 objectives x RUNS/10 seeds of a tiny run: 2 steps, 200 final samples,
// one objective with an override section), trains one run of it for real, and writes every run
// of the sweep as the file that run would have written — the real writer (write_run), with the
// run's own options and final metrics moved by a deterministic amount per run, so tables have
// something to aggregate — into DIR/runs (without an fsync per file, as a cluster's many writers
// would not be one disk's). Then it times each command on it as a child process and prints, per
// step, wall seconds, peak RSS (getrusage of the child) and microseconds per run:
//   resume check (divbench sweep with every run done), plan, merge, merge per shard (SHARDS of
//   them, summed; peak of any) and the final merge from the shard files, whether the two
//   merged.h5 are the same bytes, table, summarize, compare of the two merged files, and collect
//   (of the first 10,000 runs: a command line holds no more).
// merge-only: the two merges alone (tests/merge_memory_test.sh). Exit status 1 when a merge
// fails or the two merged files differ.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "harness/run_file.hpp"
#include "harness/run_training.hpp"
#include "harness/sweep.hpp"
#include "harness/sweep_directory.hpp"
#include "harness/sweep_runner.hpp"  // spawn_logged

namespace {

namespace fs = std::filesystem;
using divbench::RunRecord;

struct Measured {
  double seconds = 0.0;
  double peak_mib = 0.0;
  int status = 0;
};

// Runs `args` with stdout to `log` (stderr too) and measures it: wall time, and the child's
// peak RSS as wait4 reports it.
Measured run_measured(const std::vector<std::string>& args, const std::string& log) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = divbench::spawn_logged(
      args.front(), std::vector<std::string>(args.begin() + 1, args.end()), log);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measured m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
  m.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return m;
}

// run_measured through a fresh copy of this program (`--measure`): Linux starts a child's peak
// RSS at its parent's when the parent's memory is replaced by exec, and this process holds the
// whole sweep; the copy holds a few MiB.
Measured measure(const std::vector<std::string>& args, const std::string& log) {
  const std::string result = log + ".measured";
  std::vector<std::string> wrapped{fs::read_symlink("/proc/self/exe").string(), "--measure", result,
                                   log};
  wrapped.insert(wrapped.end(), args.begin(), args.end());
  const Measured outer = run_measured(wrapped, log + ".outer");
  Measured m;
  std::ifstream in(result);
  if (outer.status != 0 || !(in >> m.seconds >> m.peak_mib >> m.status)) {
    fmt::print(stderr, "measuring {} failed\n", args[0]);
    std::exit(2);
  }
  return m;
}

// write_run through HDF5's in-memory driver, then the bytes to `path`: write_run_file without its
// fsync, which at 100,000 files would time the disk rather than divbench.
void write_unsynced(const std::string& path, const RunRecord& record) {
  H5::FileAccPropList in_memory;
  H5Pset_fapl_core(in_memory.getId(), std::size_t{1} << 16, 0);
  H5::H5File file(path, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, in_memory);
  H5::Group root = file.openGroup("/");
  divbench::write_run(root, record);
  file.flush(H5F_SCOPE_GLOBAL);
  std::vector<char> image(static_cast<std::size_t>(H5Fget_file_image(file.getId(), nullptr, 0)));
  H5Fget_file_image(file.getId(), image.data(), image.size());
  std::ofstream(path, std::ios::binary)
      .write(image.data(), static_cast<std::streamsize>(image.size()));
}

bool same_bytes(const std::string& a, const std::string& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  std::istreambuf_iterator<char> ia(fa), ib(fb), end;
  for (; ia != end && ib != end; ++ia, ++ib)
    if (*ia != *ib) return false;
  return ia == end && ib == end;
}

void row(const std::string& what, const Measured& m, long long runs, const std::string& target) {
  fmt::print("| {} | {:.2f} | {:.0f} | {:.1f} | {} |\n", what, m.seconds, m.peak_mib,
             1e6 * m.seconds / static_cast<double>(runs), target);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 4 && std::string(argv[1]) == "--measure") {  // --measure RESULT LOG PROGRAM ARGS...
    const Measured m = run_measured(std::vector<std::string>(argv + 4, argv + argc), argv[3]);
    std::ofstream(argv[2]) << fmt::format("{} {} {}\n", m.seconds, m.peak_mib, m.status);
    return 0;
  }
  if (argc < 3 || argc > 6) {
    fmt::print(stderr,
               "usage: divbench_bench_sweep_scale DIVBENCH DIR [RUNS] [SHARDS] [merge-only]\n");
    return 2;
  }
  const std::string divbench = fs::absolute(argv[1]).string();
  const fs::path dir = argv[2];
  const long long runs = argc > 3 ? std::stoll(argv[3]) : 100000;
  const long long shards = argc > 4 ? std::stoll(argv[4]) : 20;
  const bool merge_only = argc > 5 && std::string(argv[5]) == "merge-only";
  if (runs < 10 || runs % 10 != 0 || shards < 1) {
    fmt::print(stderr, "RUNS: a multiple of 10; SHARDS: at least 1\n");
    return 2;
  }
  fs::remove_all(dir);
  fs::create_directories(dir / "runs");
  const std::string sweep_path = (dir / "sweep.ini").string();
  std::ofstream(sweep_path) << fmt::format(
      "objective = gan-ns, gan-minimax, rkl, fkl, ratio-kl, lsgan, hinge, wgan, fgan-js, fgan-kl\n"
      "seed = 0..{}\n"
      "steps = 2\nbatch-size = 16\ng-width = 8\nd-width = 8\neval-every = 1\n"
      "eval-samples = 200\nfinal-samples = 200\nestimate-samples = 64\nsamples = 200\n"
      "[objective.rkl]\nd-lr = 2e-4\n",
      runs / 10 - 1);
  const divbench::Sweep sweep = divbench::load_sweep(sweep_path);
  divbench::record_sweep(dir.string(), sweep);

  auto start = std::chrono::steady_clock::now();
  RunRecord record = divbench::run_training(sweep.runs.front().config);
  const RunRecord base = record;
  for (std::size_t r = 0; r < sweep.runs.size(); ++r) {
    record.config = sweep.runs[r].config;
    // A per-run amount, the same in every invocation: (r * golden ratio) mod 1.
    const double shift = static_cast<double>((r * 2654435761ULL) % 1000) / 1000.0;
    for (auto& [name, value] : record.final_metrics) value = base.final_metrics.at(name) + shift;
    write_unsynced((dir / "runs" / (sweep.runs[r].id + ".h5")).string(), record);
  }
  const double written =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(dir / "runs")) bytes += entry.file_size();

  const std::string d = dir.string();
  const std::string log = (dir / "step.log").string();
  fmt::print("{} runs ({} KiB per run file) written in {:.1f} s; {} shards\n\n", runs,
             bytes / 1024 / static_cast<std::uintmax_t>(runs), written, shards);
  fmt::print(
      "| step | seconds | peak RSS (MiB) | us per run | target |\n|---|---:|---:|---:|---|\n");
  if (!merge_only) {
    row("resume check (sweep, all done)",
        measure({divbench, "sweep", sweep_path, "--out", d, "--workers", "2"}, log), runs, "");
    row("plan", measure({divbench, "plan", sweep_path}, log), runs, "");
  }
  const Measured merge = measure({divbench, "merge", d}, log);
  row("merge", merge, runs, "< 60 s, < 500 MiB");
  fs::rename(dir / "merged.h5", dir / "flat.h5");
  Measured shard_sum;
  for (long long s = 0; s < shards; ++s) {
    const Measured m =
        measure({divbench, "merge", d, "--shard", fmt::format("{}/{}", s, shards)}, log);
    shard_sum.seconds += m.seconds;
    shard_sum.peak_mib = std::max(shard_sum.peak_mib, m.peak_mib);
    shard_sum.status = std::max(shard_sum.status, m.status);
  }
  row(fmt::format("merge of each shard ({} shards, summed)", shards), shard_sum, runs, "");
  const Measured final_merge = measure({divbench, "merge", d}, log);
  row("merge of the shard merges", final_merge, runs, "");
  const bool same = same_bytes((dir / "flat.h5").string(), (dir / "merged.h5").string());
  const std::string merged = (dir / "merged.h5").string();
  if (merge_only) {
    fmt::print("\nthe merge from shards is {} to the flat merge\n",
               same ? "bitwise identical" : "NOT identical");
    return same && merge.status == 0 && final_merge.status == 0 ? 0 : 1;
  }
  const Measured table = measure({divbench, "table", merged, "--metrics", "modes,kl_rev"}, log);
  row("table (2 metrics)", table, runs, "< 10 s");
  row("summarize", measure({divbench, "summarize", merged}, log), runs, "");
  row("compare (the two merged files)",
      measure({divbench, "compare", (dir / "flat.h5").string(), merged}, log), runs, "");
  std::vector<std::string> collect{divbench, "collect", (dir / "collected.h5").string()};
  const std::size_t collected = std::min<std::size_t>(sweep.runs.size(), 10000);
  for (std::size_t r = 0; r < collected; ++r)
    collect.push_back((dir / "runs" / (sweep.runs[r].id + ".h5")).string());
  row(fmt::format("collect ({} runs)", collected), measure(collect, log),
      static_cast<long long>(collected), "");
  const double whole = merge.seconds + table.seconds;
  fmt::print("\nmerge + table: {:.1f} us per run; the merge from shards is {} to the flat merge\n",
             1e6 * whole / static_cast<double>(runs), same ? "bitwise identical" : "NOT identical");
  return same && merge.status == 0 && final_merge.status == 0 && table.status == 0 ? 0 : 1;
}
