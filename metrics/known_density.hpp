#pragma once
// Reverse KL against a data distribution whose log density is known exactly (synthetic data):
//   KL(Q || P) = -H(Q) - E_Q[log p(y)]  ~  -H_KL(Y) - (1/m) sum_j log p(Y_j)
// with H_KL the Kozachenko–Leonenko entropy of the generated samples Y (knn_divergence.hpp). Only
// the entropy is estimated, so this is far less biased than the pure k-NN KL in high dimension;
// runs log both so that the estimator's bias is visible.
#include "datasets/dataset.hpp"
#include "metrics/knn_divergence.hpp"

namespace divbench {

// generated (m, d); the dataset must have an exact log density. Throws std::invalid_argument
// otherwise, or when m < k + 1.
KnnEstimate known_density_reverse_kl(const PointsRef& generated, const Dataset& data, int k,
                                     KnnMethod method = KnnMethod::kAuto);

}  // namespace divbench
