#include "objectives/logistic.hpp"

namespace divbench {

double logistic_discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                   std::span<float> grad_real, std::span<float> grad_fake) {
  const double inv_r = 1.0 / static_cast<double>(real.size());
  const double inv_f = 1.0 / static_cast<double>(fake.size());
  double loss_r = 0.0;
  for (std::size_t i = 0; i < real.size(); ++i) {
    loss_r += softplus(-real[i]);
    grad_real[i] = static_cast<float>(-sigmoid(-real[i]) * inv_r);
  }
  double loss_f = 0.0;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    loss_f += softplus(fake[i]);
    grad_fake[i] = static_cast<float>(sigmoid(fake[i]) * inv_f);
  }
  return loss_r * inv_r + loss_f * inv_f;
}

}  // namespace divbench
