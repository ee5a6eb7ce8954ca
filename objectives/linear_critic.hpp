#pragma once
// The generator loss shared by critics whose output is a score, not a probability (hinge, WGAN):
//   L_G = -E_Q[v],   dL_G/dv = -1/n.
#include <numeric>
#include <span>

namespace divbench {

inline double critic_generator_loss(std::span<const float> fake, std::span<float> grad_fake) {
  const double inv_n = 1.0 / static_cast<double>(fake.size());
  for (auto& g : grad_fake) g = static_cast<float>(-inv_n);
  return -std::accumulate(fake.begin(), fake.end(), 0.0) * inv_n;
}

}  // namespace divbench
