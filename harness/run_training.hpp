#pragma once
// One whole run: train for config.steps generator updates, record curves every
// config.eval_every steps, stop at the first NaN/Inf loss with status "diverged" (keeping the data
// so far), then draw the final samples from the separate "evaluation" stream and evaluate them.
#include "harness/progress.hpp"
#include "harness/run_record.hpp"

namespace divbench {

// Throws std::invalid_argument for a bad config (before any training); never throws for a run
// that diverges.
RunRecord run_training(const TrainConfig& config, Progress* progress = nullptr);

}  // namespace divbench
