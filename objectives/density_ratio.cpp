#include "objectives/density_ratio.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace divbench {

DensityRatio::DensityRatio(const FDivergence& divergence, double clamp)
    : divergence_(divergence),
      clamp_(divergence.ratio_loss_exponential ? clamp : std::numeric_limits<double>::infinity()) {}

double DensityRatio::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  const double inv_n = 1.0 / static_cast<double>(fake.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    const double r = fake[i];
    const bool inside = std::abs(r) < clamp_;
    const double r_used = inside ? r : std::copysign(clamp_, r);
    loss += divergence_.ratio_loss(r_used);
    grad_fake[i] = inside ? static_cast<float>(divergence_.ratio_loss_prime(r) * inv_n) : 0.0F;
  }
  return loss * inv_n;
}

std::vector<Estimate> DensityRatio::estimates(std::span<const float> real,
                                              std::span<const float> fake) const {
  std::vector<Estimate> out = LogisticDiscriminator::estimates(real, fake);
  // Unguarded divergences still need e^r representable in double.
  const double bound = std::min(clamp_, 700.0);
  double df = 0.0;
  for (const float v : fake) {
    const double r = std::abs(v) < bound ? v : std::copysign(bound, v);
    df += divergence_.f(std::exp(r)) / static_cast<double>(fake.size());
  }
  out.push_back({"df_plugin", df});
  return out;
}

}  // namespace divbench
