#include "harness/compare_runs.hpp"

#include <cstring>
#include <map>

#include <fmt/format.h>

#include "metrics/metric_registry.hpp"

namespace divbench {
namespace {

// A metric that files written before it was recorded lack (metrics/metric_registry.hpp): its
// absence from one file is no difference; where both have it, it is compared.
bool recorded_later(const std::string& name) {
  const MetricInfo* m = find_metric(name);
  return m != nullptr && m->added_later;
}

class Differences {
 public:
  explicit Differences(std::size_t limit) : limit_(limit) {}

  void add(std::string line) {
    if (lines_.size() < limit_) lines_.push_back(std::move(line));
    ++total_;
  }

  template <class T>
  void values(const std::string& what, const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) {
      add(fmt::format("{}: {} values vs {}", what, a.size(), b.size()));
      return;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      // Bit patterns on purpose, so that NaN equals the same NaN and -0 differs from 0.
      // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison)
      if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0)
        add(fmt::format("{}[{}]: {} vs {}", what, i, a[i], b[i]));
    }
  }

  void series(const std::string& what, const std::map<std::string, std::vector<double>>& a,
              const std::map<std::string, std::vector<double>>& b) {
    for (const auto& [name, values_a] : a) {
      const auto it = b.find(name);
      if (it == b.end()) {
        if (!recorded_later(name)) add(fmt::format("{}/{}: only in the first", what, name));
        continue;
      }
      values(fmt::format("{}/{}", what, name), values_a, it->second);
    }
    for (const auto& [name, values_b] : b) {
      if (a.count(name) == 0 && !recorded_later(name))
        add(fmt::format("{}/{}: only in the second", what, name));
    }
  }

  std::vector<std::string> lines() && {
    if (total_ > lines_.size())
      lines_.push_back(fmt::format("... and {} more differences", total_ - lines_.size()));
    return std::move(lines_);
  }

 private:
  std::size_t limit_;
  std::size_t total_ = 0;
  std::vector<std::string> lines_;
};

}  // namespace

std::vector<std::string> run_differences(const RunRecord& a, const RunRecord& b,
                                         std::size_t limit) {
  Differences d(limit);
  const auto options_a = identity_texts(a.config);
  const auto options_b = identity_texts(b.config);
  for (std::size_t i = 0; i < options_a.size() && i < options_b.size(); ++i) {
    if (options_a[i] != options_b[i]) {
      d.add(fmt::format("option {}: {} vs {}", options_a[i].first, options_a[i].second,
                        options_b[i].second));
    }
  }
  if (a.status != b.status) d.add(fmt::format("status: {} vs {}", a.status, b.status));
  if (a.diverged_step != b.diverged_step)
    d.add(fmt::format("diverged_step: {} vs {}", a.diverged_step, b.diverged_step));
  if (a.diverged_reason != b.diverged_reason && !a.diverged_reason.empty() &&
      !b.diverged_reason.empty())  // files written before the reason was recorded have none
    d.add(fmt::format("diverged_reason: {} vs {}", a.diverged_reason, b.diverged_reason));
  if (a.steps_completed != b.steps_completed)
    d.add(fmt::format("steps_completed: {} vs {}", a.steps_completed, b.steps_completed));
  d.values("curves/step", a.curves.step, b.curves.step);
  d.values("curves/d_loss", a.curves.d_loss, b.curves.d_loss);
  d.values("curves/g_loss", a.curves.g_loss, b.curves.g_loss);
  d.series("curves/objective", a.curves.objective, b.curves.objective);
  d.series("curves/metrics", a.curves.metrics, b.curves.metrics);
  if (a.samples.rows() != b.samples.rows() || a.samples.cols() != b.samples.cols()) {
    d.add(fmt::format("samples: {}x{} vs {}x{}", a.samples.rows(), a.samples.cols(),
                      b.samples.rows(), b.samples.cols()));
  } else {
    d.values("samples", std::vector<float>(a.samples.data(), a.samples.data() + a.samples.size()),
             std::vector<float>(b.samples.data(), b.samples.data() + b.samples.size()));
  }
  std::map<std::string, std::vector<double>> final_a, final_b;
  for (const auto& [name, value] : a.final_metrics) final_a[name] = {value};
  for (const auto& [name, value] : b.final_metrics) final_b[name] = {value};
  d.series("final", final_a, final_b);
  if (a.coverage.has_value() != b.coverage.has_value()) {
    d.add("final/hq_histogram: present in only one");
  } else if (a.coverage) {
    d.values("final/hq_histogram", a.coverage->hq_histogram, b.coverage->hq_histogram);
  }
  return std::move(d).lines();
}

}  // namespace divbench
