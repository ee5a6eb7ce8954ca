#pragma once
// Mixture of axis-aligned Gaussians in any dimension:
//   p(x) = sum_k w_k prod_j N(x_j; mu_kj, s_kj^2),   sum_k w_k = 1.
// Covers 1-D mixtures, the 2-D ring and grid, and high-dimensional mixtures. Its modes are its
// components.
#include <vector>

#include "datasets/dataset.hpp"

namespace divbench {

class GaussianMixture final : public Dataset {
 public:
  // weights (K), means (K, d), stds (K, d). Weights are normalised; every std must be > 0.
  GaussianMixture(std::string name, Eigen::VectorXd weights, Eigen::MatrixXd means,
                  Eigen::MatrixXd stds);

  using Dataset::sample;
  Index dim() const override { return means_.cols(); }
  // Draws the n*d standard normals first, then one uniform per row for its component, so a row's
  // values depend only on the stream position.
  void sample(MatrixView out, Rng& rng) const override;
  bool has_log_density() const override { return true; }
  // log p(x) via log-sum-exp over components, in double.
  Eigen::VectorXd log_density(ConstMatrixView x) const override;
  const std::vector<Mode>& modes() const override { return modes_; }
  std::string describe() const override;

  const Eigen::VectorXd& weights() const { return weights_; }
  const Eigen::MatrixXd& means() const { return means_; }
  const Eigen::MatrixXd& stds() const { return stds_; }

 private:
  std::string name_;
  Eigen::VectorXd weights_;     // (K)
  Eigen::VectorXd cumulative_;  // (K), cumulative weights, last = 1
  Eigen::MatrixXd means_;       // (K, d)
  Eigen::MatrixXd stds_;        // (K, d)
  Eigen::VectorXd log_norm_;    // (K), log w_k - sum_j log(s_kj sqrt(2 pi))
  std::vector<Mode> modes_;
};

}  // namespace divbench
