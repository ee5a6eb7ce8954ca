#include "harness/run_training.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>

#include <fmt/format.h>

#include "divbench/build_info.hpp"
#include "harness/trainer.hpp"
#include "metrics/mode_coverage.hpp"
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

// One curve point: the step's losses and the objective's estimates on held-out batches drawn from
// `estimate_rng`. An estimate missing at this point, or new since the last one, is padded with NaN
// so that every curve keeps one value per step.
void record_point(Curves& curves, long long step, const StepLosses& losses, Trainer& trainer,
                  Index estimate_samples, Rng& estimate_rng) {
  curves.step.push_back(step);
  curves.d_loss.push_back(losses.d_loss);
  curves.g_loss.push_back(losses.g_loss);
  const std::size_t points = curves.step.size();
  for (const Estimate& e : trainer.objective_estimates(estimate_samples, estimate_rng)) {
    auto& values = curves.objective[e.name];
    values.resize(points - 1, std::numeric_limits<double>::quiet_NaN());
    values.push_back(e.value);
  }
  for (auto& [name, values] : curves.objective)
    values.resize(points, std::numeric_limits<double>::quiet_NaN());
}

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
  // Evaluation draws from streams of its own, so its settings never change training.
  Rng estimate_rng(static_cast<std::uint64_t>(c.seed), "evaluation.objective");
  record.curves.step.reserve(static_cast<std::size_t>(c.steps / c.eval_every + 2));
  for (long long step = 1; step <= c.steps; ++step) {
    const StepLosses losses = trainer.step();
    if (!std::isfinite(losses.d_loss) || !std::isfinite(losses.g_loss)) {
      record.status = "diverged";
      record.diverged_step = step;
      record_point(record.curves, step, losses, trainer, c.estimate_samples, estimate_rng);
      break;
    }
    if (step % c.eval_every == 0 || step == c.steps) {
      record_point(record.curves, step, losses, trainer, c.estimate_samples, estimate_rng);
    }
    if (progress != nullptr) progress->update(step, losses.d_loss, losses.g_loss);
  }
  record.steps_completed = trainer.steps_done();

  Rng evaluation(static_cast<std::uint64_t>(c.seed), "evaluation");
  record.samples = trainer.generate(c.samples, evaluation);
  if (!trainer.dataset().modes().empty()) {
    record.coverage = mode_coverage(view(record.samples), trainer.dataset().modes(),
                                    {.hq_threshold = c.mode_threshold, .min_count = 1});
  }
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
