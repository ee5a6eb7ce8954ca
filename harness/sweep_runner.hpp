#pragma once
// Running a sweep on one machine: each run is a `divbench train` child process writing its own
// run file DIR/runs/<id>.h5 (written to .partial and renamed when whole, so a killed run leaves
// nothing that looks complete), at most `workers` at a time. A run that fails or crashes is counted
// and logged (DIR/logs/<id>.log) and never stops the others; a diverging run is a result. Running
// the same sweep again skips every run whose file reads back whole and redoes the rest (an
// unreadable file is renamed to <id>.h5.corrupt, never deleted); a changed option gives new ids, so
// old files are left alone. A run stopped by SIGTERM saves a checkpoint next to its run file
// (<id>.h5.ckpt) and continues from it when the sweep runs again.
#include <csignal>
#include <cstdio>
#include <string>
#include <sys/types.h>
#include <vector>

#include "harness/sweep.hpp"

namespace divbench {

struct SweepRunnerOptions {
  std::string out_dir;
  int workers = 1;
  long long shard = 0;  // this process runs the runs whose index is `shard` mod `shards`
  long long shards = 1;
  std::string binary;  // the divbench executable to run (this one: /proc/self/exe)
  // Set by a SIGTERM/SIGINT handler: start no more runs, pass SIGTERM on to the running ones
  // (each saves its checkpoint and exits) and return once they have.
  const volatile std::sig_atomic_t* stop = nullptr;
};

struct SweepSummary {
  long long selected = 0;  // runs of this shard
  long long skipped = 0;   // already complete
  long long complete = 0;
  long long diverged = 0;
  long long interrupted = 0;        // stopped by SIGTERM with a checkpoint saved; resumed next time
  long long not_started = 0;        // left for the next time after a stop
  std::vector<std::string> failed;  // "name (id): how", runs that ended without a run file
  std::vector<std::string> set_aside;  // unreadable run files renamed to .corrupt and run again
};

// Indices of the runs of shard i of n: every run in exactly one shard.
std::vector<std::size_t> shard_runs(std::size_t runs, long long shard, long long shards);

// `progress` gets a line per finished run (and the summary is the caller's to print).
SweepSummary run_sweep(const Sweep& sweep, const SweepRunnerOptions& options, std::FILE* progress);

// Starts `binary` with `args` (argv[0] is `binary`), standard output and error into `log`;
// returns its pid. Throws std::runtime_error naming the binary when it cannot be started.
pid_t spawn_logged(const std::string& binary, const std::vector<std::string>& args,
                   const std::string& log);

// The command line of `divbench train` for one run: every option but the output path, then --out.
std::vector<std::string> train_arguments(const TrainConfig& config, const std::string& out);

}  // namespace divbench
