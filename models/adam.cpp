#include "models/adam.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "common/exact_sqrt.hpp"

namespace divbench {

Adam::Adam(std::vector<ParameterRef> params, double lr, double beta1, double beta2, double eps)
    : params_(std::move(params)), lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {
  for (const auto& p : params_) {
    m_.push_back(Eigen::VectorXf::Zero(p.size));
    v_.push_back(Eigen::VectorXf::Zero(p.size));
  }
}

const char* Adam::step() {
  ++t_;
  const double correction1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
  const double correction2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
  const auto step_size = static_cast<float>(lr_ / correction1);
  const auto inv_sqrt_c2 = static_cast<float>(1.0 / std::sqrt(correction2));
  const auto b1 = static_cast<float>(beta1_);
  const auto b2 = static_cast<float>(beta2_);
  const auto eps = static_cast<float>(eps_);
  // In chunks that stay in L1 (4 arrays x 4 KiB), so that the three updates cost one pass over
  // memory instead of three: a 256-wide network's parameters, gradients and moments (4.3 MB) do
  // not fit in L2. Each element's arithmetic is the same as in three whole-array passes.
  constexpr Index kChunk = 1024;
  bool finite = true;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    for (Index at = 0; at < params_[i].size; at += kChunk) {
      const Index n = std::min(kChunk, params_[i].size - at);
      Eigen::Map<Eigen::ArrayXf> p(params_[i].value + at, n);
      Eigen::Map<const Eigen::ArrayXf> g(params_[i].grad + at, n);
      auto m = m_[i].array().segment(at, n);
      auto v = v_[i].array().segment(at, n);
      m = b1 * m + (1.0F - b1) * g;
      v = b2 * v + (1.0F - b2) * g.square();
      // v is +inf or NaN exactly when some g is not finite or g^2 overflows float (|g| > 1.8e19);
      // then m / sqrt(v) is 0 or NaN and the parameter stops moving or becomes NaN.
      finite = finite && (v <= std::numeric_limits<float>::max()).all();
      p -= step_size * m / (exact_sqrt(v) * inv_sqrt_c2 + eps);
    }
  }
  if (finite) return nullptr;
  for (const auto& p : params_) {
    if (!Eigen::Map<const Eigen::ArrayXf>(p.grad, p.size).allFinite())
      return "a gradient is not finite in float";
  }
  return "a squared gradient overflows float (|g| > 1.8e19): Adam's second moment is infinite";
}

std::string Adam::describe() const {
  return fmt::format("Adam lr={} betas=({}, {}) eps={}", lr_, beta1_, beta2_, eps_);
}

OptimizerState Adam::state() const {
  OptimizerState s{t_, flatten(m_)};
  for (auto& v : flatten(v_)) s.buffers.push_back(std::move(v));
  return s;
}

void Adam::restore(const OptimizerState& s) {
  if (s.buffers.size() != 2 * params_.size() || s.steps < 0) {
    throw std::invalid_argument(fmt::format("Adam state: expected {} buffers, found {}",
                                            2 * params_.size(), s.buffers.size()));
  }
  unflatten(s.buffers, 0, m_);
  unflatten(s.buffers, params_.size(), v_);
  t_ = s.steps;
}

void Adam::step_adjoint(const OptimizerState& before, const std::vector<std::vector<float>>& grads,
                        const Adjoint& adjoint_params, Adjoint& adjoint_state,
                        Adjoint& adjoint_grads) const {
  // Forward, per element, with t = before.steps + 1, c1 = 1 - b1^t, c2 = 1 - b2^t:
  //   m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g^2,  θ' = θ - (lr / c1) m' / (sqrt(v' / c2) + eps).
  // Reverse: with d = sqrt(v' / c2) + eps,
  //   M = m̄' - θ̄' (lr / c1) / d,   V = v̄' + θ̄' (lr / c1) m' / d^2 / (2 sqrt(v' c2))   (0 when v' = 0),
  //   ḡ = (1 - b1) M + 2 (1 - b2) g V,   m̄ = b1 M,   v̄ = b2 V.
  const std::size_t n = params_.size();
  const double t = static_cast<double>(before.steps + 1);
  const double c1 = 1.0 - std::pow(beta1_, t);
  const double c2 = 1.0 - std::pow(beta2_, t);
  const double step_size = lr_ / c1;
  // The same float constants the step used, so that m' and v' are the step's own.
  const auto b1 = static_cast<float>(beta1_);
  const auto b2 = static_cast<float>(beta2_);
  adjoint_state.resize(2 * n);
  adjoint_grads.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<float>& m = before.buffers[i];
    const std::vector<float>& v = before.buffers[n + i];
    std::vector<double>& m_bar = adjoint_state[i];
    std::vector<double>& v_bar = adjoint_state[n + i];
    m_bar.resize(m.size(), 0.0);
    v_bar.resize(v.size(), 0.0);
    adjoint_grads[i].resize(m.size());
    for (std::size_t e = 0; e < m.size(); ++e) {
      const float g = grads[i][e];
      const double m1 = b1 * m[e] + (1.0F - b1) * g;
      const double v1 = b2 * v[e] + (1.0F - b2) * (g * g);
      const double d = std::sqrt(v1 / c2) + eps_;
      const double theta_bar = adjoint_params[i][e];
      const double big_m = m_bar[e] - theta_bar * step_size / d;
      const double big_v =
          v1 > 0.0 ? v_bar[e] + theta_bar * step_size * m1 / (d * d) / (2.0 * std::sqrt(v1 * c2))
                   : v_bar[e];
      adjoint_grads[i][e] = (1.0 - beta1_) * big_m + 2.0 * (1.0 - beta2_) * g * big_v;
      m_bar[e] = beta1_ * big_m;
      v_bar[e] = beta2_ * big_v;
    }
  }
}

}  // namespace divbench
