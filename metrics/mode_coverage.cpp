#include "metrics/mode_coverage.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

ModeDistance parse_mode_distance(std::string_view text) {
  if (text == "standardised") return ModeDistance::kStandardised;
  if (text == "euclidean") return ModeDistance::kEuclidean;
  throw std::invalid_argument(
      fmt::format("expected standardised or euclidean, found '{}'", text));
}

ModeHistogram parse_mode_histogram(std::string_view text) {
  if (text == "hq") return ModeHistogram::kHighQuality;
  if (text == "all") return ModeHistogram::kAll;
  throw std::invalid_argument(fmt::format("expected hq or all, found '{}'", text));
}

void histogram_coverage(ModeCoverage& out, const std::vector<double>& weights,
                        long long min_count, const std::vector<long long>* kl_histogram) {
  const std::vector<long long>& kl_counts = kl_histogram != nullptr ? *kl_histogram : out.hq_histogram;
  if (out.hq_histogram.size() != weights.size() || kl_counts.size() != weights.size() ||
      weights.empty()) {
    throw std::invalid_argument(fmt::format("mode coverage: {} histogram bins for {} mode weights",
                                            out.hq_histogram.size(), weights.size()));
  }
  out.modes_total = static_cast<long long>(weights.size());
  out.modes_covered = 0;
  for (const long long count : out.hq_histogram) {
    if (count >= min_count) ++out.modes_covered;
  }
  long long counted = 0;
  for (const long long count : kl_counts) counted += count;
  double weight_sum = 0.0;
  for (const double w : weights) weight_sum += w;
  const auto count = static_cast<double>(counted);
  const auto n_modes = static_cast<double>(weights.size());
  out.kl_modes = 0.0;
  out.kl_modes_reverse = 0.0;
  for (std::size_t j = 0; j < weights.size(); ++j) {
    const double pi = weights[j] / weight_sum;
    const auto c = static_cast<double>(kl_counts[j]);
    if (c > 0.0) out.kl_modes += c / count * std::log(c / count / pi);
    if (pi > 0.0) out.kl_modes_reverse += pi * std::log(pi / ((c + 0.5) / (count + 0.5 * n_modes)));
  }
  if (counted == 0) {
    out.kl_modes = out.kl_modes_reverse = std::numeric_limits<double>::quiet_NaN();
  }
}

ModeCoverage labelled_coverage(ConstMatrixView samples, const ModeLabeller& labeller) {
  ModeCoverage out;
  out.hq_histogram.assign(static_cast<std::size_t>(labeller.mode_count()), 0);
  for (const Index mode : labeller.assign(samples))
    ++out.hq_histogram[static_cast<std::size_t>(mode)];
  histogram_coverage(out, labeller.mode_weights());
  out.hq_fraction = std::numeric_limits<double>::quiet_NaN();
  return out;
}

ModeCoverage mode_coverage(ConstMatrixView samples, const std::vector<Mode>& modes,
                           const ModeCoverageSettings& settings) {
  if (modes.empty()) throw std::invalid_argument("mode coverage needs a dataset with known modes");
  for (const auto& m : modes) {
    if (m.centre.size() != samples.cols()) {
      throw std::invalid_argument(fmt::format("mode coverage: samples are {}-D, modes are {}-D",
                                              samples.cols(), m.centre.size()));
    }
  }
  ModeCoverage out;
  out.modes_total = static_cast<long long>(modes.size());
  out.hq_histogram.assign(modes.size(), 0);
  const double threshold_sq = settings.hq_threshold * settings.hq_threshold;
  const bool euclidean = settings.distance == ModeDistance::kEuclidean;
  // Euclidean: each mode's scale s_k^2 = mean_j s_kj^2 (see the header).
  std::vector<double> scale_sq;
  for (const auto& m : modes) scale_sq.push_back(m.std.array().square().mean());
  std::vector<long long> all_histogram(modes.size(), 0);
  long long hq = 0;
  for (Index r = 0; r < samples.rows(); ++r) {
    const Eigen::RowVectorXd x = samples.row(r).cast<double>();
    if (!x.allFinite()) continue;
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_mode = 0;
    for (std::size_t k = 0; k < modes.size(); ++k) {
      const double d2 =
          euclidean ? (x.transpose() - modes[k].centre).squaredNorm()
                    : ((x.transpose() - modes[k].centre).array() / modes[k].std.array())
                          .square()
                          .sum();
      if (d2 < best) {
        best = d2;
        best_mode = k;
      }
    }
    ++all_histogram[best_mode];
    if (best < threshold_sq * (euclidean ? scale_sq[best_mode] : 1.0)) {
      ++hq;
      ++out.hq_histogram[best_mode];
    }
  }
  std::vector<double> weights;
  weights.reserve(modes.size());
  for (const auto& m : modes) weights.push_back(m.weight);
  histogram_coverage(out, weights, settings.min_count,
                     settings.histogram == ModeHistogram::kAll ? &all_histogram : nullptr);
  out.hq_fraction =
      samples.rows() == 0 ? 0.0 : static_cast<double>(hq) / static_cast<double>(samples.rows());
  return out;
}

}  // namespace divbench
