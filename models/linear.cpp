#include "models/linear.hpp"

#include <cmath>

#include "models/gemm.hpp"

namespace divbench {

Index parameter_count(Model& model) {
  Index n = 0;
  for (const auto& p : model.parameters()) n += p.size;
  return n;
}

Linear::Linear(Index in, Index out)
    : weight_(Matrix::Zero(in, out)),
      bias_(RowVector::Zero(out)),
      weight_grad_(Matrix::Zero(in, out)),
      bias_grad_(RowVector::Zero(out)) {}

void Linear::initialise(Rng& rng) {
  const auto bound = static_cast<float>(1.0 / std::sqrt(static_cast<double>(in())));
  rng.fill_uniform(weight_.data(), weight_.size(), -bound, bound);
  rng.fill_uniform(bias_.data(), bias_.size(), -bound, bound);
}

void Linear::forward(ConstMatrixView x, MatrixView y) const {
  gemm(x, Op::none, weight_, Op::none, y);  // (batch, out) = (batch, in) (in, out)
  y.rowwise() += bias_;
}

void Linear::backward(ConstMatrixView x, ConstMatrixView dy, MatrixView* dx, bool param_grads) {
  if (param_grads) {
    gemm(x, Op::transpose, dy, Op::none, weight_grad_);  // (in, out) = (in, batch) (batch, out)
    bias_grad_.noalias() = dy.colwise().sum();
  }
  if (dx != nullptr) gemm(dy, Op::none, weight_, Op::transpose, *dx);  // (batch, in)
}

void Linear::append_parameters(std::vector<ParameterRef>& out, const std::string& prefix) {
  out.push_back({prefix + ".weight", weight_.data(), weight_grad_.data(), weight_.size()});
  out.push_back({prefix + ".bias", bias_.data(), bias_grad_.data(), bias_.size()});
}

}  // namespace divbench
