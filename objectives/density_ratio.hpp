#pragma once
// Density-ratio generator losses. D is trained with the logistic loss, so its logit r(x)
// estimates log p_data(x)/p_g(x). For an f-divergence, Danskin's theorem applied to the
// variational form gives (shared/reference/divergences.md)
//   grad_theta D_f(P || Q_theta) = grad_theta E_z[h(u(G_theta(z)))],   u = e^r held as a function,
//   h(u) = f(u) - u f'(u) = -f*(f'(u)),
// so G minimises L_G = E_z[h(e^{r(G(z))})], with dL_G/dr = h'(e^r) e^r = -u^2 f''(u).
//   rkl (f = -log u):  L_G = -E_z[r] + 1   (Sønderby et al., ICLR 2017, "AffGAN"; Poole et al.
//   2016) fkl (f = u log u): L_G = -E_z[e^r]
// The guard: where h(e^r) grows exponentially, on one side of r only (RatioGuard: the upper side
// for KL, Pearson, Hellinger, Jeffrey; the lower side for Neyman), r is clamped at the bound on
// that side, min(r, clamp) or max(r, -clamp), with zero gradient past it, as torch.clamp
// differentiates. The other side is exact: there h'(r) stays bounded (for Jeffrey it tends to
// -1, the reverse-KL half of its gradient; for KL to 0), and clamping it would drop the gradient of
// every sample the discriminator rejects confidently. The clamp is an objective parameter and part
// of the recorded objective spec. Estimates: the logistic plug-ins and "df_plugin",
// D_f ~ E_Q[f(e^r)] with the same guard.
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
  bool guarded(double r) const;
  double guard_bound() const;

  const FDivergence& divergence_;
  double clamp_;  // +inf when unguarded
};

}  // namespace divbench
