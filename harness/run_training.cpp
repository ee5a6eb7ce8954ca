#include "harness/run_training.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "divbench/build_info.hpp"
#include "harness/checkpoint.hpp"
#include "harness/evaluator.hpp"
#include "harness/machine.hpp"
#include "harness/trainer.hpp"
#include "common/gemm.hpp"
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

// The checkpoint at `path` when there is one for this run from this binary; renames one from
// another binary to "<path>.stale" (its numbers could differ in the last bit).
std::optional<Checkpoint> usable_checkpoint(const std::string& path, const std::string& identity,
                                            std::FILE* log) {
  if (path.empty() || !std::filesystem::exists(path)) return std::nullopt;
  Checkpoint c = read_checkpoint(path);
  if (c.identity != identity) {
    throw std::invalid_argument(fmt::format(
        "{}: this checkpoint belongs to another run (options differ); remove it or choose "
        "another --checkpoint",
        path));
  }
  if (c.binary != this_binary()) {
    std::filesystem::rename(path, path + ".stale");
    if (log != nullptr) {
      fmt::print(log, "{}: written by another build ({}); set aside as {}.stale, starting afresh\n",
                 path, c.binary, path);
    }
    return std::nullopt;
  }
  return c;
}

}  // namespace

RunRecord run_training(const TrainConfig& config, Progress* progress, const RunControl& control) {
  Trainer trainer(config);
  RunRecord record;
  record.config = trainer.config();
  record.divbench_version = build::kVersion;
  record.git_commit = build::kGitCommit;
  record.build_type = build::kBuildType;
  record.build_flags = build::kFlags;
  record.compiler = build::kCompiler;
  record.gemm_backend = gemm_backend();
  record.cpu = cpu_description();
  record.dataset_description = trainer.dataset().describe();
  record.network_description = trainer.network_description();
  for (const Index s : trainer.dataset().sample_shape())
    record.sample_shape += (record.sample_shape.empty() ? "" : "x") + std::to_string(s);
  record.start_time = utc_now();
  const auto start = std::chrono::steady_clock::now();
  double earlier_seconds = 0.0;  // wall time before the checkpoint this run resumed from

  record.plugins = loaded_objective_plugins();

  const TrainConfig& c = record.config;
  const std::string identity = identity_text(c);
  Evaluator evaluator(c);
  record.curves.step.reserve(static_cast<std::size_t>(c.steps / c.eval_every + 2));
  if (auto checkpoint = usable_checkpoint(control.checkpoint, identity, control.log)) {
    trainer.restore(*checkpoint);
    evaluator.restore(*checkpoint);
    record.curves = std::move(checkpoint->curves);
    record.start_time = checkpoint->start_time;
    earlier_seconds = checkpoint->train_seconds;
    if (control.log != nullptr) {
      fmt::print(control.log, "{}: resuming at step {} of {}\n", control.checkpoint,
                 checkpoint->step, c.steps);
    }
  }
  const auto save_checkpoint = [&] {
    Checkpoint out;
    out.identity = identity;
    out.binary = this_binary();
    trainer.save(out);
    evaluator.save(out);
    out.curves = record.curves;
    out.start_time = record.start_time;
    out.train_seconds =
        earlier_seconds +
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    write_checkpoint(control.checkpoint, out);
  };

  for (long long step = trainer.steps_done() + 1; step <= c.steps; ++step) {
    const StepLosses losses = trainer.step();
    if (!losses.fault.empty() || !std::isfinite(losses.d_loss) || !std::isfinite(losses.g_loss)) {
      record.status = "diverged";
      record.diverged_step = step;
      record.diverged_reason =
          !losses.fault.empty()
              ? losses.fault
              : fmt::format("{} loss is {}",
                            std::isfinite(losses.d_loss) ? "generator" : "discriminator",
                            std::isfinite(losses.d_loss) ? losses.g_loss : losses.d_loss);
      evaluator.record_point(record.curves, step, losses, trainer);
      break;
    }
    if (step % c.eval_every == 0 || step == c.steps) {
      evaluator.record_point(record.curves, step, losses, trainer);
    }
    if (progress != nullptr) progress->update(step, losses.d_loss, losses.g_loss);
    if (control.checkpoint.empty() || step == c.steps) continue;
    if ((control.stop != nullptr && *control.stop != 0) || step == control.stop_after_step) {
      save_checkpoint();
      record.status = "interrupted";
      record.steps_completed = step;
      if (control.log != nullptr) {
        fmt::print(control.log, "{}: interrupted; checkpoint saved at step {} of {}\n",
                   control.checkpoint, step, c.steps);
      }
      return record;
    }
    if (c.checkpoint_every > 0 && step % c.checkpoint_every == 0) save_checkpoint();
  }
  record.steps_completed = trainer.steps_done();

  Rng evaluation(static_cast<std::uint64_t>(c.seed), "evaluation");
  record.samples = trainer.generate(c.samples, evaluation);
  Evaluation last = evaluator.final_evaluation(trainer);
  record.final_metrics = std::move(last.metrics);
  record.coverage = std::move(last.coverage);
  record.eval_seconds = evaluator.seconds();
  record.train_seconds =
      earlier_seconds +
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  record.end_time = utc_now();
  if (progress != nullptr) {
    progress->finish(
        record.steps_completed,
        record.status == "complete"
            ? "complete"
            : fmt::format("diverged at step {}: {}", record.diverged_step, record.diverged_reason));
  }
  return record;
}

}  // namespace divbench
