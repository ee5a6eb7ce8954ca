#pragma once
// An element-wise activation (models/activation.hpp) as a layer of a network.
#include <fmt/format.h>

#include "models/activation.hpp"
#include "models/layer.hpp"

namespace divbench {

class ActivationLayer final : public Layer {
 public:
  ActivationLayer(Index width, Activation activation) : width_(width), activation_(activation) {}

  Index in_dim() const override { return width_; }
  Index out_dim() const override { return width_; }
  // "relu", "leaky-relu slope=0.2", "elu alpha=1": every parameter the activation uses.
  std::string describe() const override;
  const Activation& activation() const { return activation_; }
  bool reads_output() const override { return true; }  // act' from y
  bool in_place() const override { return true; }       // element-wise; x is never read again
  bool in_place_backward() const override { return activation_.piecewise_linear(); }

  // y = act(x)
  void forward(ConstMatrixView x, MatrixView y, Phase /*phase*/) override {
    activation_.forward(x, y);
  }
  // dx = act'(x) dy
  void backward(ConstMatrixView /*x*/, ConstMatrixView y, ConstMatrixView dy, MatrixView* dx,
                bool /*param_grads*/) override {
    if (dx != nullptr) activation_.backward(y, dy, *dx);
  }
  void forward_tangent(ConstMatrixView /*x*/, ConstMatrixView y, ConstMatrixView x_dot,
                       MatrixView y_dot) override {
    activation_.forward_tangent(y, x_dot, y_dot);
  }
  void backward_tangent(ConstMatrixView /*x*/, ConstMatrixView x_dot, ConstMatrixView y,
                        ConstMatrixView /*y_dot*/, ConstMatrixView dy, ConstMatrixView dy_dot,
                        MatrixView* dx_dot, bool /*param_grads*/) override {
    if (dx_dot != nullptr) activation_.backward_tangent(y, x_dot, dy, dy_dot, *dx_dot);
  }

 private:
  Index width_;
  Activation activation_;
};

inline std::string ActivationLayer::describe() const {
  if (activation_.kind == ActivationKind::kLeakyRelu)
    return fmt::format("leaky-relu slope={}", activation_.slope);
  if (activation_.kind == ActivationKind::kElu) return fmt::format("elu alpha={}", activation_.alpha);
  return activation_.name();
}

}  // namespace divbench
