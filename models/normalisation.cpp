#include "models/normalisation.hpp"

#include <utility>

namespace divbench {

Normalisation::Normalisation(Index width) : width_(width) {
  gamma_.resize(1, width);
  beta_.resize(1, width);
  gamma_.value.setOnes();
}

void Normalisation::initialise(Rng& /*rng*/, const Init& /*init*/) {
  gamma_.value.setOnes();  // PyTorch's reset_parameters: weight 1, bias 0
  beta_.value.setZero();
}

void Normalisation::parameters(std::vector<ParameterRef>& out, const std::string& prefix) {
  gamma_.append_to(out, prefix + ".gamma");
  beta_.append_to(out, prefix + ".beta");
}

void Normalisation::forward(ConstMatrixView x, MatrixView y, Phase phase) {
  const Index n = x.rows();
  ensure_capacity(xhat_, n, width_);
  phase_ = phase;
  MatrixView xhat = top_rows(xhat_, n);  // (batch, width)
  standardise(x, xhat, phase);
  y = xhat;
  y.array().rowwise() *= gamma_.value.row(0).array();
  y.rowwise() += beta_.value.row(0);
}

void Normalisation::backward(ConstMatrixView /*x*/, ConstMatrixView /*y*/, ConstMatrixView dy,
                             MatrixView* dx, bool param_grads) {
  const Index n = dy.rows();
  const ConstMatrixView xhat = top_rows(std::as_const(xhat_), n);
  if (param_grads) {
    gamma_.grad.row(0).noalias() = (dy.array() * xhat.array()).matrix().colwise().sum();
    beta_.grad.row(0).noalias() = dy.colwise().sum();
  }
  if (dx == nullptr) return;
  ensure_capacity(a_, n, width_);
  MatrixView a = top_rows(a_, n);
  a = dy;
  a.array().rowwise() *= gamma_.value.row(0).array();  // a = dy ⊙ gamma
  jacobian_times(xhat, view(a), *dx);
}

void Normalisation::forward_tangent(ConstMatrixView /*x*/, ConstMatrixView /*y*/,
                                    ConstMatrixView x_dot, MatrixView y_dot) {
  const Index n = x_dot.rows();
  const ConstMatrixView xhat = top_rows(std::as_const(xhat_), n);
  jacobian_times(xhat, x_dot, y_dot);  // x̂̇
  y_dot.array().rowwise() *= gamma_.value.row(0).array();
  y_dot.array() += xhat.array().rowwise() * gamma_.tangent.row(0).array();
  y_dot.rowwise() += beta_.tangent.row(0);
}

void Normalisation::backward_tangent(ConstMatrixView /*x*/, ConstMatrixView x_dot,
                                     ConstMatrixView /*y*/, ConstMatrixView /*y_dot*/,
                                     ConstMatrixView dy, ConstMatrixView dy_dot,
                                     MatrixView* dx_dot, bool param_grads) {
  const Index n = dy.rows();
  const ConstMatrixView xhat = top_rows(std::as_const(xhat_), n);
  ensure_capacity(xhat_dot_, n, width_);
  MatrixView xhat_dot = top_rows(xhat_dot_, n);
  jacobian_times(xhat, x_dot, xhat_dot);  // x̂̇ = J ẋ
  if (param_grads) {
    gamma_.grad_tangent.row(0).noalias() =
        (dy_dot.array() * xhat.array() + dy.array() * xhat_dot.array()).matrix().colwise().sum();
    beta_.grad_tangent.row(0).noalias() = dy_dot.colwise().sum();
  }
  if (dx_dot == nullptr) return;
  for (Matrix* m : {&a_, &a_dot_, &dx_}) ensure_capacity(*m, n, width_);
  MatrixView a = top_rows(a_, n);
  MatrixView a_dot = top_rows(a_dot_, n);
  MatrixView dx = top_rows(dx_, n);
  a = dy;
  a.array().rowwise() *= gamma_.value.row(0).array();  // a = dy ⊙ gamma
  a_dot = dy_dot;
  a_dot.array().rowwise() *= gamma_.value.row(0).array();
  a_dot.array() += dy.array().rowwise() * gamma_.tangent.row(0).array();  // ȧ
  jacobian_times(xhat, view(a), dx);
  jacobian_tangent(xhat, x_dot, view(xhat_dot), view(a), view(a_dot), view(dx), *dx_dot);
}

}  // namespace divbench
