#pragma once
// Weight clipping (Arjovsky, Chintala, Bottou, Wasserstein GAN, ICML 2017, Algorithm 1, line 7):
// every discriminator parameter clipped to [-c, c] after each discriminator update, so that D stays
// K-Lipschitz for some K. The `wgan` objective states its clip (Objective::critic_weight_clip) and
// the training loop applies it through this class, as it does `--regulariser clip:c=...`.
#include "harness/regulariser.hpp"

namespace divbench {

class WeightClip final : public Regulariser {
 public:
  explicit WeightClip(float c) : c_(c) {}
  void after_update(const std::vector<ParameterRef>& d_parameters) override;
  // clip(x) has derivative 1 inside (-c, c) and 0 where it clipped (the value is then ±c).
  void project_adjoint(const std::vector<std::vector<float>>& after,
                       std::vector<std::vector<double>>& adjoint) const override;

 private:
  float c_;
};

}  // namespace divbench
