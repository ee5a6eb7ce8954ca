#pragma once
// Fully connected layer y = x W + b (bias optional), batch-major, W stored (in, out).
//
// The products are free functions of an explicit weight so that spectral normalisation
// (models/spectral_norm.hpp) runs them on W / sigma(W):
//   forward           y  = x W + 1 b                                       (batch, out)
//   backward          dW = xᵀ dy (in, out);  db = 1ᵀ dy (1, out);  dx = dy Wᵀ  (batch, in)
//   forward tangent   ẏ  = ẋ W + x Ẇ + 1 ḃ
//   backward tangent  ġx = ḋy Wᵀ + dy Ẇᵀ;  ġW = ẋᵀ dy + xᵀ ḋy;  ġb = 1ᵀ ḋy
#include <optional>

#include "models/layer.hpp"

namespace divbench {

void linear_forward(ConstMatrixView x, const Matrix& w, const Matrix* b, MatrixView y);
void linear_backward(ConstMatrixView x, const Matrix& w, ConstMatrixView dy, MatrixView* dx,
                     Matrix* dw, Matrix* db);
void linear_forward_tangent(ConstMatrixView x, ConstMatrixView x_dot, const Matrix& w,
                            const Matrix& w_dot, const Matrix* b_dot, MatrixView y_dot);
void linear_backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, const Matrix& w,
                             const Matrix& w_dot, ConstMatrixView dy, ConstMatrixView dy_dot,
                             MatrixView* dx_dot, Matrix* dw_dot, Matrix* db_dot);

class Linear final : public Layer {
 public:
  Linear(Index in, Index out, bool bias = true);

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
  void initialise(Rng& rng, const Init& init) override;

  Matrix& weight() { return weight_.value; }  // (in, out)
  bool has_bias() const { return bias_.has_value(); }
  Matrix& bias() { return bias_->value; }  // (1, out)

 private:
  Parameter weight_;
  std::optional<Parameter> bias_;
};

}  // namespace divbench
