#include "harness/evaluation.hpp"

#include <cmath>
#include <limits>

#include "metrics/knn_divergence.hpp"
#include "metrics/known_density.hpp"
#include "metrics/precision_recall.hpp"

namespace divbench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Runs one k-NN estimator; a sample set it cannot handle gives NaN instead of ending the run.
// Adds the zero distances it replaced by the floor to `floored`.
template <class F>
double or_nan(F&& estimate, long long& floored) {
  try {
    const KnnEstimate e = estimate();
    floored += e.floored;
    return e.value;
  } catch (const std::invalid_argument&) {
    return kNaN;
  }
}

}  // namespace

Evaluation evaluate(const Matrix& generated, const Matrix& data, const Dataset& dataset,
                    const EvaluationSettings& settings) {
  Evaluation out;
  auto& m = out.metrics;
  const bool finite = generated.allFinite();
  const int k = settings.k;
  // The estimators work in double; high-dimensional runs skip them and the copies.
  const bool need_double = settings.knn || generated.cols() == 1;
  const PointMatrix g = need_double ? generated.cast<double>() : PointMatrix();
  const PointMatrix p = settings.knn ? data.cast<double>() : PointMatrix();
  if (settings.knn) {
    // Collapsed generators produce exact duplicates, whose zero distances the estimators replace
    // by a floor (metrics/knn_divergence.hpp): how many is recorded beside the estimates.
    long long floored = 0;
    m["knn_kl_fwd"] = finite ? or_nan([&] { return knn_kl_divergence(p, g, k); }, floored) : kNaN;
    m["knn_kl_rev"] = finite ? or_nan([&] { return knn_kl_divergence(g, p, k); }, floored) : kNaN;
    m["entropy_g"] = finite ? or_nan([&] { return knn_entropy(g, k); }, floored) : kNaN;
    if (dataset.has_log_density()) {
      long long same_search = 0;  // its entropy term repeats entropy_g's search: counted once
      m["kl_rev_known"] =
          finite ? or_nan([&] { return known_density_reverse_kl(g, dataset, k); }, same_search)
                 : kNaN;
    }
    m["knn_floored"] = finite ? static_cast<double>(floored) : kNaN;
    PrecisionRecall pr{kNaN, kNaN, kNaN, kNaN};
    if (finite) {
      try {
        pr = precision_recall(p, g);
      } catch (const std::invalid_argument&) {
      }
    }
    m["precision"] = pr.precision;
    m["recall"] = pr.recall;
    m["density"] = pr.density;
    m["coverage"] = pr.coverage;
  }
  if (generated.cols() == 1 && finite && generated.rows() > 1) {
    // 1-D data: the generated distribution's mean and standard deviation (n - 1), the fitted
    // (mu, sigma) of an affine generator in the gaussian-fit experiment.
    const double mean = g.col(0).mean();
    m["gen_mean"] = mean;
    m["gen_std"] =
        std::sqrt((g.col(0).array() - mean).square().sum() / static_cast<double>(g.rows() - 1));
  }
  if (!dataset.modes().empty()) {
    out.coverage = mode_coverage(view(generated), dataset.modes(),
                                 {.hq_threshold = settings.mode_threshold,
                                  .min_count = 1,
                                  .distance = settings.mode_distance,
                                  .histogram = settings.mode_histogram});
    m["modes_covered"] = static_cast<double>(out.coverage->modes_covered);
    m["hq_fraction"] = out.coverage->hq_fraction;
    m["modes_kl"] = out.coverage->kl_modes;
    m["modes_kl_reverse"] = out.coverage->kl_modes_reverse;
  }
  if (const ModeLabeller* labeller = dataset.mode_labeller(); labeller != nullptr) {
    // Classifier modes (labelled real data): every sample counts, none is "high quality".
    m["modes_covered"] = m["modes_kl"] = m["modes_kl_reverse"] = kNaN;
    if (finite) {
      ModeCoverage c = labelled_coverage(view(generated), *labeller);
      m["modes_covered"] = static_cast<double>(c.modes_covered);
      m["modes_kl"] = c.kl_modes;
      m["modes_kl_reverse"] = c.kl_modes_reverse;
      out.coverage = std::move(c);
    }
  }
  return out;
}

}  // namespace divbench
