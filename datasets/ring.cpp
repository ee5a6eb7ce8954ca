#include "datasets/ring.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

std::unique_ptr<GaussianMixture> make_ring(int k, double radius, double std) {
  if (k < 1) throw std::invalid_argument(fmt::format("ring: k must be >= 1, found {}", k));
  if (!(radius > 0.0))
    throw std::invalid_argument(fmt::format("ring: radius must be > 0, found {}", radius));
  Eigen::MatrixXd means(k, 2);
  for (int i = 0; i < k; ++i) {
    const double angle = 2.0 * std::numbers::pi * i / k;
    means(i, 0) = radius * std::cos(angle);
    means(i, 1) = radius * std::sin(angle);
  }
  return std::make_unique<GaussianMixture>(
      fmt::format("ring(k={}, radius={}, std={})", k, radius, std), Eigen::VectorXd::Ones(k), means,
      Eigen::MatrixXd::Constant(k, 2, std));
}

}  // namespace divbench
