#include "datasets/dataset.hpp"

#include <stdexcept>

namespace divbench {

Eigen::VectorXd Dataset::log_density(ConstMatrixView /*x*/) const {
  throw std::logic_error(describe() + " has no known log density");
}

const std::vector<Mode>& Dataset::modes() const {
  static const std::vector<Mode> kNone;
  return kNone;
}

Matrix Dataset::sample(Index n, Rng& rng) const {
  Matrix out(n, dim());
  sample(MatrixView(out.data(), n, dim()), rng);
  return out;
}

}  // namespace divbench
