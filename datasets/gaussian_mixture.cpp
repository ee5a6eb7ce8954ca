#include "datasets/gaussian_mixture.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

GaussianMixture::GaussianMixture(std::string name, Eigen::VectorXd weights, Eigen::MatrixXd means,
                                 Eigen::MatrixXd stds)
    : name_(std::move(name)),
      weights_(std::move(weights)),
      means_(std::move(means)),
      stds_(std::move(stds)) {
  const Index k = weights_.size();
  if (k == 0) throw std::invalid_argument(name_ + ": a mixture needs at least one component");
  if (means_.rows() != k || stds_.rows() != k || stds_.cols() != means_.cols() ||
      means_.cols() == 0) {
    throw std::invalid_argument(
        fmt::format("{}: weights ({}), means ({}x{}) and stds ({}x{}) disagree in shape", name_, k,
                    means_.rows(), means_.cols(), stds_.rows(), stds_.cols()));
  }
  if ((weights_.array() < 0.0).any() || !(weights_.sum() > 0.0) || !weights_.allFinite()) {
    throw std::invalid_argument(name_ + ": weights must be finite, >= 0 and not all zero");
  }
  if (!(stds_.array() > 0.0).all() || !stds_.allFinite() || !means_.allFinite()) {
    throw std::invalid_argument(name_ + ": stds must be finite and > 0, means finite");
  }
  weights_ /= weights_.sum();
  cumulative_.resize(k);
  double acc = 0.0;
  for (Index i = 0; i < k; ++i) cumulative_[i] = (acc += weights_[i]);
  cumulative_[k - 1] = 1.0;
  const double half_log_2pi = 0.5 * std::log(2.0 * std::numbers::pi);
  log_norm_.resize(k);
  for (Index i = 0; i < k; ++i) {
    log_norm_[i] = std::log(weights_[i]) - stds_.row(i).array().log().sum() -
                   static_cast<double>(dim()) * half_log_2pi;
    modes_.push_back({means_.row(i).transpose(), stds_.row(i).transpose(), weights_[i]});
  }
}

void GaussianMixture::sample(MatrixView out, Rng& rng) const {
  const Index n = out.rows();
  const Index d = dim();
  rng.fill_normal(out.data(), n * d);
  for (Index r = 0; r < n; ++r) {
    const double u = rng.uniform();
    const auto it =
        std::upper_bound(cumulative_.data(), cumulative_.data() + cumulative_.size(), u);
    const Index c = std::min<Index>(it - cumulative_.data(), cumulative_.size() - 1);
    for (Index j = 0; j < d; ++j) {
      out(r, j) = static_cast<float>(means_(c, j) + stds_(c, j) * out(r, j));
    }
  }
}

Eigen::VectorXd GaussianMixture::log_density(ConstMatrixView x) const {
  if (x.cols() != dim()) {
    throw std::invalid_argument(fmt::format("{}: log_density of {}-dimensional points, expected {}",
                                            name_, x.cols(), dim()));
  }
  const Index k = weights_.size();
  Eigen::VectorXd out(x.rows());
  Eigen::VectorXd terms(k);
  for (Index r = 0; r < x.rows(); ++r) {
    const Eigen::RowVectorXd xr = x.row(r).cast<double>();
    for (Index c = 0; c < k; ++c) {
      const double sq = ((xr - means_.row(c)).array() / stds_.row(c).array()).square().sum();
      terms[c] = log_norm_[c] - 0.5 * sq;
    }
    const double m = terms.maxCoeff();
    out[r] = std::isinf(m) ? m : m + std::log((terms.array() - m).exp().sum());
  }
  return out;
}

std::string GaussianMixture::describe() const {
  return fmt::format("{}: {}-D mixture of {} Gaussians", name_, dim(), weights_.size());
}

}  // namespace divbench
