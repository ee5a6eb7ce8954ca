#pragma once
// Density-ratio generator losses. D is trained with the logistic loss, so its logit r(x)
// estimates log p_data(x)/p_g(x). For an f-divergence, Danskin's theorem applied to the
// variational form gives (shared/reference/divergences.md)
//   grad_theta D_f(P || Q_theta) = grad_theta E_z[h(u(G_theta(z)))],   u = e^r held as a function,
//   h(u) = f(u) - u f'(u) = -f*(f'(u)),
// so G minimises L_G = E_z[h(e^{r(G(z))})], with dL_G/dr = h'(e^r) e^r = -u^2 f''(u).
//   rkl (f = -log u):  L_G = -E_z[r] + 1   (Sønderby et al., ICLR 2017, "AffGAN"; Poole et al.
//   2016) fkl (f = u log u): L_G = -E_z[e^r]
// The guard: where h(e^r) grows exponentially (KL, Pearson, Neyman, Hellinger, Jeffrey), r is
// clamped to [-clamp, clamp] before use, with zero gradient outside (a sample whose estimated ratio
// exceeds e^clamp pulls no harder than one at the bound). The clamp is an objective parameter and
// part of the recorded objective spec. Estimates: the logistic plug-ins and "df_plugin",
// D_f ~ E_Q[f(e^r)] with the same clamp.
#include "objectives/f_divergence.hpp"
#include "objectives/logistic_discriminator.hpp"

namespace divbench {

class DensityRatio final : public LogisticDiscriminator {
 public:
  // clamp is ignored (no guard) when the divergence's h(e^r) is not exponential.
  DensityRatio(const FDivergence& divergence, double clamp);

  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override;
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override;

 private:
  const FDivergence& divergence_;
  double clamp_;  // +inf when unguarded
};

}  // namespace divbench
