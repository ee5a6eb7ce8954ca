#pragma once
// A run's evaluations: a curve point every --eval-every steps (the step's losses, the objective's
// own estimates on --estimate-samples held-out samples, every metric on --eval-samples fresh
// samples) and the final evaluation on --final-samples. Evaluation draws from streams of its own
// ("evaluation.objective", "evaluation.metrics", "evaluation.final"), so its settings never change
// training; the streams are checkpointed with the run.
#include "harness/checkpoint.hpp"
#include "harness/evaluation.hpp"
#include "harness/run_record.hpp"
#include "harness/trainer.hpp"

namespace divbench {

class Evaluator {
 public:
  explicit Evaluator(const TrainConfig& c);

  // One curve point: the step's losses, the objective's estimates and every metric.
  void record_point(Curves& curves, long long step, const StepLosses& losses, Trainer& trainer);
  // The final evaluation on --final-samples fresh samples.
  Evaluation final_evaluation(Trainer& trainer);

  // Seconds spent evaluating so far (restored from checkpoints).
  double seconds() const { return seconds_; }
  void save(Checkpoint& c) const;
  // Throws std::invalid_argument when the checkpoint lacks an evaluation stream.
  void restore(const Checkpoint& c);

 private:
  const TrainConfig& config_;
  Rng estimate_rng_;
  Rng metrics_rng_;
  double seconds_ = 0.0;

  Evaluation evaluate_now(Trainer& trainer, long long n, Rng& rng) const;
};

}  // namespace divbench
