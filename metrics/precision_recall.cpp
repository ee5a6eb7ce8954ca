#include "metrics/precision_recall.hpp"

namespace divbench {
namespace {

// Distance from each sample to its k-th nearest neighbour in its own set: the ball radii.
Eigen::VectorXd radii(const PointsRef& x, int k, KnnMethod method) {
  return knn_distances(x, x, k, true, method).col(k - 1);
}

double fraction_positive(const Eigen::VectorXi& counts) {
  return counts.size() == 0 ? 0.0 : (counts.array() > 0).cast<double>().mean();
}

}  // namespace

PrecisionRecall precision_recall(const PointsRef& real, const PointsRef& generated, int k_pr,
                                 int k_dc, KnnMethod method) {
  PrecisionRecall out;
  const Eigen::VectorXd real_pr = radii(real, k_pr, method);
  out.precision = fraction_positive(balls_containing(real, real_pr, generated, method));
  out.recall =
      fraction_positive(balls_containing(generated, radii(generated, k_pr, method), real, method));

  const Eigen::VectorXd real_dc = k_dc == k_pr ? real_pr : radii(real, k_dc, method);
  const Eigen::VectorXi containing = balls_containing(real, real_dc, generated, method);
  out.density = containing.cast<double>().sum() /
                (static_cast<double>(k_dc) * static_cast<double>(generated.rows()));
  // A real ball is covered when its nearest generated sample lies inside it.
  const Eigen::VectorXd nearest_generated = knn_distances(generated, real, 1, false, method).col(0);
  out.coverage = (nearest_generated.array() <= real_dc.array()).cast<double>().mean();
  return out;
}

}  // namespace divbench
