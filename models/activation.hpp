#pragma once
// Element-wise activations. Every derivative here is written in terms of the activation's
// *output* y, so a layer only has to keep its outputs for the backward pass:
//   ReLU:       y = max(x, 0),           y' = [y > 0],              y'' = 0
//   LeakyReLU:  y = x or slope*x,        y' = 1 if y > 0 else slope, y'' = 0   (slope > 0)
//   Tanh:       y = tanh x,              y' = 1 - y^2,              y'' = -2 y (1 - y^2)
//   Sigmoid:    y = 1 / (1 + e^-x),      y' = y (1 - y),            y'' = y (1 - y)(1 - 2y)
//   ELU:        y = x or a(e^x - 1),     y' = 1 or y + a,           y'' = 0 or y + a  (Clevert
//               et al. 2016; the branch is x > 0, which is y > 0)
//   Identity:   y = x,                   y' = 1,                    y'' = 0
// (ReLU's and LeakyReLU's kink at 0 takes the left derivative, as PyTorch does.)
#include <string>
#include <string_view>

#include "common/tensor.hpp"

namespace divbench {

enum class ActivationKind { kIdentity, kRelu, kLeakyRelu, kTanh, kSigmoid, kElu };

struct Activation {
  ActivationKind kind = ActivationKind::kIdentity;
  float slope = 0.2F;  // LeakyReLU only
  float alpha = 1.0F;  // ELU only

  // "identity", "relu", "leaky-relu", "tanh", "sigmoid", "elu"; throws std::invalid_argument
  // listing the valid names.
  static Activation parse(std::string_view name, float slope = 0.2F, float alpha = 1.0F);
  static const char* known_names();
  std::string name() const;

  // y = act(x); y may be x (element-wise). // (batch, width)
  void forward(ConstMatrixView x, MatrixView y) const;
  // dx = dy * act'(x), with act' computed from the output y; dx may be dy. // (batch, width)
  void backward(ConstMatrixView y, ConstMatrixView dy, MatrixView dx) const;
  // Tangents: y_dot = act'(x) x_dot, and the tangent of backward's dx = act'(x) dy,
  // dx_dot = act''(x) x_dot dy + act'(x) dy_dot. // all (batch, width)
  void forward_tangent(ConstMatrixView y, ConstMatrixView x_dot, MatrixView y_dot) const;
  void backward_tangent(ConstMatrixView y, ConstMatrixView x_dot, ConstMatrixView dy,
                        ConstMatrixView dy_dot, MatrixView dx_dot) const;
  // Whether act'' is zero everywhere it is defined (piecewise-linear activations).
  bool piecewise_linear() const;
};

}  // namespace divbench
