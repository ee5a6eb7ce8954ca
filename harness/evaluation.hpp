#pragma once
// What a run measures at each evaluation: every metric the dataset supports, on generated samples
// and fresh data samples (docs/hdf5-schema.md names each one).
//   k-NN (unless off):   knn_kl_fwd = KL(P_data || P_g), knn_kl_rev = KL(P_g || P_data) (k-NN),
//                        entropy_g (Kozachenko–Leonenko), precision, recall, density, coverage;
//                        with an exact log density, kl_rev_known = -H(P_g) - E_g[log p_data]
//   known modes:         modes_covered, hq_fraction, modes_kl, modes_kl_reverse
//   classifier modes:    modes_covered, modes_kl, modes_kl_reverse (labelled real data; no HQ)
//   1-D data:            gen_mean, gen_std (the generated samples' mean and standard deviation)
// A metric that cannot be computed on these samples (non-finite samples after a divergence, too
// many duplicates) is NaN: an evaluation never ends a run.
#include <map>
#include <optional>
#include <string>

#include "datasets/dataset.hpp"
#include "metrics/mode_coverage.hpp"

namespace divbench {

struct EvaluationSettings {
  int k = 5;  // k-NN KL and entropy
  double mode_threshold = 3.0;
  ModeDistance mode_distance = ModeDistance::kStandardised;
  ModeHistogram mode_histogram = ModeHistogram::kHighQuality;
  // The k-NN estimators. In hundreds of dimensions they cost minutes per evaluation and estimate
  // little (Stacked MNIST is judged by its modes), so real-data sweeps turn them off.
  bool knn = true;
};

struct Evaluation {
  std::map<std::string, double> metrics;
  std::optional<ModeCoverage> coverage;  // when the dataset has modes
};

// generated and data: (n, d) each, float as the networks produce them; data is only read by the
// k-NN estimators (it may be empty when settings.knn is false).
Evaluation evaluate(const Matrix& generated, const Matrix& data, const Dataset& dataset,
                    const EvaluationSettings& settings);

}  // namespace divbench
