#pragma once
// The original minimax GAN (Goodfellow et al., NeurIPS 2014, eq. 1). D: logistic loss. G minimises
//   L_G = E_z[log(1 - D(G(z)))] = -E_z[softplus(v)],   dL_G/dv = -sigmoid(v)/n.
// At the optimal D this is 2 JSD(P_data, P_g) - log 4. It saturates when D rejects the fakes
// confidently (sigmoid(v) -> 0), which is why the non-saturating form is used in practice.
#include "objectives/logistic_discriminator.hpp"

namespace divbench {

class GanMinimax final : public LogisticDiscriminator {
 public:
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;
};

}  // namespace divbench
