#pragma once
// Standardisation of each column of a matrix over its rows, with its derivatives: the core that
// BatchNorm (columns = features, rows = the batch) and LayerNorm (the same code on the transposed
// view: columns = samples) share. For one column of N values, biased variance as in Ioffe &
// Szegedy 2015 and PyTorch:
//   mu = mean(x),  s = 1 / sqrt(mean((x - mu)^2) + eps),  x̂ = (x - mu) s
// Its Jacobian is symmetric, J v = s (v - mean(v) - x̂ mean(x̂ v)), so one function serves the
// backward pass (dx = J dx̂) and the forward tangent (x̂̇ = J ẋ). The tangent of dx = J a along ẋ,
// with ȧ the tangent of a, differentiating s, x̂ and the means (ṡ/s = -s mean(x̂ ẋ)):
//   ġx = -s mean(x̂ ẋ) dx + J ȧ - s (x̂̇ mean(a x̂) + x̂ mean(a x̂̇))
// Every function takes Eigen maps or matrices and reduces along columns; the statistics and
// scratch row vectors are the caller's (matrices or maps of their size), so nothing allocates.
#include "common/exact_sqrt.hpp"
#include "common/tensor.hpp"

namespace divbench::standardise {

// x̂ and s (1, cols); mean and var (1, cols) are returned for running statistics.
template <class X, class Xhat, class Mean, class Var, class InvStd>
void forward(const X& x, Xhat&& xhat, Mean&& mean, Var&& var, InvStd&& inv_std, float eps) {
  mean.noalias() = x.colwise().mean();
  xhat = x.rowwise() - mean;
  var.noalias() = xhat.array().square().matrix().colwise().mean();
  inv_std = exact_sqrt(var.array() + eps).inverse().matrix();
  xhat.array().rowwise() *= inv_std.array();
}

// out = J v. scratch: two (1, cols) row vectors.
template <class Xhat, class InvStd, class V, class Out, class Sa, class Sb>
void jacobian_times(const Xhat& xhat, const InvStd& inv_std, const V& v, Out&& out, Sa&& scratch_a,
                    Sb&& scratch_b) {
  scratch_a.noalias() = v.colwise().mean();                                      // mean(v)
  scratch_b.noalias() = (xhat.array() * v.array()).matrix().colwise().mean();  // mean(x̂ v)
  out = v.rowwise() - scratch_a;
  out.array() -= xhat.array().rowwise() * scratch_b.array();
  out.array().rowwise() *= inv_std.array();
}

// ġx from x̂, s, ẋ, x̂̇ = J ẋ, a, ȧ and dx = J a (see the header comment). scratch: three
// (1, cols) row vectors.
template <class Xhat, class InvStd, class Xdot, class XhatDot, class A, class ADot, class Dx,
          class Out, class Sa, class Sb, class Sc>
void backward_tangent(const Xhat& xhat, const InvStd& inv_std, const Xdot& x_dot,
                      const XhatDot& xhat_dot, const A& a, const ADot& a_dot, const Dx& dx,
                      Out&& out, Sa&& scratch_a, Sb&& scratch_b, Sc&& scratch_c) {
  jacobian_times(xhat, inv_std, a_dot, out, scratch_a, scratch_b);  // J ȧ
  scratch_a.noalias() = (xhat.array() * x_dot.array()).matrix().colwise().mean();   // mean(x̂ ẋ)
  scratch_b.noalias() = (a.array() * xhat.array()).matrix().colwise().mean();       // mean(a x̂)
  scratch_c.noalias() = (a.array() * xhat_dot.array()).matrix().colwise().mean();   // mean(a x̂̇)
  scratch_a.array() *= inv_std.array();  // s mean(x̂ ẋ), in place: a rowwise product of an
                                         // expression would evaluate into a heap temporary
  out.array() -= dx.array().rowwise() * scratch_a.array();
  out.array() -= (xhat_dot.array().rowwise() * scratch_b.array() +
                  xhat.array().rowwise() * scratch_c.array())
                     .rowwise() *
                 inv_std.array();
}

}  // namespace divbench::standardise
