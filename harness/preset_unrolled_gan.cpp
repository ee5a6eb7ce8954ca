// The Unrolled GAN authors' 2-D demo (Metz, Poole, Pfau, Sohl-Dickstein, Unrolled Generative
// Adversarial Networks, ICLR 2017), from the released notebook: repository poolio/unrolled_gan,
// `Unrolled GAN demo.ipynb` (commit 0136e29). Cells are cited by their execution count (In [n]) or
// heading, lines within the cell's source. The notebook says its architecture and hyperparameters
// are "not identical to the one in the paper"; the paper shows figures, not a table, for this
// setting.
#include "harness/preset.hpp"

namespace divbench {

Preset unrolled_gan_preset() {
  return {
      .name = "unrolled-gan",
      .summary = "the Unrolled GAN notebook: G and D 2x128 tanh, orthogonal init, z 256, batch 512, "
                 "Adam D 1e-4 / G 1e-3 beta1 0.5, 25k steps, 5 unrolling steps, minimax loss",
      .reference = "Metz et al., ICLR 2017; github.com/poolio/unrolled_gan, Unrolled GAN "
                   "demo.ipynb (commit 0136e29)",
      .settings =
          {
              {"dataset", "ring:k=8,radius=1,std=0.01",
               "In [4] lines 1-2 (sample_mog: 8 components, std 0.01, radius 1), with the "
               "duplicated mode fixed (see the differences)"},
              {"objective", "gan-minimax",
               "'Construct model and training ops' cell, lines 14-16 (D minimises the sigmoid "
               "cross-entropy of real vs generated) and 41 (G minimises -unrolled_loss: the "
               "minimax game)"},
              {"generator", "mlp:widths=128-128,activation=tanh,init=orthogonal:gain=1.4",
               "In [5] lines 1-5 (2 x fully_connected 128 tanh, then linear output); construct "
               "cell line 8 (orthogonal_initializer(gain=1.4) for every layer; slim's biases start "
               "at 0)"},
              {"discriminator", "mlp:widths=128-128,activation=tanh,init=orthogonal:gain=1.4",
               "In [5] lines 7-11 (2 x fully_connected 128 tanh, then one logit); construct cell "
               "line 8"},
              {"latent-dim", "256",
               "In [6] line 9 (z_dim=256); construct cell lines 5-6 (z ~ N(0, I))"},
              {"batch-size", "512", "In [6] line 2"},
              {"optimizer", "adam", "construct cell lines 22 (Keras Adam for D) and 40 (TF Adam for G)"},
              {"d-lr", "0.0001", "In [6] line 3 (disc_learning_rate)"},
              {"g-lr", "0.001", "In [6] line 4 (gen_learning_rate)"},
              {"beta1", "0.5", "In [6] line 5"},
              {"beta2", "0.999", "the Keras and TensorFlow Adam default (not set in the notebook)"},
              {"adam-eps", "1e-08", "In [6] line 6 (epsilon=1e-8)"},
              {"steps", "25000", "In [6] line 7 (max_iter=25000)"},
              {"schedule", "unrolled:k=5",
               "In [6] line 11 (unrolling_steps=5); construct cell lines 23 and 27-35 (the first "
               "update and 4 more through graph_replace of D's Adam update, moments included); "
               "In [9]: one sess.run applies G's and D's updates together, D's being the first "
               "unrolled step"},
          },
      .differences =
          {
              "The notebook's ring puts its modes at linspace(0, 2 pi, 8), which repeats the first "
              "angle as the last: 7 distinct modes, one with twice the weight (the repository's "
              "issue 7). divbench places 8 modes at 2 pi i / 8.",
              "Keras' and TensorFlow's Adam add epsilon to sqrt(v_t) before the bias correction of "
              "the step (epsilon-hat); divbench adds it to sqrt(v-hat_t) as PyTorch does: with "
              "epsilon 1e-8 the steps differ by far less than float rounding once v is not tiny.",
              "The notebook computes no coverage metric; divbench evaluates with its defaults "
              "(PacGAN's standardised distance < 3 and HQ histogram, which on these isotropic "
              "modes equal a Euclidean distance < 3 sigma).",
          },
  };
}

}  // namespace divbench
