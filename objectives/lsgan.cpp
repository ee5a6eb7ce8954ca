#include "objectives/lsgan.hpp"

namespace divbench {
namespace {

// 1/2 mean (v - target)^2 and its gradient (v - target)/n.
double half_squared_error(std::span<const float> v, double target, std::span<float> grad) {
  const double inv_n = 1.0 / static_cast<double>(v.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double e = v[i] - target;
    loss += 0.5 * e * e;
    grad[i] = static_cast<float>(e * inv_n);
  }
  return loss * inv_n;
}

double mean_squared_distance(std::span<const float> v, double target) {
  double sum = 0.0;
  for (const float x : v) sum += (x - target) * (x - target);
  return sum / static_cast<double>(v.size());
}

}  // namespace

double Lsgan::discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                 std::span<float> grad_real, std::span<float> grad_fake) const {
  return half_squared_error(real, b_, grad_real) + half_squared_error(fake, a_, grad_fake);
}

double Lsgan::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  return half_squared_error(fake, c_, grad_fake);
}

std::vector<Estimate> Lsgan::estimates(std::span<const float> real,
                                       std::span<const float> fake) const {
  return {{"chi2_mix", mean_squared_distance(real, c_) + mean_squared_distance(fake, c_)}};
}

bool Lsgan::discriminator_loss_tangent(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<const float> real_dot,
                                              std::span<const float> fake_dot,
                                              std::span<float> grad_real_dot,
                                              std::span<float> grad_fake_dot) const {
  // 1/2 (v - target)^2 per sample: second derivative 1.
  (void)real, (void)fake;
  const double inv_r = 1.0 / static_cast<double>(real_dot.size());
  const double inv_f = 1.0 / static_cast<double>(fake_dot.size());
  for (std::size_t i = 0; i < real_dot.size(); ++i)
    grad_real_dot[i] = static_cast<float>(real_dot[i] * inv_r);
  for (std::size_t i = 0; i < fake_dot.size(); ++i)
    grad_fake_dot[i] = static_cast<float>(fake_dot[i] * inv_f);
  return true;
}

}  // namespace divbench
