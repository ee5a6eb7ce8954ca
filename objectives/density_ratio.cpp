#include "objectives/density_ratio.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace divbench {

DensityRatio::DensityRatio(const FDivergence& divergence, double clamp)
    : divergence_(divergence),
      clamp_(divergence.ratio_guard == RatioGuard::kNone ? std::numeric_limits<double>::infinity()
                                                         : clamp) {}

// r past the guard on the side where h explodes: r >= clamp (kUpper) or r <= -clamp (kLower).
bool DensityRatio::guarded(double r) const {
  switch (divergence_.ratio_guard) {
    case RatioGuard::kUpper:
      return r >= clamp_;
    case RatioGuard::kLower:
      return r <= -clamp_;
    case RatioGuard::kNone:
      break;
  }
  return false;
}

double DensityRatio::guard_bound() const {
  return divergence_.ratio_guard == RatioGuard::kLower ? -clamp_ : clamp_;
}

double DensityRatio::generator_loss(std::span<const float> fake, std::span<float> grad_fake) const {
  const double inv_n = 1.0 / static_cast<double>(fake.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    const double r = fake[i];
    const bool clamped = guarded(r);
    loss += divergence_.ratio_loss(clamped ? guard_bound() : r);
    grad_fake[i] = clamped ? 0.0F : static_cast<float>(divergence_.ratio_loss_prime(r) * inv_n);
  }
  return loss * inv_n;
}

std::vector<Estimate> DensityRatio::estimates(std::span<const float> real,
                                              std::span<const float> fake) const {
  std::vector<Estimate> out = LogisticDiscriminator::estimates(real, fake);
  // The same one-sided guard, and |r| <= 700 on both sides so that e^r is a positive double.
  constexpr double kRepresentable = 700.0;
  double df = 0.0;
  for (const float v : fake) {
    const double r =
        std::clamp(guarded(v) ? guard_bound() : double{v}, -kRepresentable, kRepresentable);
    df += divergence_.f(std::exp(r)) / static_cast<double>(fake.size());
  }
  out.push_back({"df_plugin", df});
  return out;
}

}  // namespace divbench
