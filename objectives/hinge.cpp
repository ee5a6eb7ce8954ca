#include "objectives/hinge.hpp"

#include <algorithm>
#include <vector>

#include "objectives/linear_critic.hpp"

namespace divbench {
namespace {

// mean max(0, 1 + sign * v) and its gradient sign * [1 + sign * v > 0] / n. sign = -1 for real
// outputs, +1 for fake ones.
double hinge(std::span<const float> v, double sign, std::span<float> grad) {
  const double inv_n = 1.0 / static_cast<double>(v.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double margin = 1.0 + sign * v[i];
    loss += std::max(margin, 0.0);
    grad[i] = margin > 0.0 ? static_cast<float>(sign * inv_n) : 0.0F;
  }
  return loss * inv_n;
}

}  // namespace

double Hinge::discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                 std::span<float> grad_real, std::span<float> grad_fake) const {
  return hinge(real, -1.0, grad_real) + hinge(fake, 1.0, grad_fake);
}

double Hinge::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  return critic_generator_loss(fake, grad_fake);
}

std::vector<Estimate> Hinge::estimates(std::span<const float> real,
                                       std::span<const float> fake) const {
  std::vector<float> scratch_r(real.size());
  std::vector<float> scratch_f(fake.size());
  const double loss = discriminator_loss(real, fake, scratch_r, scratch_f);
  return {{"tv", 1.0 - loss / 2.0}};
}

bool Hinge::discriminator_loss_tangent(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<const float> real_dot,
                                              std::span<const float> fake_dot,
                                              std::span<float> grad_real_dot,
                                              std::span<float> grad_fake_dot) const {
  (void)real, (void)fake, (void)real_dot, (void)fake_dot;
  return zero_loss_tangent(grad_real_dot, grad_fake_dot);
}

}  // namespace divbench
