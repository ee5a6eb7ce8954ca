#pragma once
// Hinge GAN (Lim & Ye, "Geometric GAN", 2017; Miyato et al., "Spectral Normalization", ICLR 2018,
// eq. 17; the loss of SAGAN and BigGAN):
//   L_D = E_P[max(0, 1 - v)] + E_Q[max(0, 1 + v)],    L_G = -E_Q[v].
// The optimal D is +1 where p > q and -1 where p < q, where L_D = 2 ∫ min(p, q) = 2 (1 - TV), and
// any D has L_D >= 2 (1 - TV). Estimate "tv" = 1 - L_D / 2 on held-out batches: a lower bound on
// the total variation distance (1/2) ∫ |p - q|, tight at the optimum.
#include "objectives/objective.hpp"

namespace divbench {

class Hinge final : public Objective {
 public:
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
};

}  // namespace divbench
