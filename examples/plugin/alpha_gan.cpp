// An objective plugin: the f-GAN bound for Amari's alpha-divergence, built out of tree against an
// installed divbench (see CMakeLists.txt beside this file) and loaded with
//   divbench train --plugin libalpha_gan.so --objective fgan-alpha:alpha=0.25
//
// f_alpha(u) = (u^alpha - 1 - alpha (u - 1)) / (alpha (alpha - 1)),  alpha not in {0, 1}
// (Amari & Nagaoka 2000, §3.6; Cichocki & Amari 2010). alpha -> 1 gives KL(P || Q), alpha -> 0
// reverse KL, alpha = 1/2 twice the squared Hellinger distance, alpha = 2 half Pearson's chi^2.
// f'(u) = (u^(alpha - 1) - 1) / (alpha - 1) ranges over dom f* = {t : 1 + (alpha - 1) t > 0}.
// With s = sign(alpha - 1), the output activation
//   g(v) = (e^(s v) - 1) / (alpha - 1)          maps R onto dom f*   (1 + (alpha - 1) g = e^(s v)),
// and the conjugate f*(t) = ((1 + (alpha - 1) t)^(alpha / (alpha - 1)) - 1) / alpha gives
//   f*(g(v)) = (e^(s v alpha / (alpha - 1)) - 1) / alpha.
// Training follows f-GAN (Nowozin et al. 2016): D maximises E_P[g(v)] - E_Q[f*(g(v))], G the
// trick loss -E_Q[g(v)].
#include <array>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "objectives/plugin.hpp"

namespace {

class AlphaGan final : public divbench::Objective {
 public:
  static constexpr const char* kName = "fgan-alpha";
  static constexpr const char* kSummary =
      "f-GAN variational bound on Amari's alpha-divergence (example plugin)";
  static constexpr const char* kReference =
      "Nowozin et al., f-GAN, NeurIPS 2016; Amari & Nagaoka, Methods of Information Geometry, "
      "2000";
  static constexpr std::array<const char*, 1> kParameterNames{"alpha"};
  static constexpr std::array<double, 1> kParameterDefaults{0.25};

  explicit AlphaGan(std::span<const double> params) : alpha_(params[0]) {
    if (!std::isfinite(alpha_) || alpha_ == 0.0 || alpha_ == 1.0) {
      throw std::invalid_argument("alpha must be finite and not 0 or 1 (the KL limits), found " +
                                  std::to_string(alpha_));
    }
    s_ = alpha_ > 1.0 ? 1.0 : -1.0;
  }

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override {
    double loss = 0.0;
    for (std::size_t i = 0; i < real.size(); ++i) {
      loss -= g(real[i]) / static_cast<double>(real.size());
      grad_real[i] = static_cast<float>(-g_prime(real[i]) / static_cast<double>(real.size()));
    }
    for (std::size_t i = 0; i < fake.size(); ++i) {
      loss += conjugate_of_g(fake[i]) / static_cast<double>(fake.size());
      grad_fake[i] =
          static_cast<float>(conjugate_of_g_prime(fake[i]) / static_cast<double>(fake.size()));
    }
    return loss;
  }

  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override {
    double loss = 0.0;
    for (std::size_t i = 0; i < fake.size(); ++i) {
      loss -= g(fake[i]) / static_cast<double>(fake.size());
      grad_fake[i] = static_cast<float>(-g_prime(fake[i]) / static_cast<double>(fake.size()));
    }
    return loss;
  }

  // The bound E_P[T] - E_Q[f*(T)] <= D_alpha(P || Q), on held-out batches.
  std::vector<divbench::Estimate> estimates(std::span<const float> real,
                                            std::span<const float> fake) const override {
    double bound = 0.0;
    for (const float v : real) bound += g(v) / static_cast<double>(real.size());
    for (const float v : fake) bound -= conjugate_of_g(v) / static_cast<double>(fake.size());
    return {{"fgan_bound", bound}};
  }

 private:
  double alpha_;
  double s_;  // sign(alpha - 1)

  double g(double v) const { return std::expm1(s_ * v) / (alpha_ - 1.0); }
  double g_prime(double v) const { return std::exp(s_ * v) / std::abs(alpha_ - 1.0); }
  double conjugate_of_g(double v) const {
    return std::expm1(s_ * v * alpha_ / (alpha_ - 1.0)) / alpha_;
  }
  double conjugate_of_g_prime(double v) const {
    return std::exp(s_ * v * alpha_ / (alpha_ - 1.0)) / std::abs(alpha_ - 1.0);
  }
};

}  // namespace

DIVBENCH_PLUGIN(divbench::plugin::describe<AlphaGan>())
