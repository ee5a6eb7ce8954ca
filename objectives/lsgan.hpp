#pragma once
// Least-squares GAN (Mao et al., "Least Squares Generative Adversarial Networks", ICCV 2017,
// eq. 2): with labels a (fake), b (real) and c (what G wants D to believe),
//   L_D = 1/2 E_P[(v - b)^2] + 1/2 E_Q[(v - a)^2],    L_G = 1/2 E_Q[(v - c)^2].
// Defaults a = -1, b = 1, c = 0 satisfy b - c = 1 and b - a = 2, for which the optimal D gives
// 2 C(G) = ∫ (p - q)^2 / (p + q) dx, Pearson chi^2(P + Q || 2Q) in the paper's notation (Thm 1).
// Estimate "chi2_mix" = E_P[(v - c)^2] + E_Q[(v - c)^2], that quantity at the current D (exact at
// the optimum only for codings with b - c = 1, b - a = 2).
#include "objectives/objective.hpp"

namespace divbench {

class Lsgan final : public Objective {
 public:
  Lsgan(double a, double b, double c) : a_(a), b_(b), c_(c) {}

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override;
  // ∇²_V L_D · V̇ (objective.hpp).
  bool discriminator_loss_tangent(std::span<const float> real, std::span<const float> fake,
                                  std::span<const float> real_dot, std::span<const float> fake_dot,
                                  std::span<float> grad_real_dot,
                                  std::span<float> grad_fake_dot) const override;
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override;

 private:
  double a_, b_, c_;
};

}  // namespace divbench
