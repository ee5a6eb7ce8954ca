#pragma once
// Stochastic gradient descent with optional heavy-ball momentum, as torch.optim.SGD computes it
// (dampening 0, no Nesterov):  b <- mu b + g (b = g at the first step);  p <- p - lr b.
#include <vector>

#include "models/optimizer.hpp"

namespace divbench {

class Sgd final : public Optimizer {
 public:
  Sgd(std::vector<ParameterRef> params, double lr, double momentum);
  [[nodiscard]] const char* step() override;
  std::string describe() const override;
  OptimizerState state() const override;
  void restore(const OptimizerState& state) override;
  void step_adjoint(const OptimizerState& before, const std::vector<std::vector<float>>& grads,
                    const Adjoint& adjoint_params, Adjoint& adjoint_state,
                    Adjoint& adjoint_grads) const override;

 private:
  std::vector<ParameterRef> params_;
  double lr_, momentum_;
  std::vector<Eigen::VectorXf> buffer_;
  bool first_ = true;
};

}  // namespace divbench
