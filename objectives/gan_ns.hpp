#pragma once
// The non-saturating GAN (Goodfellow et al., NeurIPS 2014, §3, "maximise log D(G(z))"). D:
// logistic loss. G minimises
//   L_G = -E_z[log D(G(z))] = E_z[softplus(-v)],   dL_G/dv = -sigmoid(-v)/n.
// At the optimal D its gradient is that of KL(P_g || P_data) - 2 JSD (Arjovsky & Bottou, ICLR
// 2017, Thm 2.5): it is not the gradient of any f-divergence on its own.
#include "objectives/objective.hpp"

namespace divbench {

class GanNs final : public Objective {
 public:
  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override;
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;
};

}  // namespace divbench
