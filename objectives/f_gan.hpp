#pragma once
// The f-GAN variational bound (Nowozin, Cseke, Tomioka, NeurIPS 2016, eq. 6 and §3), one class
// for every row of f_divergence.hpp. The critic is T = g_f(V(x)); for any T,
//   D_f(P || Q) >= F(T) = E_P[T] - E_Q[f*(T)]        (Nguyen, Wainwright, Jordan 2010),
// with equality at T* = f'(p/q). D maximises F:
//   L_D = -E_P[g_f(v)] + E_Q[f*(g_f(v))].
// The generator loss is chosen by FGanGeneratorLoss:
//   saddle: L_G = -E_Q[f*(g_f(v))]   (the exact saddle point: only this term of F depends on G);
//   trick:  L_G = -E_Q[g_f(v)]       (f-GAN §3.2; for the GAN row it is the non-saturating loss).
// The reported estimate "fgan_bound" is F on held-out batches: a lower bound on D_f in nats as f
// defines it, so for fgan-js it bounds 2 JSD (at most 2 log 2) and for fgan-gan 2 JSD - log 4.
#include "objectives/f_divergence.hpp"
#include "objectives/objective.hpp"

namespace divbench {

enum class FGanGeneratorLoss { kTrick, kSaddle };

class FGan final : public Objective {
 public:
  FGan(const FDivergence& divergence, FGanGeneratorLoss generator_loss)
      : divergence_(divergence), generator_loss_(generator_loss) {}

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

  const FDivergence& divergence() const { return divergence_; }

 private:
  const FDivergence& divergence_;
  FGanGeneratorLoss generator_loss_;
};

}  // namespace divbench
