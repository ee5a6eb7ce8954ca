// WGAN-GP's toy experiments (Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville, Improved Training of
// Wasserstein GANs, NeurIPS 2017), from the released script: repository
// igul222/improved_wgan_training, gan_toy.py (commit 3c8ba3c) and tflib/ops/linear.py (commit
// 4fde7f3), with the script's defaults MODE = 'wgan-gp', DATASET = '8gaussians'.
#include "harness/preset.hpp"

namespace divbench {

Preset wgan_gp_toy_preset() {
  return {
      .name = "wgan-gp-toy",
      .summary = "WGAN-GP's gan_toy.py: G and D 3x512 ReLU, z 2, critic 5 steps, lambda 0.1, Adam "
                 "1e-4 (0.5, 0.9), batch 256, 100k steps, 8 Gaussians scaled by 1/1.414",
      .reference = "Gulrajani et al., NeurIPS 2017; github.com/igul222/improved_wgan_training "
                   "gan_toy.py (commit 3c8ba3c)",
      .settings =
          {
              {"dataset", "ring:k=8,radius=1.4144271570014144,std=0.014144271570014145",
               "gan_toy.py:202-226 (centres (+-1, 0), (0, +-1), (+-1/sqrt 2, +-1/sqrt 2) times "
               "scale 2, noise std 0.02, every point divided by 1.414; a centre chosen uniformly); "
               "for the 25 Gaussians (:174-189) use --dataset "
               "grid:side=5,spacing=0.7072135785007072,std=0.017680339462517684"},
              {"objective", "wgan", "gan_toy.py:66-68 (D: E[D(G(z))] - E[D(x)]; G: -E[D(G(z))])"},
              {"regulariser", "gp:lambda=0.1,target=1",
               "gan_toy.py:23 (LAMBDA = .1) and 70-83 (per-sample uniform interpolates of the real "
               "and generated batch, lambda E[(||grad D|| - 1)^2])"},
              {"d-steps", "5", "gan_toy.py:25 (CRITIC_ITERS = 5), 237-243"},
              {"batch-size", "256", "gan_toy.py:26"},
              {"steps", "100000", "gan_toy.py:27 (ITERS = 100000)"},
              {"latent-dim", "2", "gan_toy.py:46 (noise = tf.random_normal([n_samples, 2]))"},
              {"generator",
               "mlp:widths=512-512-512,activation=relu,init=he-uniform,output-init=glorot-uniform",
               "gan_toy.py:20 (DIM = 512), 31-40 (ReLULayer: Linear with initialization='he'), "
               "42-51 (3 ReLU layers, then Linear to 2 with the default initialization); "
               "tflib/ops/linear.py: 'he' draws U(+-sqrt(3) sqrt(2/in)), None draws Glorot's "
               "U(+-sqrt(3) sqrt(2/(in+out))), biases 0"},
              {"discriminator",
               "mlp:widths=512-512-512,activation=relu,init=he-uniform,output-init=glorot-uniform",
               "gan_toy.py:53-58 (3 ReLU layers, then Linear to 1)"},
              {"optimizer", "adam", "gan_toy.py:88-105"},
              {"d-lr", "0.0001", "gan_toy.py:90"},
              {"g-lr", "0.0001", "gan_toy.py:99"},
              {"beta1", "0.5", "gan_toy.py:91, 100"},
              {"beta2", "0.9", "gan_toy.py:92, 101"},
              {"adam-eps", "1e-08", "TensorFlow's AdamOptimizer default (not set in the script)"},
              {"schedule", "alternating", "gan_toy.py:232-243 (G, then CRITIC_ITERS critic steps)"},
          },
      .differences =
          {
              "The script's loop (gan_toy.py:232-243) skips G at iteration 0 and updates it before "
              "its 5 critic steps: C5 G C5 ... G C5, 99,999 G updates. divbench's alternating "
              "schedule runs D5 G per step: the same order without the final 5 critic steps, and "
              "100,000 G updates.",
              "TensorFlow's Adam adds epsilon to sqrt(v_t) before the bias correction "
              "(epsilon-hat); divbench adds it to sqrt(v-hat_t) as PyTorch does.",
              "The script trains on 8 Gaussians drawn fresh for every batch, as divbench does; its "
              "25 Gaussians are 100,000 points shuffled once and never reshuffled, where "
              "--train-size 100000 reshuffles every epoch.",
              "The script measures nothing (it plots samples and critic contours); divbench "
              "evaluates with its defaults.",
          },
  };
}

}  // namespace divbench
