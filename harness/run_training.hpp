#pragma once
// One whole run: train for config.steps generator updates, record curves every
// config.eval_every steps, stop at the first NaN/Inf loss with status "diverged" (keeping the data
// so far), then draw the final samples from the separate "evaluation" stream and evaluate them.
#include <csignal>
#include <cstdio>
#include <string>

#include "harness/progress.hpp"
#include "harness/run_record.hpp"

namespace divbench {

struct RunControl {
  // Checkpoint file ("": no checkpoints). A checkpoint found there at the start is resumed from
  // when it belongs to this run and this binary; one from another binary is renamed
  // "<checkpoint>.stale" and the run starts afresh. Written every config.checkpoint_every steps
  // and when *stop becomes non-zero.
  std::string checkpoint;
  // Set by a signal handler (SIGTERM, SIGINT): the run saves its checkpoint after the current
  // step and returns with status "interrupted".
  const volatile std::sig_atomic_t* stop = nullptr;
  // Stop the same way after this step (0: never): for tests and pre-emption drills.
  long long stop_after_step = 0;
  std::FILE* log = nullptr;  // one line on resuming or checkpointing, when set
};

// Throws std::invalid_argument for a bad config (before any training) or a checkpoint of another
// run; std::runtime_error when a checkpoint cannot be read or written. Never throws for a run
// that diverges.
RunRecord run_training(const TrainConfig& config, Progress* progress = nullptr,
                       const RunControl& control = {});

}  // namespace divbench
