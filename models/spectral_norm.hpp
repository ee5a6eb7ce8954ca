#pragma once
// A Linear layer with spectral normalisation (Miyato et al., ICLR 2018): y = x W / sigma(W) + b,
// sigma(W) the largest singular value estimated by power iteration, as torch.nn.utils.spectral_norm
// does it. With W stored (in, out) (PyTorch stores its transpose), u in R^out and v in R^in:
//   training forward: `iterations` times v <- normalise(W u), u <- normalise(Wᵀ v); then
//                     sigma = vᵀ W u. u and v are buffers: they persist and are checkpointed.
//   evaluation:       sigma = vᵀ W u from the stored u, v; nothing is updated.
// u and v are constants in every derivative (as in PyTorch, which detaches them), so
// ∂sigma/∂W = M = v uᵀ and, with G = xᵀ dy the gradient with respect to W_sn = W / sigma:
//   backward          dW = (G - <G, W_sn> M) / sigma
//   forward tangent   σ̇ = <Ẇ, M>,  Ẇ_sn = (Ẇ - W_sn σ̇) / sigma, then Linear's tangents with W_sn
//   backward tangent  ġW = (Ġ - ċ M) / sigma - dW σ̇ / sigma,  ċ = <Ġ, W_sn> + <G, Ẇ_sn>
#include <optional>

#include "models/layer.hpp"

namespace divbench {

class SpectralNormLinear final : public Layer {
 public:
  SpectralNormLinear(Index in, Index out, bool bias = true, Index iterations = 1);

  Index in_dim() const override { return weight_.value.rows(); }
  Index out_dim() const override { return weight_.value.cols(); }
  std::string describe() const override;
  void forward(ConstMatrixView x, MatrixView y, Phase phase) override;
  void backward(ConstMatrixView x, ConstMatrixView y, ConstMatrixView dy, MatrixView* dx,
                bool param_grads) override;
  void forward_tangent(ConstMatrixView x, ConstMatrixView y, ConstMatrixView x_dot,
                       MatrixView y_dot) override;
  void backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, ConstMatrixView y,
                        ConstMatrixView y_dot, ConstMatrixView dy, ConstMatrixView dy_dot,
                        MatrixView* dx_dot, bool param_grads) override;
  void parameters(std::vector<ParameterRef>& out, const std::string& prefix) override;
  void buffers(std::vector<BufferRef>& out, const std::string& prefix) override;
  // The weight and bias by `init`, then u ~ normalise(N(0, I_out)), v ~ normalise(N(0, I_in)).
  void initialise(Rng& rng, const Init& init) override;

  Matrix& weight() { return weight_.value; }
  const Matrix& u() const { return u_; }
  const Matrix& v() const { return v_; }
  float sigma() const { return sigma_; }  // of the last forward

 private:
  Parameter weight_;
  std::optional<Parameter> bias_;
  Index iterations_;
  Matrix u_, v_;             // (1, out), (1, in): buffers
  float sigma_ = 1.0F;
  Matrix w_sn_, w_sn_dot_;   // (in, out): W / sigma and its tangent
  Matrix g_, g_dot_;         // (in, out): G = xᵀ dy and Ġ
  float sigma_dot_ = 0.0F;

  void normalise_weight();  // sigma_ and w_sn_ from u_, v_
  void tangent_weight();    // sigma_dot_ and w_sn_dot_ from the weight's tangent
  void outer_vu(Matrix& out) const;  // out = M = v uᵀ, (in, out)
};

}  // namespace divbench
