#include "metrics/knn_divergence.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/special_functions/digamma.hpp>
#include <fmt/format.h>

namespace divbench {

long long floor_zero_distances(Eigen::VectorXd& distances, const char* what) {
  double smallest = std::numeric_limits<double>::infinity();
  long long zeros = 0;
  for (const double v : distances) {
    if (v > 0.0) {
      smallest = std::min(smallest, v);
    } else {
      ++zeros;
    }
  }
  if (zeros == 0) return 0;
  if (!std::isfinite(smallest)) {
    throw std::invalid_argument(fmt::format(
        "{}: every k-th nearest-neighbour distance is 0 (each sample has at least k exact "
        "duplicates, or all samples are identical): the k-NN estimate is undefined; use a k larger "
        "than the number of duplicates",
        what));
  }
  for (double& v : distances) {
    if (v <= 0.0) v = smallest;
  }
  return zeros;
}

KnnEstimate knn_kl_divergence(const PointsRef& p, const PointsRef& q, int k, KnnMethod method) {
  const auto n = static_cast<double>(p.rows());
  const auto m = static_cast<double>(q.rows());
  const auto d = static_cast<double>(p.cols());
  Eigen::VectorXd rho = knn_distances(p, p, k, true, method).col(k - 1);  // (n)
  Eigen::VectorXd nu = knn_distances(q, p, k, false, method).col(k - 1);  // (n)
  KnnEstimate out;
  out.floored = floor_zero_distances(rho, "k-NN KL, distances within P") +
                floor_zero_distances(nu, "k-NN KL, distances from P to Q");
  out.value = d * (nu.array().log() - rho.array().log()).mean() + std::log(m / (n - 1.0));
  return out;
}

KnnEstimate knn_entropy(const PointsRef& x, int k, KnnMethod method) {
  const auto n = static_cast<double>(x.rows());
  const auto d = static_cast<double>(x.cols());
  Eigen::VectorXd rho = knn_distances(x, x, k, true, method).col(k - 1);
  KnnEstimate out;
  out.floored = floor_zero_distances(rho, "k-NN entropy");
  const double log_unit_ball = 0.5 * d * std::log(M_PI) - std::lgamma(0.5 * d + 1.0);
  out.value = boost::math::digamma(n) - boost::math::digamma(static_cast<double>(k)) +
              log_unit_ball + d * rho.array().log().mean();
  return out;
}

}  // namespace divbench
