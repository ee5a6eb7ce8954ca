#pragma once
// Adam (Kingma & Ba, ICLR 2015), written as torch.optim.Adam computes it (no weight decay, no
// amsgrad) so that results are comparable:
//   m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
//   p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
#include <vector>

#include "models/optimizer.hpp"

namespace divbench {

class Adam final : public Optimizer {
 public:
  Adam(std::vector<ParameterRef> params, double lr, double beta1, double beta2, double eps);
  [[nodiscard]] const char* step() override;
  std::string describe() const override;
  OptimizerState state() const override;
  void restore(const OptimizerState& state) override;
  void step_adjoint(const OptimizerState& before, const std::vector<std::vector<float>>& grads,
                    const Adjoint& adjoint_params, Adjoint& adjoint_state,
                    Adjoint& adjoint_grads) const override;

  long long steps_taken() const { return t_; }
  const std::vector<Eigen::VectorXf>& first_moments() const { return m_; }
  const std::vector<Eigen::VectorXf>& second_moments() const { return v_; }

 private:
  std::vector<ParameterRef> params_;
  double lr_, beta1_, beta2_, eps_;
  std::vector<Eigen::VectorXf> m_;
  std::vector<Eigen::VectorXf> v_;
  long long t_ = 0;
};

}  // namespace divbench
