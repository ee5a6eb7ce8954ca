#include "models/linear.hpp"

#include <fmt/format.h>

#include "common/gemm.hpp"

namespace divbench {

void linear_forward(ConstMatrixView x, const Matrix& w, const Matrix* b, MatrixView y) {
  gemm(x, Op::none, w, Op::none, y);  // (batch, out) = (batch, in) (in, out)
  if (b != nullptr) y.rowwise() += b->row(0);
}

void linear_backward(ConstMatrixView x, const Matrix& w, ConstMatrixView dy, MatrixView* dx,
                     Matrix* dw, Matrix* db) {
  if (dw != nullptr) gemm(x, Op::transpose, dy, Op::none, *dw);  // (in, out) = (in, b) (b, out)
  if (db != nullptr) db->row(0).noalias() = dy.colwise().sum();
  if (dx != nullptr) gemm(dy, Op::none, w, Op::transpose, *dx);  // (batch, in)
}

namespace {

// Whether every entry is zero; stops at the first that is not. The second-order passes of gradient
// penalties (harness/input_gradient_penalty.hpp) run with θ̇ = 0, and through piecewise-linear
// networks with ḋy = 0 as well (the activations' second derivative vanishes, so nothing makes the
// backward signal's tangent nonzero): the products with them are exact zeros for finite operands,
// and skipping them halves the cost of a penalty's second-order pass. The check reads the matrix
// once, against the product's (batch x in x out) multiply-adds.
template <class M>
bool all_zero(const M& m) {
  return !(m.array() != 0.0F).any();
}

}  // namespace

void linear_forward_tangent(ConstMatrixView x, ConstMatrixView x_dot, const Matrix& w,
                            const Matrix& w_dot, const Matrix* b_dot, MatrixView y_dot) {
  gemm(x_dot, Op::none, w, Op::none, y_dot);                                      // ẋ W
  if (!all_zero(w_dot)) gemm(x, Op::none, w_dot, Op::none, y_dot, /*add=*/true);  // + x Ẇ
  if (b_dot != nullptr) y_dot.rowwise() += b_dot->row(0);
}

void linear_backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, const Matrix& w,
                             const Matrix& w_dot, ConstMatrixView dy, ConstMatrixView dy_dot,
                             MatrixView* dx_dot, Matrix* dw_dot, Matrix* db_dot) {
  const bool zero_dy_dot = all_zero(dy_dot);
  const bool zero_w_dot = dx_dot != nullptr && all_zero(w_dot);
  if (dx_dot != nullptr) {
    if (!zero_dy_dot) gemm(dy_dot, Op::none, w, Op::transpose, *dx_dot);  // ḋy Wᵀ
    if (!zero_w_dot) {
      gemm(dy, Op::none, w_dot, Op::transpose, *dx_dot, /*add=*/!zero_dy_dot);  // + dy Ẇᵀ
    }
    if (zero_dy_dot && zero_w_dot) dx_dot->setZero();
  }
  if (dw_dot != nullptr) {
    gemm(x_dot, Op::transpose, dy, Op::none, *dw_dot);                                  // ẋᵀ dy
    if (!zero_dy_dot) gemm(x, Op::transpose, dy_dot, Op::none, *dw_dot, /*add=*/true);  // + xᵀ ḋy
  }
  if (db_dot != nullptr) db_dot->row(0).noalias() = dy_dot.colwise().sum();
}

Linear::Linear(Index in, Index out, bool bias) {
  weight_.resize(in, out);
  if (bias) bias_.emplace().resize(1, out);
}

std::string Linear::describe() const {
  return fmt::format("linear {}->{}{}", in_dim(), out_dim(), has_bias() ? "" : " (no bias)");
}

void Linear::initialise(Rng& rng, const Init& init) {
  init.initialise_linear(rng, weight_.value, has_bias() ? &bias_->value : nullptr);
}

void Linear::forward(ConstMatrixView x, MatrixView y, Phase /*phase*/) {
  linear_forward(x, weight_.value, has_bias() ? &bias_->value : nullptr, y);
}

void Linear::backward(ConstMatrixView x, ConstMatrixView /*y*/, ConstMatrixView dy, MatrixView* dx,
                      bool param_grads) {
  linear_backward(x, weight_.value, dy, dx, param_grads ? &weight_.grad : nullptr,
                  param_grads && has_bias() ? &bias_->grad : nullptr);
}

void Linear::forward_tangent(ConstMatrixView x, ConstMatrixView /*y*/, ConstMatrixView x_dot,
                             MatrixView y_dot) {
  linear_forward_tangent(x, x_dot, weight_.value, weight_.tangent,
                         has_bias() ? &bias_->tangent : nullptr, y_dot);
}

void Linear::backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, ConstMatrixView /*y*/,
                              ConstMatrixView /*y_dot*/, ConstMatrixView dy, ConstMatrixView dy_dot,
                              MatrixView* dx_dot, bool param_grads) {
  linear_backward_tangent(x, x_dot, weight_.value, weight_.tangent, dy, dy_dot, dx_dot,
                          param_grads ? &weight_.grad_tangent : nullptr,
                          param_grads && has_bias() ? &bias_->grad_tangent : nullptr);
}

void Linear::parameters(std::vector<ParameterRef>& out, const std::string& prefix) {
  weight_.append_to(out, prefix + ".weight");
  if (has_bias()) bias_->append_to(out, prefix + ".bias");
}

}  // namespace divbench
