#include "harness/input_gradient_penalty.hpp"

#include <utility>

namespace divbench {

void InputGradientPenalty::prepare(Network& d, Index n, Index dim) {
  if (parameters_.empty()) parameters_ = d.parameters();
  if (ones_.rows() < n) {
    ones_ = Matrix::Ones(n, 1);
    zeros_ = Matrix::Zero(n, 1);
  }
  ensure_capacity(u_, n, dim);
}

void InputGradientPenalty::accumulate(Network& d, Index n) {
  d.zero_parameter_tangents();
  d.forward_tangent(ConstMatrixView(u_.data(), n, u_.cols()));
  d.backward_tangent(top_rows(std::as_const(zeros_), n), {.parameters = true, .input = false});
  for (const ParameterRef& p : parameters_) {
    for (Index k = 0; k < p.size; ++k) p.grad[k] += p.grad_tangent[k];
  }
}

}  // namespace divbench
