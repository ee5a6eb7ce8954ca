#include "models/spectral_norm.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/linear.hpp"

namespace divbench {
namespace {

constexpr float kNormaliseEps = 1e-12F;  // torch.nn.functional.normalize's default

void normalise(Matrix& v) { v /= std::max(v.norm(), kNormaliseEps); }

}  // namespace

SpectralNormLinear::SpectralNormLinear(Index in, Index out, bool bias, Index iterations)
    : iterations_(iterations),
      u_(Matrix::Zero(1, out)),
      v_(Matrix::Zero(1, in)),
      w_sn_(Matrix::Zero(in, out)),
      w_sn_dot_(Matrix::Zero(in, out)),
      g_(Matrix::Zero(in, out)),
      g_dot_(Matrix::Zero(in, out)) {
  if (iterations < 1) {
    throw std::invalid_argument(
        fmt::format("spectral norm needs at least 1 power iteration, found {}", iterations));
  }
  weight_.resize(in, out);
  if (bias) bias_.emplace().resize(1, out);
}

std::string SpectralNormLinear::describe() const {
  return fmt::format("linear {}->{}{} spectral-norm iterations={}", in_dim(), out_dim(),
                     bias_ ? "" : " (no bias)", iterations_);
}

void SpectralNormLinear::initialise(Rng& rng, const Init& init) {
  init.initialise_linear(rng, weight_.value, bias_ ? &bias_->value : nullptr);
  rng.fill_normal(u_.data(), u_.size());
  rng.fill_normal(v_.data(), v_.size());
  normalise(u_);
  normalise(v_);
}

void SpectralNormLinear::normalise_weight() {
  const Matrix& w = weight_.value;
  // sigma = vᵀ W u: (1, in) (in, out) (out, 1), without a temporary (dot of v with W u).
  double sigma = 0.0;
  for (Index i = 0; i < w.rows(); ++i) sigma += v_(0, i) * w.row(i).dot(u_.row(0));
  sigma_ = static_cast<float>(sigma);
  w_sn_ = w / sigma_;
}

void SpectralNormLinear::forward(ConstMatrixView x, MatrixView y, Phase phase) {
  if (phase == Phase::kTrain) {
    const Matrix& w = weight_.value;
    // Written as loops over W's rows: products of a row-major matrix with vectors stored as
    // rows would make Eigen allocate temporaries, and a training step allocates nothing.
    for (Index k = 0; k < iterations_; ++k) {
      for (Index i = 0; i < w.rows(); ++i) v_(0, i) = w.row(i).dot(u_.row(0));  // W u
      normalise(v_);
      u_.setZero();
      for (Index i = 0; i < w.rows(); ++i) u_.row(0) += v_(0, i) * w.row(i);  // (Wᵀ v)ᵀ
      normalise(u_);
    }
  }
  normalise_weight();
  linear_forward(x, w_sn_, bias_ ? &bias_->value : nullptr, y);
}

void SpectralNormLinear::backward(ConstMatrixView x, ConstMatrixView /*y*/, ConstMatrixView dy,
                                  MatrixView* dx, bool param_grads) {
  linear_backward(x, w_sn_, dy, dx, param_grads ? &g_ : nullptr,
                  param_grads && bias_ ? &bias_->grad : nullptr);
  if (!param_grads) return;
  const float c = (g_.array() * w_sn_.array()).sum();  // <G, W_sn>
  // dW = (G - c v uᵀ) / sigma
  outer_vu(weight_.grad);
  weight_.grad = (g_ - c * weight_.grad) / sigma_;
}

void SpectralNormLinear::outer_vu(Matrix& out) const {
  for (Index i = 0; i < out.rows(); ++i) out.row(i) = v_(0, i) * u_.row(0);
}

void SpectralNormLinear::tangent_weight() {
  const Matrix& w_dot = weight_.tangent;
  double sigma_dot = 0.0;  // <Ẇ, v uᵀ> = vᵀ Ẇ u
  for (Index i = 0; i < w_dot.rows(); ++i) sigma_dot += v_(0, i) * w_dot.row(i).dot(u_.row(0));
  sigma_dot_ = static_cast<float>(sigma_dot);
  w_sn_dot_ = (w_dot - sigma_dot_ * w_sn_) / sigma_;
}

void SpectralNormLinear::forward_tangent(ConstMatrixView x, ConstMatrixView /*y*/,
                                         ConstMatrixView x_dot, MatrixView y_dot) {
  tangent_weight();
  linear_forward_tangent(x, x_dot, w_sn_, w_sn_dot_, bias_ ? &bias_->tangent : nullptr, y_dot);
}

void SpectralNormLinear::backward_tangent(ConstMatrixView x, ConstMatrixView x_dot,
                                          ConstMatrixView /*y*/, ConstMatrixView /*y_dot*/,
                                          ConstMatrixView dy, ConstMatrixView dy_dot,
                                          MatrixView* dx_dot, bool param_grads) {
  tangent_weight();
  linear_backward_tangent(x, x_dot, w_sn_, w_sn_dot_, dy, dy_dot, dx_dot,
                          param_grads ? &g_dot_ : nullptr,
                          param_grads && bias_ ? &bias_->grad_tangent : nullptr);
  if (!param_grads) return;
  linear_backward(x, w_sn_, dy, nullptr, &g_, nullptr);  // G = xᵀ dy
  const float c = (g_.array() * w_sn_.array()).sum();
  const float c_dot =
      (g_dot_.array() * w_sn_.array()).sum() + (g_.array() * w_sn_dot_.array()).sum();
  Matrix& out = weight_.grad_tangent;
  outer_vu(out);  // M
  // ġW = (Ġ - ċ M) / sigma - dW σ̇ / sigma, with dW = (G - c M) / sigma
  out = (g_dot_ - c_dot * out) / sigma_ - (g_ - c * out) * (sigma_dot_ / (sigma_ * sigma_));
}

void SpectralNormLinear::parameters(std::vector<ParameterRef>& out, const std::string& prefix) {
  weight_.append_to(out, prefix + ".weight");
  if (bias_) bias_->append_to(out, prefix + ".bias");
}

void SpectralNormLinear::buffers(std::vector<BufferRef>& out, const std::string& prefix) {
  out.push_back({prefix + ".u", u_.data(), u_.size()});
  out.push_back({prefix + ".v", v_.data(), v_.size()});
}

}  // namespace divbench
