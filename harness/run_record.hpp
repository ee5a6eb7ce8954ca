#pragma once
// Everything one training run produces, as stored in its HDF5 file (docs/hdf5-schema.md).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/train_config.hpp"
#include "metrics/mode_coverage.hpp"
#include "common/tensor.hpp"

namespace divbench {

// 3: network_description (issue #19). Files of schema 2 still read (without it).
inline constexpr long long kRunSchemaVersion = 3;
inline constexpr long long kOldestRunSchemaVersion = 2;

struct Curves {
  std::vector<long long> step;  // completed generator updates at the time of the point
  std::vector<double> d_loss;
  std::vector<double> g_loss;
  // The objective's own divergence estimates (Objective::estimates), one value per point; NaN
  // where an estimate was not reported at that point.
  std::map<std::string, std::vector<double>> objective;
  // The metrics of harness/evaluation.hpp on --eval-samples fresh samples, one value per point.
  std::map<std::string, std::vector<double>> metrics;
};

struct RunRecord {
  TrainConfig config;               // every resolved option
  std::string status = "complete";  // "complete" or "diverged"
  // The first step whose loss was NaN or Inf or whose gradients could not be applied (a gradient
  // not finite in float, or one whose square overflows float), -1 if none; and what happened
  // there ("" when complete, and in files of schema 2).
  long long diverged_step = -1;
  std::string diverged_reason;
  long long steps_completed = 0;
  Curves curves;
  Matrix samples;  // (samples, d) final generated samples
  // The final evaluation, on --final-samples fresh samples (not `samples`): every metric, and the
  // mode coverage with its histogram when the dataset has modes.
  std::map<std::string, double> final_metrics;
  std::optional<ModeCoverage> coverage;
  std::string start_time;  // ISO 8601, UTC
  std::string end_time;
  double train_seconds = 0.0;
  double eval_seconds = 0.0;  // share of train_seconds spent evaluating
  // Provenance of the binary that produced the run.
  std::string divbench_version;
  std::string git_commit;
  std::string build_type;
  std::string build_flags;
  std::string compiler;
  std::string gemm_backend;  // the matrix-product kernels (common/gemm.hpp); "" in older files
  std::string cpu;           // the CPU of the machine that wrote the file; "" in older files
  // The dataset as built (Dataset::describe()): for labelled data, the mode classifier's test
  // accuracy and cache key, which a mode count depends on; "" in older files.
  std::string dataset_description;
  // One sample's shape as "28x28" or "3x28x28" ({dim} for flat data: "2"), for figures, so that
  // they need not rebuild the dataset; "" in older files.
  std::string sample_shape;
  // The networks as built (Trainer::network_description()): resolved specs, layers, whether D sees
  // real and generated samples in one forward, and which phase each use runs in; "" in files of
  // schema 2.
  std::string network_description;
  std::vector<std::string> plugins;  // objective plugins loaded in the process (canonical paths)
};

}  // namespace divbench
