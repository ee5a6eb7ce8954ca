#pragma once
// What BatchNorm and LayerNorm share: y = x̂ ⊙ gamma + beta with gamma, beta per feature (1, width),
// where x̂ = N(x) is the layer's standardisation. With J = ∂x̂/∂x (symmetric for both layers),
// a = dy ⊙ gamma and ȧ = dy ⊙ γ̇ + ḋy ⊙ gamma:
//   forward           y = x̂ gamma + beta
//   backward          dx = J a;  dgamma = Σ_batch dy ⊙ x̂;  dbeta = Σ_batch dy
//   forward tangent   ẏ = x̂̇ gamma + x̂ γ̇ + β̇,  x̂̇ = J ẋ
//   backward tangent  ġx = J ȧ + J̇ a;  ġgamma = Σ (ḋy ⊙ x̂ + dy ⊙ x̂̇);  ġbeta = Σ ḋy
// A subclass supplies N, J v and J ȧ + J̇ a.
#include "models/layer.hpp"

namespace divbench {

class Normalisation : public Layer {
 public:
  explicit Normalisation(Index width);

  Index in_dim() const override { return width_; }
  Index out_dim() const override { return width_; }
  void forward(ConstMatrixView x, MatrixView y, Phase phase) override;
  void backward(ConstMatrixView x, ConstMatrixView y, ConstMatrixView dy, MatrixView* dx,
                bool param_grads) override;
  void forward_tangent(ConstMatrixView x, ConstMatrixView y, ConstMatrixView x_dot,
                       MatrixView y_dot) override;
  void backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, ConstMatrixView y,
                        ConstMatrixView y_dot, ConstMatrixView dy, ConstMatrixView dy_dot,
                        MatrixView* dx_dot, bool param_grads) override;
  void parameters(std::vector<ParameterRef>& out, const std::string& prefix) override;
  void initialise(Rng& rng, const Init& init) override;

 protected:
  // x̂ = N(x) of the forward in `phase` (remembered: the passes after it use the same phase).
  virtual void standardise(ConstMatrixView x, MatrixView xhat, Phase phase) = 0;
  // out = J v at the last forward.
  virtual void jacobian_times(ConstMatrixView xhat, ConstMatrixView v, MatrixView out) = 0;
  // out = J ȧ + J̇ a, J̇ the tangent of J along ẋ (x̂̇ = J ẋ, dx = J a given).
  virtual void jacobian_tangent(ConstMatrixView xhat, ConstMatrixView x_dot,
                                ConstMatrixView xhat_dot, ConstMatrixView a,
                                ConstMatrixView a_dot, ConstMatrixView dx, MatrixView out) = 0;

  Index width_;
  Phase phase_ = Phase::kTrain;  // of the last forward

 private:
  Parameter gamma_, beta_;  // (1, width)
  Matrix xhat_;             // (capacity, width): x̂ of the last forward
  Matrix a_, a_dot_, xhat_dot_, dx_;  // (capacity, width) scratch
};

// Column-major view of a contiguous row-major (rows, cols) block: its transpose, no copy.
using ColMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
inline Eigen::Map<const ColMajorMatrix> transposed(ConstMatrixView m) {
  return {m.data(), m.cols(), m.rows()};
}
inline Eigen::Map<ColMajorMatrix> transposed(MatrixView m) {
  return {m.data(), m.cols(), m.rows()};
}

}  // namespace divbench
