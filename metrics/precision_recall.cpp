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

// Precision and recall with the real balls' radii already computed.
void add_precision_recall(const PointsRef& real, const Eigen::VectorXd& real_radii,
                          const PointsRef& generated, int k, KnnMethod method, PrecisionRecall& out) {
  out.precision = fraction_positive(balls_containing(real, real_radii, generated, method));
  out.recall =
      fraction_positive(balls_containing(generated, radii(generated, k, method), real, method));
}

// Density and coverage with the real balls' radii already computed.
void add_density_coverage(const PointsRef& real, const Eigen::VectorXd& real_radii,
                          const PointsRef& generated, int k, KnnMethod method, PrecisionRecall& out) {
  const Eigen::VectorXi containing = balls_containing(real, real_radii, generated, method);
  out.density = containing.cast<double>().sum() /
                (static_cast<double>(k) * static_cast<double>(generated.rows()));
  // A real ball is covered when its nearest generated sample lies inside it.
  const Eigen::VectorXd nearest_generated = knn_distances(generated, real, 1, false, method).col(0);
  out.coverage = (nearest_generated.array() <= real_radii.array()).cast<double>().mean();
}

}  // namespace

PrecisionRecall precision_recall(const PointsRef& real, const PointsRef& generated, int k_pr,
                                 int k_dc, KnnMethod method) {
  PrecisionRecall out;
  const Eigen::VectorXd real_pr = radii(real, k_pr, method);
  add_precision_recall(real, real_pr, generated, k_pr, method, out);
  add_density_coverage(real, k_dc == k_pr ? real_pr : radii(real, k_dc, method), generated, k_dc,
                       method, out);
  return out;
}

PrecisionRecall improved_precision_recall(const PointsRef& real, const PointsRef& generated, int k,
                                          KnnMethod method) {
  PrecisionRecall out;
  add_precision_recall(real, radii(real, k, method), generated, k, method, out);
  return out;
}

PrecisionRecall density_coverage(const PointsRef& real, const PointsRef& generated, int k,
                                 KnnMethod method) {
  PrecisionRecall out;
  add_density_coverage(real, radii(real, k, method), generated, k, method, out);
  return out;
}

}  // namespace divbench
