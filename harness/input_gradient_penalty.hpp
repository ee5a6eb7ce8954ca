#pragma once
// The core of every gradient penalty: P = w · mean_i φ(‖g_i‖) with g_i = ∇ₓD(x_i) over all input
// dimensions at the rows x_i of a batch, and its gradient in D's parameters, added to theirs.
// By the chain rule dP/dθ = (w/n) Σ_i φ'(‖g_i‖)/‖g_i‖ · (∂g_i/∂θ)ᵀ g_i, which is the parameter part
// of one forward-over-reverse pass (models/network.hpp): forward(x), backward(1) gives g; then
// forward_tangent(u) with u_i = (w/n) φ'(‖g_i‖)/‖g_i‖ · g_i and θ̇ = 0, and backward_tangent(0),
// leaves dP/dθ in every parameter's grad_tangent. One forward, one backward and one second-order
// pass, as autograd's double backward does.
#include <cmath>
#include <utility>
#include <vector>

#include "common/tensor.hpp"
#include "models/network.hpp"

namespace divbench {

// φ(‖g‖) and φ'(‖g‖)/‖g‖ (finite at ‖g‖ = 0: penalties choose the subgradient there).
struct PenaltyTerm {
  double value;
  double scale;
};

class InputGradientPenalty {
 public:
  // P = w · mean_i φ(‖g_i‖) over the rows of x, φ given by `phi(norm) -> PenaltyTerm`; adds
  // dP/dθ into D's parameter gradients and returns P.
  template <class Phi>
  double add(Network& d, ConstMatrixView x, double weight, Phi phi) {
    const Index n = x.rows();
    prepare(d, n, x.cols());
    d.forward(x);
    const ConstMatrixView g = d.backward(top_rows(std::as_const(ones_), n),
                                         {.parameters = false, .input = true});  // (n, d)
    double total = 0.0;
    for (Index i = 0; i < n; ++i) {
      const double norm = static_cast<double>(g.row(i).norm());
      const PenaltyTerm t = phi(norm);
      total += t.value;
      u_.row(i) = static_cast<float>(weight * t.scale / static_cast<double>(n)) * g.row(i);
    }
    accumulate(d, n);
    return weight * total / static_cast<double>(n);
  }

 private:
  Matrix ones_, zeros_, u_;  // (n, 1), (n, 1), (n, d)
  std::vector<ParameterRef> parameters_;

  void prepare(Network& d, Index n, Index dim);
  // The second-order pass from u_ and the sum into the parameter gradients.
  void accumulate(Network& d, Index n);
};

}  // namespace divbench
