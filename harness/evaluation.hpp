#pragma once
// What a run measures at each evaluation: every metric the dataset supports, on generated samples
// and fresh data samples (docs/hdf5-schema.md names each one).
//   always:              knn_kl_fwd = KL(P_data || P_g), knn_kl_rev = KL(P_g || P_data) (k-NN),
//                        entropy_g (Kozachenko–Leonenko), precision, recall, density, coverage
//   exact log density:   kl_rev_known = -H(P_g) - E_g[log p_data]
//   known modes:         modes_covered, hq_fraction, modes_kl, modes_kl_reverse
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
};

struct Evaluation {
  std::map<std::string, double> metrics;
  std::optional<ModeCoverage> coverage;  // when the dataset has modes
};

// generated and data: (n, d) each, float as the networks produce them.
Evaluation evaluate(const Matrix& generated, const Matrix& data, const Dataset& dataset,
                    const EvaluationSettings& settings);

}  // namespace divbench
