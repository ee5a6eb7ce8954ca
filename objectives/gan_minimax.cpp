#include "objectives/gan_minimax.hpp"

#include "objectives/logistic.hpp"

namespace divbench {

double GanMinimax::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  const double inv_n = 1.0 / static_cast<double>(fake.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    loss -= softplus(fake[i]);
    grad_fake[i] = static_cast<float>(-sigmoid(fake[i]) * inv_n);
  }
  return loss * inv_n;
}

}  // namespace divbench
