#include "datasets/grid.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

std::unique_ptr<GaussianMixture> make_grid(int side, double spacing, double std) {
  if (side < 1) throw std::invalid_argument(fmt::format("grid: side must be >= 1, found {}", side));
  if (!(spacing > 0.0))
    throw std::invalid_argument(fmt::format("grid: spacing must be > 0, found {}", spacing));
  const int k = side * side;
  const double offset = 0.5 * (side - 1) * spacing;
  Eigen::MatrixXd means(k, 2);
  for (int i = 0; i < side; ++i) {
    for (int j = 0; j < side; ++j) {
      means(i * side + j, 0) = i * spacing - offset;
      means(i * side + j, 1) = j * spacing - offset;
    }
  }
  return std::make_unique<GaussianMixture>(
      fmt::format("grid(side={}, spacing={}, std={})", side, spacing, std),
      Eigen::VectorXd::Ones(k), means, Eigen::MatrixXd::Constant(k, 2, std));
}

}  // namespace divbench
