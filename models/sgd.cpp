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

}  // namespace divbench
