#include "objectives/wgan.hpp"

#include <algorithm>
#include <numeric>

#include "objectives/linear_critic.hpp"

namespace divbench {
namespace {

double mean(std::span<const float> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

double Wgan::discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                std::span<float> grad_real, std::span<float> grad_fake) const {
  for (auto& g : grad_real) g = static_cast<float>(-1.0 / static_cast<double>(real.size()));
  for (auto& g : grad_fake) g = static_cast<float>(1.0 / static_cast<double>(fake.size()));
  return mean(fake) - mean(real);
}

double Wgan::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  return critic_generator_loss(fake, grad_fake);
}

std::vector<Estimate> Wgan::estimates(std::span<const float> real,
                                      std::span<const float> fake) const {
  return {{"critic_gap", mean(real) - mean(fake)}};
}

bool Wgan::discriminator_loss_tangent(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<const float> real_dot,
                                              std::span<const float> fake_dot,
                                              std::span<float> grad_real_dot,
                                              std::span<float> grad_fake_dot) const {
  (void)real, (void)fake, (void)real_dot, (void)fake_dot;
  return zero_loss_tangent(grad_real_dot, grad_fake_dot);
}

}  // namespace divbench
