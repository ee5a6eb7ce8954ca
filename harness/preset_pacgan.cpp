// PacGAN's 2-D experiments (Lin, Khetan, Fanti, Oh, PacGAN: The power of two samples in generative
// adversarial networks, NeurIPS 2018), from the released code: repository fjxmlzn/PacGAN, folder
// synthetic_data_experiments/ (commit b331f4f; the config.py files at a7c9248). Paths below are
// relative to that folder; pacgan_task.py is the grid's (2DGrid_GAN&PacGAN/), whose networks,
// losses and training are the ring's.
#include "harness/preset.hpp"

namespace divbench {

Preset pacgan_preset() {
  return {
      .name = "pacgan",
      .summary = "PacGAN's 2-D ring: G 4x400 BatchNorm ReLU, D 3x maxout(200, 5), z ~ N(0, I2), "
                 "Adam 1e-4 beta1 0.8, batch 100, simultaneous, 100k points, 400 epochs",
      .reference = "Lin et al., NeurIPS 2018; github.com/fjxmlzn/PacGAN synthetic_data_experiments/ "
                   "(commit b331f4f, config.py at a7c9248)",
      .settings =
          {
              {"dataset", "ring:k=8,radius=1,std=0.01",
               "2DRing_GAN&PacGAN/config.py:6-7 (means (cos 2pi i/8, sin 2pi i/8), variance "
               "0.01^2 I); the grid is --dataset grid25 (2DGrid_GAN&PacGAN/config.py:5-7: means "
               "{-4,-2,0,2,4}^2, std 0.05)"},
              {"objective", "gan-ns",
               "PacGAN/pacgan/bricks.py:69-72 (D: softplus(-D(x)) + softplus(D(G(z))); G: "
               "softplus(-D(G(z))), the data term carrying no gradient to G)"},
              {"generator",
               "mlp:widths=400-400-400-400,activation=relu,norm=batch,momentum=0.05,eps=0.0001,"
               "bias=false,output-bias=true,init=normal:std=0.02",
               "pacgan_task.py:43-59 (4 x [Linear 400 without bias, BatchNormalization, "
               "Rectifier], Linear 2), :92-95 (IsotropicGaussian(0.02) weights pushed down, the "
               "last Linear given its bias, biases 0), :149 (population statistics p <- 0.95 p + "
               "0.05 m); config.py:17, 19, 21-22; Blocks' BatchNormalization: epsilon 1e-4, scale "
               "1, shift 0 (blocks/bricks/bn.py)"},
              {"latent-dim", "2",
               "config.py:33-36 (one z mode at r 0 with std 1 in 2 dimensions: z ~ N(0, I2)), "
               "pacgan_task.py:106-108 (one z per packed sample)"},
              {"discriminator", "maxout:widths=200-200-200,pieces=5,init=normal:std=0.02",
               "pacgan_task.py:61-90 (3 x LinearMaxout(200, 5 pieces) with biases, Linear 1, "
               "weights N(0, 0.02^2), biases 0); config.py:18, 20-22"},
              {"d-batch", "joint",
               "PacGAN/pacgan/bricks.py:46-48 (one discriminator pass over data and samples "
               "concatenated)"},
              {"optimizer", "adam", "pacgan_task.py:157 (Adam step rule, one for both players)"},
              {"g-lr", "0.0001", "config.py:23"},
              {"d-lr", "0.0001", "config.py:23"},
              {"beta1", "0.8", "config.py:24"},
              {"beta2", "0.999", "Blocks' Adam default (blocks/algorithms/__init__.py, Adam)"},
              {"adam-eps", "1e-08", "Blocks' Adam default (blocks/algorithms/__init__.py, Adam)"},
              {"batch-size", "100", "config.py:25"},
              {"schedule", "simultaneous",
               "pacgan_task.py:158 (ali_algorithm: both players' gradients taken at the same "
               "point and applied together)"},
              {"train-size", "100000",
               "config.py:30 (num_sample); PacGAN/pacgan/streams.py (ShuffledScheme: the "
               "points reshuffled every epoch)"},
              {"steps", "400000",
               "config.py:15 (400 epochs) x 1000 batches of 100 from 100,000 points"},
              {"eval-every", "1000",
               "pacgan_task.py:189-192 (GraphLogger and MetricLogger after every epoch of 1000 "
               "updates)"},
              {"samples", "2500", "config.py:32 (num_log_figure_sample)"},
              {"eval-samples", "2500",
               "config.py:32; PacGAN/pacgan/extensions.py:53-54, 72 (2500 samples drawn with "
               "population statistics)"},
              {"final-samples", "2500", "config.py:32 (the table's metrics are the last epoch's)"},
              {"mode-threshold", "3", "PacGAN/pacgan/extensions.py:115, 167 (dis_thre=3)"},
              {"mode-distance", "standardised",
               "PacGAN/pacgan/extensions.py:160-163 (sqrt(sum (x - mu)^2 / sigma^2))"},
              {"mode-histogram", "hq",
               "PacGAN/pacgan/extensions.py:167-168, 171-175 (only samples within the threshold "
               "enter the mode histogram)"},
          },
      .differences =
          {
              "Blocks' Adam decays beta1 as beta1 (1 - 1e-8)^(t-1) (0.8 at the start, 0.797 "
              "after 400,000 updates); divbench keeps it at 0.8.",
              "Blocks keeps a running average of the batch standard deviation (population_stdev); "
              "divbench, as PyTorch, a running average of the unbiased batch variance, with the "
              "same weight 0.05.",
              "With packing M the released code draws M separate generator batches (each with its "
              "own BatchNorm statistics) and builds 100,000 packed examples (M x 100,000 points); "
              "divbench generates the M x 100 samples in one batch and --train-size counts points: "
              "set --train-size to M x 100000 to keep 1000 updates per epoch.",
              "The released code evaluates one fixed z (MRG seed 2333) every epoch; divbench draws "
              "fresh z at each evaluation from the run's evaluation stream.",
              "pacgan_task.py is cited from 2DGrid_GAN&PacGAN/ (the ring folder's task file was "
              "not available to us); the two folders' config.py files differ only in the means "
              "and variances.",
          },
  };
}

}  // namespace divbench
