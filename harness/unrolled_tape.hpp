#pragma once
// What the unrolled schedule's k discriminator updates record for the reverse sweep
// (harness/trainer_unrolled.cpp), kept by the trainer between steps so that buffers are reused.
#include <vector>

#include "common/tensor.hpp"
#include "models/optimizer.hpp"

namespace divbench {

struct UnrolledTape {
  // Per update j < k: D's parameters and buffers before it, its optimiser state before it, and
  // the gradient it used; then θ^k (last).
  std::vector<std::vector<std::vector<float>>> params, buffers, grads;
  std::vector<OptimizerState> states;
  std::vector<std::vector<float>> last;
  Optimizer::Adjoint theta_bar, state_bar, grad_bar;
  Matrix x_bar;                 // (batch, d_in): ∂/∂(generated packs)
  Matrix outputs, outputs_dot;  // (2 batch, 1): V and V̇ on real then generated rows
  Matrix grad_dot;              // (2 batch, 1): ∇²_V L_D V̇
};

}  // namespace divbench
