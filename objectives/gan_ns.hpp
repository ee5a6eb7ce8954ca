#pragma once
// The non-saturating GAN (Goodfellow et al., NeurIPS 2014, §3, "maximise log D(G(z))"), optionally
// with a relative-entropy term. D: logistic loss, so its logit v estimates r = log p_data/p_g.
// G minimises
//   L_G = -E_z[log D(G(z))] + lambda * E_z[-r(G(z))]
//       = E_z[softplus(-v)] - lambda * E_z[v],        dL_G/dv = -(sigmoid(-v) + lambda)/n.
// lambda = 0 is `gan-ns`. At the optimal D the first term's gradient is that of
// KL(P_g || P_data) - 2 JSD (Arjovsky & Bottou, ICLR 2017, Thm 2.5); the second is the reverse-KL
// density-ratio loss (Sønderby et al. 2017; see density_ratio.hpp), so lambda > 0 (`gan-ns+kl`) is
// the "add a KL term against mode collapse" recipe that divbench puts to the test.
#include "objectives/logistic_discriminator.hpp"

namespace divbench {

class GanNs final : public LogisticDiscriminator {
 public:
  explicit GanNs(double kl_weight = 0.0) : kl_weight_(kl_weight) {}
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;

 private:
  double kl_weight_;  // lambda
};

}  // namespace divbench
