#pragma once
// What a run's buffers will take, estimated from its options before anything is allocated, so that
// a configuration that cannot fit (--batch-size 100000000, --g-widths 200000-200000) is refused
// at once, naming the option, instead of ending in std::bad_alloc after the dataset and the
// networks were built. The estimate counts the large buffers only (parameters with their gradients
// and Adam moments, activations of a step, the evaluation's sample copies), so it is a lower
// bound: a refused run could never have fitted.
#include <string>

#include "harness/train_config.hpp"

namespace divbench {

struct MemoryEstimate {
  double parameter_bytes = 0.0;  // both networks: values, gradients, two optimiser moments
  double generator_parameter_bytes = 0.0;  // G's share of it
  double activation_bytes = 0.0;           // one step: G on a batch, D on 2 batches, with gradients
  double evaluation_bytes = 0.0;  // the evaluation's data and generated samples (float, double)
  double total() const { return parameter_bytes + activation_bytes + evaluation_bytes; }
};

// For a run on data of dimension `dim`.
MemoryEstimate estimate_memory(const TrainConfig& config, long long dim);

// The memory a run may use: MemAvailable of /proc/meminfo, else the physical memory.
double available_memory_bytes();

// Throws std::invalid_argument when the estimate exceeds `available`, naming the option behind
// the largest part: "--batch-size 100000000: the run's buffers need about 1.0e+12 bytes ...".
void check_memory(const TrainConfig& config, long long dim, double available);

}  // namespace divbench
