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

}  // namespace divbench
