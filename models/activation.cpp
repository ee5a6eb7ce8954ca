#include "models/activation.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

Activation Activation::parse(std::string_view name, float slope, float alpha) {
  if (name == "identity") return {ActivationKind::kIdentity, slope, alpha};
  if (name == "relu") return {ActivationKind::kRelu, slope, alpha};
  if (name == "leaky-relu") {
    if (!(slope > 0.0F)) {
      throw std::invalid_argument(fmt::format("leaky-relu slope must be > 0, found {}", slope));
    }
    return {ActivationKind::kLeakyRelu, slope, alpha};
  }
  if (name == "tanh") return {ActivationKind::kTanh, slope, alpha};
  if (name == "sigmoid") return {ActivationKind::kSigmoid, slope, alpha};
  if (name == "elu") {
    if (!(alpha > 0.0F)) {
      throw std::invalid_argument(fmt::format("elu alpha must be > 0, found {}", alpha));
    }
    return {ActivationKind::kElu, slope, alpha};
  }
  throw std::invalid_argument(
      fmt::format("unknown activation '{}': expected one of {}", name, known_names()));
}

const char* Activation::known_names() {
  return "identity, relu, leaky-relu, tanh, sigmoid, elu";
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
    case ActivationKind::kSigmoid:
      return "sigmoid";
    case ActivationKind::kElu:
      return "elu";
  }
  return "?";
}

bool Activation::piecewise_linear() const {
  return kind == ActivationKind::kIdentity || kind == ActivationKind::kRelu ||
         kind == ActivationKind::kLeakyRelu;
}

void Activation::forward(ConstMatrixView x, MatrixView y) const {
  switch (kind) {
    case ActivationKind::kIdentity:
      y = x;
      return;
    case ActivationKind::kRelu:
      y = x.cwiseMax(0.0F);
      return;
    case ActivationKind::kLeakyRelu:
      y = (x.array() > 0.0F).select(x, slope * x);
      return;
    case ActivationKind::kTanh:
      y = x.array().tanh().matrix();
      return;
    case ActivationKind::kSigmoid:
      y = x.array().logistic().matrix();
      return;
    case ActivationKind::kElu:
      y = (x.array() > 0.0F).select(x, alpha * x.array().expm1().matrix());
      return;
  }
}

void Activation::backward(ConstMatrixView y, ConstMatrixView dy, MatrixView dx) const {
  switch (kind) {
    case ActivationKind::kIdentity:
      dx = dy;
      return;
    case ActivationKind::kRelu:
      dx = (y.array() > 0.0F).select(dy, 0.0F);
      return;
    case ActivationKind::kLeakyRelu:
      dx = (y.array() > 0.0F).select(dy, slope * dy);
      return;
    case ActivationKind::kTanh:
      dx.array() = dy.array() * (1.0F - y.array().square());
      return;
    case ActivationKind::kSigmoid:
      dx.array() = dy.array() * (y.array() * (1.0F - y.array()));
      return;
    case ActivationKind::kElu:
      dx = (y.array() > 0.0F).select(dy, (dy.array() * (y.array() + alpha)).matrix());
      return;
  }
}

void Activation::forward_tangent(ConstMatrixView y, ConstMatrixView x_dot,
                                 MatrixView y_dot) const {
  backward(y, x_dot, y_dot);  // act'(x) x_dot: the same element-wise product as backward's
}

void Activation::backward_tangent(ConstMatrixView y, ConstMatrixView x_dot, ConstMatrixView dy,
                                  ConstMatrixView dy_dot, MatrixView dx_dot) const {
  backward(y, dy_dot, dx_dot);  // act'(x) dy_dot
  const auto yy = y.array();
  switch (kind) {
    case ActivationKind::kIdentity:
    case ActivationKind::kRelu:
    case ActivationKind::kLeakyRelu:
      return;  // act'' = 0
    case ActivationKind::kTanh:
      dx_dot.array() += -2.0F * yy * (1.0F - yy.square()) * x_dot.array() * dy.array();
      return;
    case ActivationKind::kSigmoid:
      dx_dot.array() += yy * (1.0F - yy) * (1.0F - 2.0F * yy) * x_dot.array() * dy.array();
      return;
    case ActivationKind::kElu:
      dx_dot.array() +=
          (yy > 0.0F).select(0.0F, (yy + alpha) * x_dot.array() * dy.array());
      return;
  }
}

}  // namespace divbench
