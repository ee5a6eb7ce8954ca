#pragma once
// The training steps bench/ times and bounds, one configuration each, shared by
// bench/network_bench.cpp (their time) and bench/step_bound.cpp (their matrix-product lower
// bound), so that both measure the same step. At the reference sizes unless said: G z(16) -> 256
// -> 256 -> 2 ReLU, D 2 -> 256 -> 256 -> 1 ReLU, batch 256, Adam 1e-4 (0.5, 0.999).
//  pacgan      one D update and one G update at PacGAN's 2-D sizes (Lin et al. 2018): G z(2) ->
//              4 x [400, no bias, BatchNorm, ReLU] -> 2 (no bias); D 2 -> 3 x maxout(200, 5
//              pieces) -> 1; batch 100; N(0, 0.02) initialisation; Adam 1e-4 (0.8, 0.999); the
//              non-saturating loss; D sees real and generated samples in one batch.
//  pacgan2     the same with packing 2: D 4 -> 3 x maxout(200, 5) -> 1 sees 100 packs of 2 real
//              and of 2 generated samples (200 of each), then G.
//  wgan-gp     one critic update of the WGAN loss with the gradient penalty (lambda 10, fresh
//              interpolates), then one generator update;
//  r1          one D update of the logistic loss with R1 (gamma 10) on the real batch, then G;
//  unrolled    the non-saturating loss with --schedule unrolled:k=5 (Metz et al. 2017, eq. 12):
//              5 Adam updates of D on one batch, G's gradient through all 5 (second-order term
//              included), D keeping the first update, then G's update.
#include <stdexcept>
#include <string>

#include "harness/train_config.hpp"

namespace divbench::bench {

inline TrainConfig step_config(const std::string& name) {
  TrainConfig config;
  if (name == "pacgan" || name == "pacgan2") {
    config.latent_dim = 2;
    config.batch_size = 100;
    config.beta1 = 0.8;
    config.generator =
        "mlp:widths=400-400-400-400,norm=batch,momentum=0.05,bias=false,init=normal:std=0.02";
    config.discriminator = "maxout:widths=200-200-200,pieces=5,init=normal:std=0.02";
    if (name == "pacgan2") config.pack = 2;
  } else if (name == "wgan-gp") {
    config.objective = "wgan:clip=0";
    config.regulariser = "gp";
  } else if (name == "r1") {
    config.objective = "gan-ns";
    config.regulariser = "r1";
  } else if (name == "unrolled") {
    config.objective = "gan-ns";
    config.schedule = "unrolled:k=5";
  } else {
    throw std::invalid_argument("unknown bench step '" + name +
                                "' (known: pacgan, pacgan2, wgan-gp, r1, unrolled)");
  }
  return config;
}

}  // namespace divbench::bench
