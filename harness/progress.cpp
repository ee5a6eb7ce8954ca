#include "harness/progress.hpp"

#include <cmath>
#include <unistd.h>

#include <fmt/format.h>

namespace divbench {
namespace {

std::string clock_time(double seconds) {
  const long long s = std::llround(seconds);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

Progress::Progress(long long total_steps, std::FILE* out, bool interactive, std::string label,
                   double log_interval)
    : total_(total_steps),
      out_(out),
      interactive_(interactive),
      label_(std::move(label)),
      interval_(interactive ? 0.1 : log_interval),
      start_(Clock::now()),
      last_print_(start_) {}

bool Progress::is_terminal(std::FILE* out) { return isatty(fileno(out)) != 0; }

std::string Progress::line(long long step, double d_loss, double g_loss, double elapsed) const {
  const double rate = elapsed > 0.0 ? static_cast<double>(step) / elapsed : 0.0;
  const double eta = rate > 0.0 ? static_cast<double>(total_ - step) / rate : 0.0;
  return fmt::format("{}step {}/{}  {:.0f} steps/s  ETA {}  d_loss {:.4f}  g_loss {:.4f}",
                     label_.empty() ? "" : label_ + "  ", step, total_, rate, clock_time(eta),
                     d_loss, g_loss);
}

void Progress::update(long long step, double d_loss, double g_loss) {
  const auto now = Clock::now();
  if (std::chrono::duration<double>(now - last_print_).count() < interval_) return;
  last_print_ = now;
  const std::string text =
      line(step, d_loss, g_loss, std::chrono::duration<double>(now - start_).count());
  if (interactive_) {
    fmt::print(out_, "\r{}\x1b[K", text);
  } else {
    fmt::print(out_, "{}\n", text);
  }
  std::fflush(out_);
}

void Progress::finish(long long step, const std::string& status) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  fmt::print(out_, "{}{}{} after {} steps in {}\n", interactive_ ? "\r\x1b[K" : "",
             label_.empty() ? "" : label_ + "  ", status, step, clock_time(elapsed));
  std::fflush(out_);
}

}  // namespace divbench
