#pragma once
// A training configuration small enough for unit tests: the reference shape with narrow networks,
// short runs and few evaluation samples.
#include "harness/train_config.hpp"

namespace divbench {

inline TrainConfig small_config(long long seed, long long steps = 300, long long batch = 64,
                                long long width = 32) {
  TrainConfig c;
  c.seed = seed;
  c.steps = steps;
  c.batch_size = batch;
  c.g_width = width;
  c.d_width = width;
  c.eval_every = 50;
  c.samples = 500;
  c.eval_samples = 500;
  c.final_samples = 1000;
  return c;
}

}  // namespace divbench
