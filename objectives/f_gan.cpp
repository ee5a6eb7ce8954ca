#include "objectives/f_gan.hpp"

namespace divbench {

double FGan::discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                std::span<float> grad_real, std::span<float> grad_fake) const {
  const FDivergence& d = divergence_;
  const double inv_r = 1.0 / static_cast<double>(real.size());
  const double inv_f = 1.0 / static_cast<double>(fake.size());
  double loss_r = 0.0;
  for (std::size_t i = 0; i < real.size(); ++i) {
    loss_r -= d.activation(real[i]);
    grad_real[i] = static_cast<float>(-d.activation_prime(real[i]) * inv_r);
  }
  double loss_f = 0.0;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    loss_f += d.conjugate_of_activation(fake[i]);
    grad_fake[i] = static_cast<float>(d.conjugate_of_activation_prime(fake[i]) * inv_f);
  }
  return loss_r * inv_r + loss_f * inv_f;
}

double FGan::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  const FDivergence& d = divergence_;
  const bool saddle = generator_loss_ == FGanGeneratorLoss::kSaddle;
  const double inv_n = 1.0 / static_cast<double>(fake.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    const double v = fake[i];
    loss -= saddle ? d.conjugate_of_activation(v) : d.activation(v);
    grad_fake[i] = static_cast<float>(
        -(saddle ? d.conjugate_of_activation_prime(v) : d.activation_prime(v)) * inv_n);
  }
  return loss * inv_n;
}

std::vector<Estimate> FGan::estimates(std::span<const float> real,
                                      std::span<const float> fake) const {
  // F(T) = E_P[T] - E_Q[f*(T)] is minus the discriminator's loss.
  std::vector<float> scratch_real(real.size());
  std::vector<float> scratch_fake(fake.size());
  return {{"fgan_bound", -discriminator_loss(real, fake, scratch_real, scratch_fake)}};
}

bool FGan::discriminator_loss_tangent(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<const float> real_dot,
                                              std::span<const float> fake_dot,
                                              std::span<float> grad_real_dot,
                                              std::span<float> grad_fake_dot) const {
  // L_D = -E_P[g_f(v)] + E_Q[f*(g_f(v))]: second derivatives -g_f'' and (f* o g_f)''.
  const FDivergence& d = divergence_;
  const double inv_r = 1.0 / static_cast<double>(real.size());
  const double inv_f = 1.0 / static_cast<double>(fake.size());
  for (std::size_t i = 0; i < real.size(); ++i)
    grad_real_dot[i] = static_cast<float>(-d.activation_second(real[i]) * real_dot[i] * inv_r);
  for (std::size_t i = 0; i < fake.size(); ++i) {
    grad_fake_dot[i] =
        static_cast<float>(d.conjugate_of_activation_second(fake[i]) * fake_dot[i] * inv_f);
  }
  return true;
}

}  // namespace divbench
