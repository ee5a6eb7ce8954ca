#pragma once
// Wasserstein GAN with weight clipping (Arjovsky, Chintala, Bottou, ICML 2017, Algorithm 1):
//   L_D = E_Q[v] - E_P[v],    L_G = -E_Q[v],
// with every critic parameter clipped to [-clip, clip] after each critic update so that the critic
// stays K-Lipschitz for some K; the training loop applies the clip (critic_weight_clip()).
// Estimate "critic_gap" = E_P[v] - E_Q[v] on held-out batches: K times a lower bound on W1.
// clip = 0 leaves the critic unclipped: the loss of WGAN-GP (Gulrajani et al. 2017), whose
// constraint is --regulariser gp.
// The paper trains with RMSProp (lr 5e-5) and 5 critic steps per generator step; divbench's
// defaults (Adam, one step) train without diverging on the 2-D benchmarks, and --d-steps 5 gives
// the paper's schedule.
#include "objectives/objective.hpp"

namespace divbench {

class Wgan final : public Objective {
 public:
  explicit Wgan(double clip) : clip_(clip) {}

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override;
  // ∇²_V L_D · V̇ (objective.hpp).
  bool discriminator_loss_tangent(std::span<const float> real, std::span<const float> fake,
                                  std::span<const float> real_dot, std::span<const float> fake_dot,
                                  std::span<float> grad_real_dot,
                                  std::span<float> grad_fake_dot) const override;
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override;
  double critic_weight_clip() const override { return clip_; }

 private:
  double clip_;
};

}  // namespace divbench
