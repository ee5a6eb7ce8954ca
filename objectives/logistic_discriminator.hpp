#pragma once
// Base of every objective whose discriminator is trained with the logistic loss (data labelled 1,
// generated samples 0). At its optimum the logit is the log density ratio
//   r(x) = V(x) = log p_data(x) / p_g(x)
// (Goodfellow et al. 2014, Prop. 1, written in logits), which is what the density-ratio generator
// losses and the plug-in divergence estimates below rely on. Subclasses choose the generator loss.
#include "objectives/objective.hpp"

namespace divbench {

class LogisticDiscriminator : public Objective {
 public:
  // L_D = E_P[softplus(-v)] + E_Q[softplus(v)]  (see logistic.hpp).
  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override;
  // ∇²_V L_D · V̇ (objective.hpp).
  bool discriminator_loss_tangent(std::span<const float> real, std::span<const float> fake,
                                  std::span<const float> real_dot, std::span<const float> fake_dot,
                                  std::span<float> grad_real_dot,
                                  std::span<float> grad_fake_dot) const override;

  // Plug-in estimates from the logit, exact when D is optimal (shared/reference/divergences.md):
  //   kl_fwd = KL(P_data || P_g) ~ E_P[r]
  //   kl_rev = KL(P_g || P_data) ~ -E_Q[r]
  //   jsd    = JSD(P_data, P_g)  ~ (log 4 - L_D) / 2, in nats, in [0, log 2]
  //            (at the optimal D, -L_D = 2 JSD - log 4: Goodfellow et al. 2014, Thm 1).
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override;
};

}  // namespace divbench
