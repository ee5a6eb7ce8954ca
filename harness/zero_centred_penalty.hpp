#pragma once
// R1 and R2 (Mescheder, Geiger, Nowozin, Which Training Methods for GANs do actually Converge?,
// ICML 2018, eq. 9 and 10; released code github.com/LMescheder/GAN_stability, gan_training/
// train.py, compute_grad2):
//   R1 = γ/2 · mean_i ‖∇ₓD(x_r,i)‖²  on the real batch,
//   R2 = γ/2 · mean_i ‖∇ₓD(x_f,i)‖²  on the generated batch.
// Lazy regularisation (Karras et al., Analyzing and Improving the Image Quality of StyleGAN, CVPR
// 2020, section 3.1): with every = k > 1 the penalty is applied at every k-th D update only, scaled
// by k so that its expected gradient is unchanged.
#include "harness/input_gradient_penalty.hpp"
#include "harness/regulariser.hpp"

namespace divbench {

class ZeroCentredPenalty final : public Regulariser {
 public:
  // on_real: R1, else R2.
  ZeroCentredPenalty(bool on_real, double gamma, long long every)
      : on_real_(on_real), gamma_(gamma), every_(every) {}
  double add_penalty_gradient(Network& d, const DiscriminatorBatch& batch, Rng& rng) override;

 private:
  bool on_real_;
  double gamma_;
  long long every_;
  InputGradientPenalty penalty_;
};

}  // namespace divbench
