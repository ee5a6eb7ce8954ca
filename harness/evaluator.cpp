#include "harness/evaluator.hpp"

#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace divbench {
namespace {

double elapsed(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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

}  // namespace

Evaluator::Evaluator(const TrainConfig& c)
    : config_(c),
      estimate_rng_(static_cast<std::uint64_t>(c.seed), "evaluation.objective"),
      metrics_rng_(static_cast<std::uint64_t>(c.seed), "evaluation.metrics") {}

void Evaluator::record_point(Curves& curves, long long step, const StepLosses& losses,
                             Trainer& trainer) {
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

Evaluation Evaluator::final_evaluation(Trainer& trainer) {
  const auto start = std::chrono::steady_clock::now();
  Rng rng(static_cast<std::uint64_t>(config_.seed), "evaluation.final");
  Evaluation out = evaluate_now(trainer, config_.final_samples, rng);
  seconds_ += elapsed(start);
  return out;
}

void Evaluator::save(Checkpoint& c) const {
  c.rngs["evaluation.objective"] = estimate_rng_.state();
  c.rngs["evaluation.metrics"] = metrics_rng_.state();
  c.eval_seconds = seconds_;
}

void Evaluator::restore(const Checkpoint& c) {
  for (const char* name : {"evaluation.objective", "evaluation.metrics"}) {
    if (c.rngs.count(name) == 0)
      throw std::invalid_argument(fmt::format("checkpoint: random stream '{}' is missing", name));
  }
  estimate_rng_ = Rng(c.rngs.at("evaluation.objective"));
  metrics_rng_ = Rng(c.rngs.at("evaluation.metrics"));
  seconds_ = c.eval_seconds;
}

Evaluation Evaluator::evaluate_now(Trainer& trainer, long long n, Rng& rng) const {
  const bool knn = config_.knn_metrics == "on";
  const Matrix generated = trainer.generate(n, rng);
  // Data samples only feed the k-NN estimators: without them, none are drawn (26000 stacked
  // images are 245 MB).
  const Matrix data = knn ? trainer.dataset().sample(n, rng) : Matrix();
  return evaluate(generated, data, trainer.dataset(),
                  {.k = static_cast<int>(config_.knn_k),
                   .mode_threshold = config_.mode_threshold,
                   .mode_distance = parse_mode_distance(config_.mode_distance),
                   .mode_histogram = parse_mode_histogram(config_.mode_histogram),
                   .knn = knn});
}

}  // namespace divbench
