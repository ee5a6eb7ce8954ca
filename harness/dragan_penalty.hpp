#pragma once
// DRAGAN (Kodali, Abernethy, Hays, Kira, On Convergence and Stability of GANs, 2017, section 4):
// the gradient penalty λ · mean_i (‖∇ₓD(x̃_i)‖ − 1)² at perturbed real samples x̃. Released
// implementations perturb differently, so the variant is a parameter and part of the run's spec:
//   perturb=compare-gan   x̃ = x + σ (U − 1/2), U ~ U[0,1]^d per entry, σ the population standard
//                         deviation of all entries of the real batch, and the slope smoothed as
//                         sqrt(‖g‖² + 1e-4) (google/compare_gan, compare_gan/gans/penalty_lib.py,
//                         dragan_penalty);
//   perturb=studiogan     x̃ = x + α_i · σ/2 · U, α_i ~ U[0,1] per sample, U ~ U[0,1]^d, σ the
//                         sample standard deviation (n − 1) of all entries, slope ‖g‖
//                         (POSTECH-CVLab/PyTorch-StudioGAN, src/utils/losses.py, cal_dra_pen).
// compare_gan then clips x̃ to [0, 1], its images' range; divbench's data are not images, so it
// does not clip (a deliberate difference).
#include "harness/input_gradient_penalty.hpp"
#include "harness/regulariser.hpp"

namespace divbench {

enum class DraganPerturbation { kCompareGan, kStudioGan };

class DraganPenalty final : public Regulariser {
 public:
  DraganPenalty(double lambda, DraganPerturbation perturbation)
      : lambda_(lambda), perturbation_(perturbation) {}
  double add_penalty_gradient(Network& d, const DiscriminatorBatch& batch, Rng& rng) override;

 private:
  double lambda_;
  DraganPerturbation perturbation_;
  Matrix points_;  // (b, d)
  std::vector<float> alpha_;
  InputGradientPenalty penalty_;
};

}  // namespace divbench
