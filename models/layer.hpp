#pragma once
// One layer of a network: forward, backward, and the two tangent passes that second-order methods
// need. Networks (models/network.hpp) own the activations between layers and hand each layer the
// input and output of its last forward, so a layer keeps only what it cannot recompute cheaply.
//
// Second order is forward-over-reverse (Pearlmutter 1994, "Fast exact multiplication by the
// Hessian"): the tangent passes are the directional derivatives d/dε of the forward and backward
// passes when the input moves along ẋ and the parameters along θ̇. With them a network gives
//  - Hessian-vector products of any scalar loss built from its outputs: H (ẋ, θ̇) = (ġ_x, ġ_θ);
//  - the parameter gradient of any function φ of the input gradient g_x = ∇ₓ Σ D (a gradient
//    penalty): ∇_θ Σ φ(g_x) = (∂g_x/∂θ)ᵀ φ'(g_x) = ∂²(Σ D)/∂θ∂x · u with u = φ'(g_x), which is
//    the tangent of the parameter gradient along ẋ = u, θ̇ = 0, ġ_y = 0 (mixed partials commute).
#include <string>
#include <vector>

#include "models/init.hpp"
#include "common/rng.hpp"
#include "common/tensor.hpp"

namespace divbench {

// Training uses batch statistics (BatchNorm) and advances state (BatchNorm's running statistics,
// spectral norm's power iteration); evaluation uses the stored state and changes nothing. The
// convention of PyTorch's module.train()/eval() and of the PacGAN code.
enum class Phase { kTrain, kEval };

// One parameter tensor, seen as flat memory: its values, the gradient the last backward wrote,
// and for second order its tangent θ̇ (set by the caller; zero unless set) and the tangent of
// its gradient ġ_θ (written by the last backward_tangent).
struct ParameterRef {
  std::string name;
  float* value = nullptr;
  float* grad = nullptr;
  Index size = 0;
  float* tangent = nullptr;
  float* grad_tangent = nullptr;
};

// State that is not trained but carried from step to step and checkpointed: BatchNorm's running
// statistics, spectral norm's power-iteration vectors.
struct BufferRef {
  std::string name;
  float* value = nullptr;
  Index size = 0;
};

// A parameter tensor and its three companions (gradient, tangent, gradient tangent), all of one
// shape; layers hold their parameters in these.
struct Parameter {
  Matrix value, grad, tangent, grad_tangent;

  void resize(Index rows, Index cols) {
    for (Matrix* m : {&value, &grad, &tangent, &grad_tangent}) m->setZero(rows, cols);
  }
  void append_to(std::vector<ParameterRef>& out, std::string name) {
    out.push_back({std::move(name), value.data(), grad.data(), value.size(), tangent.data(),
                   grad_tangent.data()});
  }
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual Index in_dim() const = 0;
  virtual Index out_dim() const = 0;
  // "linear 2->256", "relu", "batch-norm 256 momentum=0.1 eps=1e-05", ...
  virtual std::string describe() const = 0;

  // y = f(x). x: (batch, in), y: (batch, out). In Phase::kTrain a layer may update its buffers.
  virtual void forward(ConstMatrixView x, MatrixView y, Phase phase) = 0;
  // From dy = dL/dy of the last forward (x, y): dx = dL/dx when dx != nullptr, and the parameter
  // gradients (overwritten) when param_grads.
  virtual void backward(ConstMatrixView x, ConstMatrixView y, ConstMatrixView dy, MatrixView* dx,
                        bool param_grads) = 0;
  // ẏ = ∂y/∂x ẋ + ∂y/∂θ θ̇ at the last forward, in its phase (buffers are not advanced again).
  virtual void forward_tangent(ConstMatrixView x, ConstMatrixView y, ConstMatrixView x_dot,
                               MatrixView y_dot) = 0;
  // The tangent of the last backward along (ẋ, θ̇, dẏ): ġ_x into *dx_dot when given, and every
  // parameter's grad_tangent (overwritten) when param_grads. y_dot is forward_tangent's result.
  virtual void backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, ConstMatrixView y,
                                ConstMatrixView y_dot, ConstMatrixView dy, ConstMatrixView dy_dot,
                                MatrixView* dx_dot, bool param_grads) = 0;

  // Whether backward and the tangent passes read the output y of the last forward (an activation
  // derives act' from y). Such a layer's output must not be overwritten by the next layer.
  virtual bool reads_output() const { return false; }
  // Whether the layer may write its output over its input: its forward works element by element
  // and no later pass reads x. A network then keeps one buffer for both (less memory traffic).
  virtual bool in_place() const { return false; }
  // Whether backward may write dx over dy: element-wise, and backward_tangent never reads dy (a
  // piecewise-linear activation, whose second derivative is 0).
  virtual bool in_place_backward() const { return false; }

  virtual void parameters(std::vector<ParameterRef>& /*out*/, const std::string& /*prefix*/) {}
  virtual void buffers(std::vector<BufferRef>& /*out*/, const std::string& /*prefix*/) {}
  // Draws the parameters (and random buffers) from `rng` under `init`.
  virtual void initialise(Rng& /*rng*/, const Init& /*init*/) {}
};

}  // namespace divbench
