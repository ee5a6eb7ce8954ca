#pragma once
// The generator loss shared by critics whose output is a score, not a probability (hinge, WGAN):
//   L_G = -E_Q[v],   dL_G/dv = -1/n.
#include <algorithm>
#include <numeric>
#include <span>

namespace divbench {

inline double critic_generator_loss(std::span<const float> fake, std::span<float> grad_fake) {
  const double inv_n = 1.0 / static_cast<double>(fake.size());
  for (auto& g : grad_fake) g = static_cast<float>(-inv_n);
  return -std::accumulate(fake.begin(), fake.end(), 0.0) * inv_n;
}

// The discriminator-loss tangent of a loss whose second derivative in the outputs is zero (WGAN's
// is linear; hinge's is piecewise linear, zero wherever it exists, all but its kinks, which float
// outputs hit with probability ~0): ∇²_V L_D V̇ = 0.
inline bool zero_loss_tangent(std::span<float> grad_real_dot, std::span<float> grad_fake_dot) {
  std::fill(grad_real_dot.begin(), grad_real_dot.end(), 0.0F);
  std::fill(grad_fake_dot.begin(), grad_fake_dot.end(), 0.0F);
  return true;
}

}  // namespace divbench
