#pragma once
// Element-wise activations. Every derivative here is written in terms of the activation's
// *output* y, so a layer only has to keep its outputs for the backward pass:
//   ReLU:       y = max(x, 0),           dy/dx = [y > 0]
//   LeakyReLU:  y = x or slope*x,        dy/dx = 1 if y > 0 else slope   (slope > 0)
//   Tanh:       y = tanh x,              dy/dx = 1 - y^2
//   Identity:   y = x,                   dy/dx = 1
#include <string>
#include <string_view>

#include "models/tensor.hpp"

namespace divbench {

enum class ActivationKind { kIdentity, kRelu, kLeakyRelu, kTanh };

struct Activation {
  ActivationKind kind = ActivationKind::kIdentity;
  float slope = 0.2F;  // LeakyReLU only

  // "identity", "relu", "leaky-relu", "tanh"; throws std::invalid_argument listing the valid names.
  static Activation parse(std::string_view name, float slope = 0.2F);
  std::string name() const;

  // y = act(y) in place. // (batch, width)
  void forward(MatrixView y) const;
  // grad = grad * act'(x), with act' computed from the output y. // (batch, width)
  void backward(ConstMatrixView y, MatrixView grad) const;
};

}  // namespace divbench
