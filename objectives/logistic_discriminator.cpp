#include "objectives/logistic_discriminator.hpp"

#include <cmath>
#include <numeric>

#include "objectives/logistic.hpp"

namespace divbench {

double LogisticDiscriminator::discriminator_loss(std::span<const float> real,
                                                 std::span<const float> fake,
                                                 std::span<float> grad_real,
                                                 std::span<float> grad_fake) const {
  return logistic_discriminator_loss(real, fake, grad_real, grad_fake);
}

std::vector<Estimate> LogisticDiscriminator::estimates(std::span<const float> real,
                                                       std::span<const float> fake) const {
  const double mean_real =
      std::accumulate(real.begin(), real.end(), 0.0) / static_cast<double>(real.size());
  const double mean_fake =
      std::accumulate(fake.begin(), fake.end(), 0.0) / static_cast<double>(fake.size());
  std::vector<float> scratch_real(real.size());
  std::vector<float> scratch_fake(fake.size());
  const double loss = logistic_discriminator_loss(real, fake, scratch_real, scratch_fake);
  return {{"kl_fwd", mean_real}, {"kl_rev", -mean_fake}, {"jsd", (std::log(4.0) - loss) / 2.0}};
}

bool LogisticDiscriminator::discriminator_loss_tangent(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<const float> real_dot,
                                              std::span<const float> fake_dot,
                                              std::span<float> grad_real_dot,
                                              std::span<float> grad_fake_dot) const {
  // softplus(-v) and softplus(v) have the same second derivative, σ(v) σ(-v).
  const double inv_r = 1.0 / static_cast<double>(real.size());
  const double inv_f = 1.0 / static_cast<double>(fake.size());
  for (std::size_t i = 0; i < real.size(); ++i) {
    const double h = sigmoid(real[i]) * sigmoid(-real[i]);
    grad_real_dot[i] = static_cast<float>(h * real_dot[i] * inv_r);
  }
  for (std::size_t i = 0; i < fake.size(); ++i) {
    const double h = sigmoid(fake[i]) * sigmoid(-fake[i]);
    grad_fake_dot[i] = static_cast<float>(h * fake_dot[i] * inv_f);
  }
  return true;
}

}  // namespace divbench
