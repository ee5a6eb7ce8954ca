#include "models/sgd.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

Sgd::Sgd(std::vector<ParameterRef> params, double lr, double momentum)
    : params_(std::move(params)), lr_(lr), momentum_(momentum) {
  for (const auto& p : params_) buffer_.push_back(Eigen::VectorXf::Zero(p.size));
}

const char* Sgd::step() {
  const auto lr = static_cast<float>(lr_);
  const auto mu = static_cast<float>(momentum_);
  bool finite = true;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Eigen::Map<Eigen::ArrayXf> p(params_[i].value, params_[i].size);
    Eigen::Map<const Eigen::ArrayXf> g(params_[i].grad, params_[i].size);
    finite = finite && g.allFinite();
    if (momentum_ == 0.0) {
      p -= lr * g;
      continue;
    }
    auto b = buffer_[i].array();
    if (first_) {
      b = g;
    } else {
      b = mu * b + g;
    }
    p -= lr * b;
  }
  first_ = false;
  return finite ? nullptr : "a gradient is not finite in float";
}

std::string Sgd::describe() const { return fmt::format("SGD lr={} momentum={}", lr_, momentum_); }

OptimizerState Sgd::state() const { return {first_ ? 0 : 1, flatten(buffer_)}; }

void Sgd::restore(const OptimizerState& s) {
  if (s.buffers.size() != params_.size() || s.steps < 0) {
    throw std::invalid_argument(
        fmt::format("SGD state: expected {} buffers, found {}", params_.size(), s.buffers.size()));
  }
  unflatten(s.buffers, 0, buffer_);
  first_ = s.steps == 0;
}

void Sgd::step_adjoint(const OptimizerState& before, const std::vector<std::vector<float>>& grads,
                       const Adjoint& adjoint_params, Adjoint& adjoint_state,
                       Adjoint& adjoint_grads) const {
  // Without momentum θ' = θ - lr g: ḡ = -lr θ̄'. With momentum (PyTorch's form) b' = g on the
  // first step, else mu b + g, and θ' = θ - lr b': B = b̄' - lr θ̄', ḡ = B, b̄ = mu B (0 on the
  // first step, where b does not enter).
  const std::size_t n = params_.size();
  adjoint_grads.resize(n);
  if (momentum_ == 0.0) {
    for (std::size_t i = 0; i < n; ++i) {
      adjoint_grads[i].resize(grads[i].size());
      for (std::size_t e = 0; e < grads[i].size(); ++e)
        adjoint_grads[i][e] = -lr_ * adjoint_params[i][e];
    }
    return;
  }
  const bool first = before.steps == 0;
  adjoint_state.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double>& b_bar = adjoint_state[i];
    b_bar.resize(grads[i].size(), 0.0);
    adjoint_grads[i].resize(grads[i].size());
    for (std::size_t e = 0; e < grads[i].size(); ++e) {
      const double big_b = b_bar[e] - lr_ * adjoint_params[i][e];
      adjoint_grads[i][e] = big_b;
      b_bar[e] = first ? 0.0 : momentum_ * big_b;
    }
  }
}

}  // namespace divbench
