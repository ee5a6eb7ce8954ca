#pragma once
// Affine Gaussian generator x = mu + L z, z ~ N(0, I_d), so x ~ N(mu, L L^T). L is lower
// triangular (its strict upper triangle is held at zero), which makes (mu, L) an unconstrained
// parameterisation of every Gaussian with non-singular covariance. Used to fit a single Gaussian
// to a mixture under different divergences (f-GAN §4).
#include "models/model.hpp"

namespace divbench {

class AffineGaussian final : public Model {
 public:
  explicit AffineGaussian(Index dim);

  Index input_dim() const override { return mu_.size(); }
  Index output_dim() const override { return mu_.size(); }
  // X = Z L^T + 1 mu.  Z: (batch, d) -> X: (batch, d)
  ConstMatrixView forward(ConstMatrixView input) override;
  // dmu = 1^T dX (1, d);  dL = lower(dX^T Z) (d, d);  dZ = dX L (batch, d)
  ConstMatrixView backward(ConstMatrixView grad_output, Wanted wanted) override;
  std::vector<ParameterRef> parameters() override;
  // mu = 0, L = I: the standard normal. The RNG is not used (kept for the interface).
  void initialise(Rng& rng) override;
  std::string describe() const override;

  RowVector& mu() { return mu_; }
  Matrix& scale() { return scale_; }
  // Covariance L L^T.
  Matrix covariance() const;

 private:
  RowVector mu_;       // (1, d)
  Matrix scale_;       // (d, d), lower triangular
  RowVector mu_grad_;  // (1, d)
  Matrix scale_grad_;  // (d, d), lower triangular
  Matrix output_;      // (capacity, d)
  Matrix input_grad_;  // (capacity, d)
  const float* input_ = nullptr;
  Index batch_ = 0;
};

}  // namespace divbench
