#pragma once
// A run's whole training state between two steps, so that a run stopped by SIGTERM (Slurm's
// warning before pre-emption), by --checkpoint-every or by a crash after a checkpoint continues
// where it stopped and ends bitwise identical to a run that was never interrupted: network
// parameters, optimiser moments, every random stream, the step, and the curves so far.
// Layout: docs/hdf5-schema.md ("Checkpoints").
#include <map>
#include <string>
#include <vector>

#include "harness/run_record.hpp"
#include "models/optimizer.hpp"
#include "common/rng.hpp"

namespace divbench {

// 2: networks' parameters and buffers stored by name (issue #19); 1 (refused): parameters by
// position, no buffers.
inline constexpr long long kCheckpointVersion = 2;

// Named tensors of one network, in the network's order: every parameter, and every buffer
// (BatchNorm's running statistics, spectral norm's vectors).
struct NetworkState {
  std::vector<std::pair<std::string, std::vector<float>>> parameters;
  std::vector<std::pair<std::string, std::vector<float>>> buffers;
};

struct Checkpoint {
  // Which run this is (identity_texts as "name=value" lines) and which binary wrote it
  // (version, commit, build flags): a run resumes only from its own state written by the same
  // binary, since another build may round differently.
  std::string identity;
  std::string binary;
  long long step = 0;                         // generator updates done
  NetworkState generator;
  NetworkState discriminator;
  OptimizerState g_optimizer;
  OptimizerState d_optimizer;
  std::map<std::string, Rng::State> rngs;  // every stream in use, by name
  // Counts that are state (issue #20): D updates made (lazy regularisation), training-set points
  // served (--train-size). Absent in checkpoints of runs that have none.
  std::map<std::string, long long> counters;
  // The generator's weight average (--g-ema), parameters by name; empty when off.
  NetworkState generator_average;
  Curves curves;
  // Wall-clock bookkeeping, carried on so the run file reports the run's total time.
  std::string start_time;
  double train_seconds = 0.0;
  double eval_seconds = 0.0;
};

// Atomic: written to "<path>.partial", flushed, then renamed over `path`. Throws
// std::runtime_error naming the file.
void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
// Throws std::runtime_error naming the file and the missing or malformed item.
Checkpoint read_checkpoint(const std::string& path);

// The `binary` string of this build.
std::string this_binary();

}  // namespace divbench
