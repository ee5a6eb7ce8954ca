#include "harness/run_training.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "divbench/build_info.hpp"
#include "harness/evaluation.hpp"
#include "harness/trainer.hpp"
#include "objectives/plugin_loader.hpp"

namespace divbench {
namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Appends one value per named series at this point, padding with NaN any series that is new or
// missing here, so that every curve keeps one value per step.
template <class Pairs>
void append_series(std::map<std::string, std::vector<double>>& series, std::size_t points,
                   const Pairs& values) {
  for (const auto& [name, value] : values) {
    auto& v = series[name];
    v.resize(points - 1, std::numeric_limits<double>::quiet_NaN());
    v.push_back(value);
  }
  for (auto& [name, v] : series) v.resize(points, std::numeric_limits<double>::quiet_NaN());
}

// Evaluation draws from streams of its own ("evaluation.*"), so its settings never change training.
class Evaluator {
 public:
  explicit Evaluator(const TrainConfig& c)
      : config_(c),
        estimate_rng_(static_cast<std::uint64_t>(c.seed), "evaluation.objective"),
        metrics_rng_(static_cast<std::uint64_t>(c.seed), "evaluation.metrics") {}

  // One curve point: the step's losses, the objective's estimates and every metric.
  void record_point(Curves& curves, long long step, const StepLosses& losses, Trainer& trainer) {
    const auto start = std::chrono::steady_clock::now();
    curves.step.push_back(step);
    curves.d_loss.push_back(losses.d_loss);
    curves.g_loss.push_back(losses.g_loss);
    const std::size_t points = curves.step.size();
    std::vector<std::pair<std::string, double>> estimates;
    for (const Estimate& e : trainer.objective_estimates(config_.estimate_samples, estimate_rng_)) {
      estimates.emplace_back(e.name, e.value);
    }
    append_series(curves.objective, points, estimates);
    append_series(curves.metrics, points,
                  evaluate_now(trainer, config_.eval_samples, metrics_rng_).metrics);
    seconds_ += elapsed(start);
  }

  // The final evaluation on --final-samples fresh samples.
  Evaluation final_evaluation(Trainer& trainer) {
    const auto start = std::chrono::steady_clock::now();
    Rng rng(static_cast<std::uint64_t>(config_.seed), "evaluation.final");
    Evaluation out = evaluate_now(trainer, config_.final_samples, rng);
    seconds_ += elapsed(start);
    return out;
  }

  double seconds() const { return seconds_; }

 private:
  const TrainConfig& config_;
  Rng estimate_rng_;
  Rng metrics_rng_;
  double seconds_ = 0.0;

  static double elapsed(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  Evaluation evaluate_now(Trainer& trainer, long long n, Rng& rng) const {
    const Matrix generated = trainer.generate(n, rng);
    const Matrix data = trainer.dataset().sample(n, rng);
    return evaluate(
        generated, data, trainer.dataset(),
        {.k = static_cast<int>(config_.knn_k), .mode_threshold = config_.mode_threshold});
  }
};

}  // namespace

RunRecord run_training(const TrainConfig& config, Progress* progress) {
  Trainer trainer(config);
  RunRecord record;
  record.config = trainer.config();
  record.divbench_version = build::kVersion;
  record.git_commit = build::kGitCommit;
  record.build_type = build::kBuildType;
  record.build_flags = build::kFlags;
  record.compiler = build::kCompiler;
  record.start_time = utc_now();
  const auto start = std::chrono::steady_clock::now();

  record.plugins = loaded_objective_plugins();

  const TrainConfig& c = record.config;
  Evaluator evaluator(c);
  record.curves.step.reserve(static_cast<std::size_t>(c.steps / c.eval_every + 2));
  for (long long step = 1; step <= c.steps; ++step) {
    const StepLosses losses = trainer.step();
    if (!std::isfinite(losses.d_loss) || !std::isfinite(losses.g_loss)) {
      record.status = "diverged";
      record.diverged_step = step;
      evaluator.record_point(record.curves, step, losses, trainer);
      break;
    }
    if (step % c.eval_every == 0 || step == c.steps) {
      evaluator.record_point(record.curves, step, losses, trainer);
    }
    if (progress != nullptr) progress->update(step, losses.d_loss, losses.g_loss);
  }
  record.steps_completed = trainer.steps_done();

  Rng evaluation(static_cast<std::uint64_t>(c.seed), "evaluation");
  record.samples = trainer.generate(c.samples, evaluation);
  Evaluation last = evaluator.final_evaluation(trainer);
  record.final_metrics = std::move(last.metrics);
  record.coverage = std::move(last.coverage);
  record.eval_seconds = evaluator.seconds();
  record.train_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  record.end_time = utc_now();
  if (progress != nullptr) {
    progress->finish(record.steps_completed,
                     record.status == "complete"
                         ? "complete"
                         : fmt::format("diverged at step {}", record.diverged_step));
  }
  return record;
}

}  // namespace divbench
