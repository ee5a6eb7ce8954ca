#pragma once
// WGAN-GP's two-sided penalty (Gulrajani et al., Improved Training of Wasserstein GANs, NeurIPS
// 2017, Algorithm 1; released code github.com/igul222/improved_wgan_training, gan_toy.py):
//   λ · mean_i (‖∇ₓD(x̂_i)‖ − target)²,   x̂_i = x_r,i + ε_i (x_f,i − x_r,i),  ε_i ~ U[0, 1],
// the interpolates drawn afresh at every D update from the run's "regulariser" stream. At
// ‖∇ₓD‖ = 0 the norm's subgradient 0 is used, as autograd's norm backward does.
#include "harness/input_gradient_penalty.hpp"
#include "harness/regulariser.hpp"

namespace divbench {

class GradientPenalty final : public Regulariser {
 public:
  GradientPenalty(double lambda, double target) : lambda_(lambda), target_(target) {}
  double add_penalty_gradient(Network& d, const DiscriminatorBatch& batch, Rng& rng) override;

 private:
  double lambda_, target_;
  Matrix points_;               // (b, d) the interpolates
  std::vector<float> epsilon_;  // (b)
  InputGradientPenalty penalty_;
};

}  // namespace divbench
