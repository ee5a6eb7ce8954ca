#include "models/optimizer.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/adam.hpp"
#include "models/sgd.hpp"

namespace divbench {

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& s,
                                          std::vector<ParameterRef> params) {
  if (!(s.lr > 0.0))
    throw std::invalid_argument(fmt::format("learning rate must be > 0, found {}", s.lr));
  if (s.kind == "adam") {
    if (!(s.beta1 >= 0.0 && s.beta1 < 1.0) || !(s.beta2 >= 0.0 && s.beta2 < 1.0)) {
      throw std::invalid_argument(
          fmt::format("Adam betas must lie in [0, 1), found ({}, {})", s.beta1, s.beta2));
    }
    if (!(s.eps > 0.0))
      throw std::invalid_argument(fmt::format("Adam eps must be > 0, found {}", s.eps));
    return std::make_unique<Adam>(std::move(params), s.lr, s.beta1, s.beta2, s.eps);
  }
  if (s.kind == "sgd") {
    if (!(s.momentum >= 0.0 && s.momentum < 1.0)) {
      throw std::invalid_argument(
          fmt::format("SGD momentum must lie in [0, 1), found {}", s.momentum));
    }
    return std::make_unique<Sgd>(std::move(params), s.lr, s.momentum);
  }
  throw std::invalid_argument(fmt::format("unknown optimizer '{}': expected adam or sgd", s.kind));
}

std::vector<std::vector<float>> flatten(const std::vector<Eigen::VectorXf>& buffers) {
  std::vector<std::vector<float>> out;
  out.reserve(buffers.size());
  for (const auto& b : buffers) out.emplace_back(b.data(), b.data() + b.size());
  return out;
}

void unflatten(const std::vector<std::vector<float>>& from, std::size_t offset,
               std::vector<Eigen::VectorXf>& to) {
  for (std::size_t i = 0; i < to.size(); ++i) {
    const std::vector<float>& b = from.at(offset + i);
    if (static_cast<Index>(b.size()) != to[i].size()) {
      throw std::invalid_argument(fmt::format("optimizer buffer {}: expected {} values, found {}",
                                              offset + i, to[i].size(), b.size()));
    }
    to[i] = Eigen::Map<const Eigen::VectorXf>(b.data(), to[i].size());
  }
}

}  // namespace divbench
