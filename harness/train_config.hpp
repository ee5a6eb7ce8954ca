#pragma once
// Every option of a training run, with the reference configuration as defaults:
//   G: z(16) -> 256 ReLU -> 256 ReLU -> 2;  D: 2 -> 256 ReLU -> 256 ReLU -> 1;  batch 256;
//   Adam lr 1e-4, betas (0.5, 0.999); gan-ns; one D step per G step; ring8.
// One table (train_options()) drives the command line, the run file's attributes and, later,
// sweep files, so an option is declared once.
#include <string>
#include <variant>
#include <vector>

#include <stdexcept>

#include <boost/program_options/options_description.hpp>
#include <fmt/format.h>

namespace divbench {

struct TrainConfig {
  std::string dataset = "ring8";
  std::string objective = "gan-ns";
  long long seed = 0;
  long long steps = 20000;
  long long batch_size = 256;
  long long d_steps = 1;
  std::string generator = "mlp";  // affine, or a network spec (models/network_registry.hpp)
  long long latent_dim = 16;      // for affine: resolved to the data dimension
  long long g_width = 256;
  long long g_depth = 2;
  long long d_width = 256;
  long long d_depth = 2;
  std::string activation = "relu";
  double leaky_slope = 0.2;
  std::string optimizer = "adam";
  double g_lr = 1e-4;
  double d_lr = 1e-4;
  double beta1 = 0.5;
  double beta2 = 0.999;
  double adam_eps = 1e-8;
  double momentum = 0.0;
  long long eval_every = 500;
  long long samples = 2500;
  long long eval_samples = 2500;
  long long final_samples = 10000;
  long long knn_k = 5;
  long long estimate_samples = 4096;
  double mode_threshold = 3.0;
  // Added after the first stored sweeps (OptionInfo::omit_at_default): networks for images, and
  // turning the k-NN metrics off where they cost much and say little.
  std::string g_widths;               // "" (g-depth x g-width), "256-512-1024", or "image"
  std::string d_widths;               // "" (d-depth x d-width), "1024-512-256", or "image"
  std::string g_output = "identity";  // the generator's output activation: identity or tanh
  std::string d_activation;           // "" (same as activation), relu, leaky-relu, tanh
  std::string knn_metrics = "on";     // on | off
  // Added with network specs (issue #19): the discriminator's network spec, and whether D sees
  // real and generated samples in one forward ("joint", one BatchNorm batch) or two ("separate").
  std::string discriminator = "mlp";
  std::string d_batch = "joint";
  // Added with the training methods (issue #20): a regulariser of D, the update schedule, PacGAN's
  // packing, a finite training set (0: fresh samples every batch), the generator's weight average
  // for evaluation (0: off).
  std::string regulariser = "none";
  std::string schedule = "alternating";
  long long pack = 1;
  long long train_size = 0;
  double g_ema = 0.0;
  // Mode-coverage conventions that papers differ on (metrics/mode_coverage.hpp): the distance to a
  // mode (standardised | euclidean) and which samples the mode histogram counts (hq | all).
  std::string mode_distance = "standardised";
  std::string mode_histogram = "hq";
  std::string out = "run.h5";
  // Checkpoints: every this many steps (0: never) and always on SIGTERM, to `checkpoint`
  // ("": "<out>.ckpt"). A run started with a checkpoint present continues from it.
  long long checkpoint_every = 0;
  std::string checkpoint;
};

using OptionValue = std::variant<long long, double, std::string>;

// What an option is to a run. Only `computation` options identify a run (sweep ids): the others
// change how it is stored or checkpointed, never a number it produces. Sweep files may set
// `bookkeeping` options (one value for every run); `output_path` options are chosen per run.
enum class OptionRole { computation, bookkeeping, output_path };

struct OptionInfo {
  std::string name;  // command-line name, also the attribute name in run files
  std::variant<long long TrainConfig::*, double TrainConfig::*, std::string TrainConfig::*> field;
  std::string help;
  OptionRole role = OptionRole::computation;
  // Left out of run identities while at its default value: options added after sweeps were stored
  // must not change the ids of those sweeps' runs (and a run file without the attribute means the
  // default).
  bool omit_at_default = false;
};

const std::vector<OptionInfo>& train_options();

// The hidden widths of the MLP generator and discriminator: the *-widths option when set (a
// list joined by '-' (a comma would make a sweep axis), or "image": G 256-512-1024 and
// D 1024-512-256, the fully connected GAN of
// Goodfellow et al. 2014 grown as in the Stacked MNIST literature), else depth x width.
// Throws std::invalid_argument naming the option.
std::vector<long long> generator_hidden_widths(const TrainConfig& config);
std::vector<long long> discriminator_hidden_widths(const TrainConfig& config);

// Boost.Program_options description bound to the fields of `config` (its current values become
// the defaults shown in --help).
boost::program_options::options_description train_description(TrainConfig& config);

// Each option's name and value, in table order.
std::vector<std::pair<std::string, OptionValue>> to_values(const TrainConfig& config);
// Each option's name and value as text (numbers in their shortest exact form), output paths left
// out: what identifies a run (sweep ids) and what a child `divbench train` is given.
std::vector<std::pair<std::string, std::string>> identity_texts(const TrainConfig& config);
// identity_texts as "name=value" lines: hashed into run ids, stored in checkpoints.
std::string identity_text(const TrainConfig& config);
// The same for the bookkeeping options (passed on to a child `divbench train`, not identity).
std::vector<std::pair<std::string, std::string>> bookkeeping_texts(const TrainConfig& config);

// Where the run's checkpoint lives: --checkpoint, else "<out>.ckpt".
std::string checkpoint_path(const TrainConfig& config);
// The value of option `name`; throws std::invalid_argument for an unknown name.
OptionValue get_value(const TrainConfig& config, const std::string& name);
// Sets the option `name` from `value`; throws std::invalid_argument for an unknown name or type.
void set_value(TrainConfig& config, const std::string& name, const OptionValue& value);

// Range checks that need no registry; throws std::invalid_argument naming the option.
void validate(const TrainConfig& config);

// Runs `make` and rethrows its std::invalid_argument with the option it came from ("--dataset:
// unknown dataset ...").
template <class F>
auto with_option(const char* option, F&& make) {
  try {
    return make();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("--{}: {}", option, e.what()));
  }
}

}  // namespace divbench
