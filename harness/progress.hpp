#pragma once
// Training progress for a person watching. On a terminal: one line redrawn in place (step,
// steps/s, ETA, losses) at most ten times a second. Elsewhere (logs, CI, Slurm output files): a
// plain line at most every `log_interval` seconds, so logs stay short.
#include <chrono>
#include <cstdio>
#include <string>

namespace divbench {

class Progress {
 public:
  // interactive: redraw in place; label: printed before each line (e.g. the run's name).
  Progress(long long total_steps, std::FILE* out, bool interactive, std::string label = {},
           double log_interval = 5.0);

  // Whether `out` is a terminal.
  static bool is_terminal(std::FILE* out);

  // Cheap when nothing is due: one clock read.
  void update(long long step, double d_loss, double g_loss);
  // Final line with the run's status.
  void finish(long long step, const std::string& status);

 private:
  using Clock = std::chrono::steady_clock;
  long long total_;
  std::FILE* out_;
  bool interactive_;
  std::string label_;
  double interval_;
  Clock::time_point start_;
  Clock::time_point last_print_;

  std::string line(long long step, double d_loss, double g_loss, double elapsed) const;
};

}  // namespace divbench
