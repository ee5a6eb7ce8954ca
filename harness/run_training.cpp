#include "harness/run_training.hpp"

#include <chrono>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "divbench/build_info.hpp"
#include "harness/trainer.hpp"
#include "metrics/mode_coverage.hpp"

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

void record_point(Curves& curves, long long step, const StepLosses& losses) {
  curves.step.push_back(step);
  curves.d_loss.push_back(losses.d_loss);
  curves.g_loss.push_back(losses.g_loss);
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

  const TrainConfig& c = record.config;
  record.curves.step.reserve(static_cast<std::size_t>(c.steps / c.eval_every + 2));
  for (long long step = 1; step <= c.steps; ++step) {
    const StepLosses losses = trainer.step();
    if (!std::isfinite(losses.d_loss) || !std::isfinite(losses.g_loss)) {
      record.status = "diverged";
      record.diverged_step = step;
      record_point(record.curves, step, losses);
      break;
    }
    if (step % c.eval_every == 0 || step == c.steps) record_point(record.curves, step, losses);
    if (progress != nullptr) progress->update(step, losses.d_loss, losses.g_loss);
  }
  record.steps_completed = trainer.steps_done();

  // Evaluation draws from its own stream, so its settings never change training.
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
                     record.status == "complete" ? "complete"
                                                 : fmt::format("diverged at step {}", record.diverged_step));
  }
  return record;
}

}  // namespace divbench
