#include "models/layer_norm.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/standardise.hpp"

namespace divbench {
namespace {

// The first n entries of a scratch row vector.
Eigen::Map<RowVector> head(RowVector& v, Index n) { return {v.data(), n}; }

}  // namespace

LayerNorm::LayerNorm(Index width, double eps) : Normalisation(width), eps_(static_cast<float>(eps)) {
  if (!(eps > 0.0)) throw std::invalid_argument(fmt::format("layer-norm eps must be > 0, found {}", eps));
}

std::string LayerNorm::describe() const { return fmt::format("layer-norm {} eps={}", width_, eps_); }

void LayerNorm::reserve(Index n) {
  for (RowVector* v : {&mean_, &var_, &inv_std_, &s1_, &s2_, &s3_}) {
    if (v->size() < n) v->resize(n);
  }
}

void LayerNorm::standardise(ConstMatrixView x, MatrixView xhat, Phase /*phase*/) {
  const Index n = x.rows();
  reserve(n);
  standardise::forward(transposed(x), transposed(xhat), head(mean_, n), head(var_, n),
                       head(inv_std_, n), eps_);
}

void LayerNorm::jacobian_times(ConstMatrixView xhat, ConstMatrixView v, MatrixView out) {
  const Index n = v.rows();
  standardise::jacobian_times(transposed(xhat), head(inv_std_, n), transposed(v),
                              transposed(out), head(s1_, n), head(s2_, n));
}

void LayerNorm::jacobian_tangent(ConstMatrixView xhat, ConstMatrixView x_dot,
                                 ConstMatrixView xhat_dot, ConstMatrixView a,
                                 ConstMatrixView a_dot, ConstMatrixView dx, MatrixView out) {
  const Index n = a.rows();
  standardise::backward_tangent(transposed(xhat), head(inv_std_, n), transposed(x_dot),
                                transposed(xhat_dot), transposed(a), transposed(a_dot),
                                transposed(dx), transposed(out), head(s1_, n), head(s2_, n),
                                head(s3_, n));
}

}  // namespace divbench
