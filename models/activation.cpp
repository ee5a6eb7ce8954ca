#include "models/activation.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

Activation Activation::parse(std::string_view name, float slope) {
  if (name == "identity") return {ActivationKind::kIdentity, slope};
  if (name == "relu") return {ActivationKind::kRelu, slope};
  if (name == "leaky-relu") {
    if (!(slope > 0.0F)) {
      throw std::invalid_argument(fmt::format("leaky-relu slope must be > 0, found {}", slope));
    }
    return {ActivationKind::kLeakyRelu, slope};
  }
  if (name == "tanh") return {ActivationKind::kTanh, slope};
  throw std::invalid_argument(fmt::format(
      "unknown activation '{}': expected one of identity, relu, leaky-relu, tanh", name));
}

std::string Activation::name() const {
  switch (kind) {
    case ActivationKind::kIdentity:
      return "identity";
    case ActivationKind::kRelu:
      return "relu";
    case ActivationKind::kLeakyRelu:
      return "leaky-relu";
    case ActivationKind::kTanh:
      return "tanh";
  }
  return "?";
}

void Activation::forward(MatrixView y) const {
  switch (kind) {
    case ActivationKind::kIdentity:
      return;
    case ActivationKind::kRelu:
      y = y.cwiseMax(0.0F);
      return;
    case ActivationKind::kLeakyRelu:
      y = (y.array() > 0.0F).select(y, slope * y);
      return;
    case ActivationKind::kTanh:
      y = y.array().tanh().matrix();
      return;
  }
}

void Activation::backward(ConstMatrixView y, MatrixView grad) const {
  switch (kind) {
    case ActivationKind::kIdentity:
      return;
    case ActivationKind::kRelu:
      grad = (y.array() > 0.0F).select(grad, 0.0F);
      return;
    case ActivationKind::kLeakyRelu:
      grad = (y.array() > 0.0F).select(grad, slope * grad);
      return;
    case ActivationKind::kTanh:
      grad.array() *= 1.0F - y.array().square();
      return;
  }
}

}  // namespace divbench
