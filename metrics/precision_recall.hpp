#pragma once
// Sample-quality metrics from k-NN balls on raw features.
//
// Improved precision and recall (Kynkäänniemi et al., NeurIPS 2019, eq. 1-3; k = 3): each sample
// of a set gets the ball reaching its k-th nearest neighbour in its own set (self excluded);
//   precision = fraction of generated samples inside some real sample's ball,
//   recall    = fraction of real samples inside some generated sample's ball.
// Density and coverage (Naeem et al., ICML 2020, eq. 3-4; k = 5), with real balls only:
//   density  = (1 / (k M)) sum_j #{real balls containing generated sample j}
//   coverage = fraction of real balls that contain at least one generated sample.
// For identical distributions E[density] = 1 and coverage -> 1 - 2^-k; disjoint supports give 0.
#include "metrics/nearest_neighbors.hpp"

namespace divbench {

struct PrecisionRecall {
  double precision = 0.0;
  double recall = 0.0;
  double density = 0.0;
  double coverage = 0.0;
};

// real (N, d), generated (M, d). k_pr for precision/recall, k_dc for density/coverage.
PrecisionRecall precision_recall(const PointsRef& real, const PointsRef& generated,
                                 int k_pr = 3, int k_dc = 5, KnnMethod method = KnnMethod::kAuto);

// One pair only, as precision_recall computes it (the other two fields stay 0): for callers that
// ask for one pair and should not pay for the other's searches.
PrecisionRecall improved_precision_recall(const PointsRef& real, const PointsRef& generated, int k,
                                          KnnMethod method = KnnMethod::kAuto);
PrecisionRecall density_coverage(const PointsRef& real, const PointsRef& generated, int k,
                                 KnnMethod method = KnnMethod::kAuto);

}  // namespace divbench
