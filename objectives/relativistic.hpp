#pragma once
// Relativistic discriminators (Jolicoeur-Martineau, "The relativistic discriminator: a key element
// missing from standard GAN", ICLR 2019; losses as in the author's released code,
// github.com/AlexiaJM/RelativisticGAN, code/GAN.py). The critic C = V(x) judges whether real data
// is more realistic than generated data, so both players' losses see real and generated outputs.
//
// Paired (RSGAN, section 4.1), d_i = C(x_r,i) - C(x_f,i):
//   L_D = mean_i softplus(-d_i),   L_G = mean_i softplus(d_i).
// Batches of unequal size are paired all against all (the same expectation; the training loop
// always passes equal sizes, which pair elementwise as the released code does).
// Averaged (RaSGAN, RaLSGAN, RaHingeGAN, section 4.2), a_i = C(x_r,i) - mean_j C(x_f,j) and
// b_j = C(x_f,j) - mean_i C(x_r,i):
//   L = (mean_i l1(a_i) + mean_j l2(b_j)) / 2
//            D: l1(a)       l2(b)          G: l1(a)       l2(b)
//   rasgan      softplus(-a) softplus(b)      softplus(a)  softplus(-b)
//   ralsgan     (a - 1)^2    (b + 1)^2        (a + 1)^2    (b - 1)^2
//   rahinge     relu(1 - a)  relu(1 + b)      relu(1 + a)  relu(1 - b)
// (The README of the released code notes that an earlier version had the sign of the second
// term's relativistic output wrong for RaSGAN and RaLSGAN; these are the corrected forms.)
//
// Gradients of the averaged form: dL/dr_i = (l1'(a_i) - mean_j l2'(b_j)) / (2 n_r) and
// dL/df_j = (l2'(b_j) - mean_i l1'(a_i)) / (2 n_f).
//
// Estimate "relativistic_gap" = L_D(constant critic) - L_D on held-out batches (log 2 for the
// logistic losses, 1 for least squares and hinge): >= 0 for the optimal critic, and a lower bound
// on the relativistic divergence the discriminator estimates (Jolicoeur-Martineau, "On
// relativistic f-divergences", ICML 2020).
#include "objectives/objective.hpp"

namespace divbench {

enum class RelativisticLoss { kRsgan, kRasgan, kRalsgan, kRahinge };

class Relativistic final : public Objective {
 public:
  explicit Relativistic(RelativisticLoss loss) : loss_(loss) {}

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override;
  // ∇²_V L_D · V̇ (objective.hpp).
  bool discriminator_loss_tangent(std::span<const float> real, std::span<const float> fake,
                                  std::span<const float> real_dot, std::span<const float> fake_dot,
                                  std::span<float> grad_real_dot,
                                  std::span<float> grad_fake_dot) const override;
  // Throws std::logic_error: the generator's loss needs real outputs (generator_loss_with_real).
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;
  bool generator_sees_real() const override { return true; }
  double generator_loss_with_real(std::span<const float> real, std::span<const float> fake,
                                  std::span<float> grad_real,
                                  std::span<float> grad_fake) const override;
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override;

 private:
  RelativisticLoss loss_;
  double loss(bool generator, std::span<const float> real, std::span<const float> fake,
              std::span<float> grad_real, std::span<float> grad_fake) const;
};

}  // namespace divbench
