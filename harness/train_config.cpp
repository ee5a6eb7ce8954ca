#include "harness/train_config.hpp"

#include <stdexcept>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "common/spec.hpp"

namespace divbench {

namespace po = boost::program_options;
using C = TrainConfig;

const std::vector<OptionInfo>& train_options() {
  static const std::vector<OptionInfo> kOptions = {
      {"dataset", &C::dataset, "dataset name or spec, e.g. ring8, grid25, ring:k=12,std=0.05"},
      {"objective", &C::objective, "objective name or spec (see 'divbench list objectives')"},
      {"seed", &C::seed, "run seed; every random stream is derived from it"},
      {"steps", &C::steps, "generator updates"},
      {"batch-size", &C::batch_size, "samples per batch, real and generated alike"},
      {"d-steps", &C::d_steps, "discriminator updates per generator update"},
      {"generator", &C::generator,
       "generator: affine (x = mu + L z) or a network spec, e.g. mlp, "
       "mlp:widths=400-400,norm=batch,bias=false (see 'divbench list networks')"},
      {"latent-dim", &C::latent_dim, "latent dimension of the MLP generator"},
      {"g-width", &C::g_width, "generator hidden width"},
      {"g-depth", &C::g_depth, "generator hidden layers"},
      {"d-width", &C::d_width, "discriminator hidden width"},
      {"d-depth", &C::d_depth, "discriminator hidden layers"},
      {"activation", &C::activation, "hidden activation: relu, leaky-relu, tanh"},
      {"leaky-slope", &C::leaky_slope, "negative slope of leaky-relu"},
      {"optimizer", &C::optimizer, "adam or sgd"},
      {"g-lr", &C::g_lr, "generator learning rate"},
      {"d-lr", &C::d_lr, "discriminator learning rate"},
      {"beta1", &C::beta1, "Adam beta1"},
      {"beta2", &C::beta2, "Adam beta2"},
      {"adam-eps", &C::adam_eps, "Adam epsilon"},
      {"momentum", &C::momentum, "SGD momentum"},
      {"eval-every", &C::eval_every, "record a curve point every this many steps"},
      {"samples", &C::samples, "generated samples stored at the end of the run"},
      {"eval-samples", &C::eval_samples,
       "generated and data samples for the metrics at each evaluation (every --eval-every steps)"},
      {"final-samples", &C::final_samples,
       "generated and data samples for the final evaluation (stored in /final)"},
      {"knn-k", &C::knn_k, "k of the k-NN KL and entropy estimators"},
      {"estimate-samples", &C::estimate_samples,
       "held-out data and generated samples for the objective's divergence estimates at each "
       "evaluation"},
      {"mode-threshold", &C::mode_threshold,
       "standardised distance below which a sample is high quality"},
      {"g-widths", &C::g_widths,
       "generator hidden widths joined by '-', e.g. 256-512-1024, or 'image' (256-512-1024); "
       "overrides g-width and g-depth",
       OptionRole::computation, true},
      {"d-widths", &C::d_widths,
       "discriminator hidden widths joined by '-', e.g. 1024-512-256, or 'image' (1024-512-256); "
       "overrides d-width and d-depth",
       OptionRole::computation, true},
      {"g-output", &C::g_output,
       "generator output activation: identity, or tanh for data scaled to [-1, 1] (images)",
       OptionRole::computation, true},
      {"d-activation", &C::d_activation,
       "discriminator hidden activation when it differs from --activation (e.g. leaky-relu)",
       OptionRole::computation, true},
      {"knn-metrics", &C::knn_metrics,
       "on: the k-NN KL, entropy and precision/recall metrics at each evaluation; off: skip them "
       "(high-dimensional data)",
       OptionRole::computation, true},
      {"discriminator", &C::discriminator,
       "discriminator network spec, e.g. mlp, mlp:spectral=true, maxout:widths=200-200-200,pieces=5 "
       "(see 'divbench list networks')",
       OptionRole::computation, true},
      {"d-batch", &C::d_batch,
       "joint: the discriminator sees real and generated samples in one forward (one batch for "
       "BatchNorm's statistics); separate: in two forwards, real then generated",
       OptionRole::computation, true},
      {"regulariser", &C::regulariser,
       "discriminator regulariser spec: none, gp, r1, r2, dragan, clip, e.g. gp:lambda=10, "
       "r1:gamma=1,every=16 (see 'divbench list regularisers')",
       OptionRole::computation, true},
      {"schedule", &C::schedule,
       "update schedule: alternating (d-steps D updates, then G), simultaneous, lookahead:k=5, "
       "unrolled:k=5 (see 'divbench list schedules')",
       OptionRole::computation, true},
      {"pack", &C::pack,
       "PacGAN packing: D sees this many samples concatenated; each step draws pack x batch-size "
       "real and generated samples",
       OptionRole::computation, true},
      {"train-size", &C::train_size,
       "train on this many points drawn once from the dataset, reshuffled every epoch (0: fresh "
       "samples for every batch); metrics still use the true distribution",
       OptionRole::computation, true},
      {"g-ema", &C::g_ema,
       "evaluate an exponential moving average of the generator's weights with this decay (0: "
       "off), e.g. 0.999",
       OptionRole::computation, true},
      {"mode-distance", &C::mode_distance,
       "mode coverage: standardised (sqrt(sum_j (x_j - mu_j)^2 / s_j^2) < mode-threshold, PacGAN) "
       "or euclidean (||x - mu|| < mode-threshold x s, VEEGAN)",
       OptionRole::computation, true},
      {"mode-histogram", &C::mode_histogram,
       "mode coverage: the mode-histogram KLs count hq (high-quality) samples or all samples "
       "(each at its nearest mode)",
       OptionRole::computation, true},
      {"out", &C::out, "output HDF5 file", OptionRole::output_path},
      {"checkpoint-every", &C::checkpoint_every,
       "save the whole training state every this many steps (0: only on SIGTERM)",
       OptionRole::bookkeeping},
      {"checkpoint", &C::checkpoint,
       "checkpoint file (default: OUT.ckpt); a run that finds one continues from it",
       OptionRole::output_path},
  };
  return kOptions;
}

po::options_description train_description(TrainConfig& config) {
  po::options_description desc("Training options");
  for (const auto& option : train_options()) {
    std::visit(
        [&](auto field) {
          using T = std::remove_reference_t<decltype(config.*field)>;
          desc.add_options()(option.name.c_str(),
                             po::value<T>(&(config.*field))->default_value(config.*field),
                             option.help.c_str());
        },
        option.field);
  }
  return desc;
}

std::vector<std::pair<std::string, OptionValue>> to_values(const TrainConfig& config) {
  std::vector<std::pair<std::string, OptionValue>> out;
  for (const auto& option : train_options()) {
    std::visit([&](auto field) { out.emplace_back(option.name, OptionValue(config.*field)); },
               option.field);
  }
  return out;
}

namespace {

std::vector<std::pair<std::string, std::string>> texts_of(const TrainConfig& config,
                                                          OptionRole role) {
  const auto values = to_values(config);  // in train_options() order
  const auto defaults = to_values(TrainConfig{});
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (train_options()[i].role != role) continue;
    if (train_options()[i].omit_at_default && values[i].second == defaults[i].second) continue;
    out.emplace_back(values[i].first, std::visit([](const auto& v) { return fmt::format("{}", v); },
                                                 values[i].second));
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> identity_texts(const TrainConfig& config) {
  return texts_of(config, OptionRole::computation);
}

std::string identity_text(const TrainConfig& config) {
  std::string text;
  for (const auto& [name, value] : identity_texts(config))
    text += fmt::format("{}={}\n", name, value);
  return text;
}

std::vector<std::pair<std::string, std::string>> bookkeeping_texts(const TrainConfig& config) {
  return texts_of(config, OptionRole::bookkeeping);
}

std::string checkpoint_path(const TrainConfig& config) {
  return config.checkpoint.empty() ? config.out + ".ckpt" : config.checkpoint;
}

OptionValue get_value(const TrainConfig& config, const std::string& name) {
  for (const auto& option : train_options()) {
    if (option.name == name)
      return std::visit([&](auto field) { return OptionValue(config.*field); }, option.field);
  }
  throw std::invalid_argument(fmt::format("unknown option '{}'", name));
}

void set_value(TrainConfig& config, const std::string& name, const OptionValue& value) {
  for (const auto& option : train_options()) {
    if (option.name != name) continue;
    std::visit(
        [&](auto field) {
          using T = std::remove_reference_t<decltype(config.*field)>;
          if (!std::holds_alternative<T>(value)) {
            throw std::invalid_argument(fmt::format("option '{}' has the wrong type", name));
          }
          config.*field = std::get<T>(value);
        },
        option.field);
    return;
  }
  throw std::invalid_argument(fmt::format("unknown option '{}'", name));
}

namespace {

void require(bool ok, const char* option, const std::string& expected, const std::string& found) {
  if (!ok)
    throw std::invalid_argument(
        fmt::format("--{}: expected {}, found {}", option, expected, found));
}

}  // namespace

namespace {

std::vector<long long> hidden_widths(const std::string& text, long long width, long long depth,
                                     const std::vector<long long>& image, const char* option) {
  if (text.empty()) {
    return std::vector<long long>(static_cast<std::size_t>(std::max(0LL, depth)), width);
  }
  std::vector<long long> out;
  if (text == "image") return image;
  std::size_t start = 0;
  while (true) {
    const auto dash = text.find('-', start);
    const std::string item = text.substr(start, dash == std::string::npos ? dash : dash - start);
    long long w = 0;
    try {
      w = parse_int(item, option);
    } catch (const std::invalid_argument&) {
      w = 0;
    }
    require(w >= 1, option, "'image' or integers >= 1 joined by '-'", "'" + text + "'");
    out.push_back(w);
    if (dash == std::string::npos) return out;
    start = dash + 1;
  }
}

}  // namespace

std::vector<long long> generator_hidden_widths(const TrainConfig& c) {
  return hidden_widths(c.g_widths, c.g_width, c.g_depth, {256, 512, 1024}, "g-widths");
}

std::vector<long long> discriminator_hidden_widths(const TrainConfig& c) {
  return hidden_widths(c.d_widths, c.d_width, c.d_depth, {1024, 512, 256}, "d-widths");
}

void validate(const TrainConfig& c) {
  require(c.seed >= 0, "seed", "an integer >= 0", std::to_string(c.seed));
  require(c.steps >= 1, "steps", "an integer >= 1", std::to_string(c.steps));
  require(c.batch_size >= 1, "batch-size", "an integer >= 1", std::to_string(c.batch_size));
  require(c.d_steps >= 1, "d-steps", "an integer >= 1", std::to_string(c.d_steps));
  require(!c.generator.empty(), "generator", "affine or a network spec", "an empty string");
  require(!c.discriminator.empty(), "discriminator", "a network spec", "an empty string");
  require(c.d_batch == "joint" || c.d_batch == "separate", "d-batch", "joint or separate",
          "'" + c.d_batch + "'");
  require(!c.regulariser.empty(), "regulariser", "a regulariser spec (none, gp, ...)",
          "an empty string");
  require(!c.schedule.empty(), "schedule", "a schedule spec (alternating, ...)", "an empty string");
  require(c.pack >= 1, "pack", "an integer >= 1", std::to_string(c.pack));
  require(c.train_size >= 0, "train-size", "an integer >= 0 (0: fresh samples)",
          std::to_string(c.train_size));
  require(c.g_ema >= 0.0 && c.g_ema < 1.0, "g-ema", "a decay in [0, 1) (0: off)",
          fmt::format("{}", c.g_ema));
  require(c.latent_dim >= 1, "latent-dim", "an integer >= 1", std::to_string(c.latent_dim));
  require(c.g_width >= 1, "g-width", "an integer >= 1", std::to_string(c.g_width));
  require(c.g_depth >= 0, "g-depth", "an integer >= 0", std::to_string(c.g_depth));
  require(c.d_width >= 1, "d-width", "an integer >= 1", std::to_string(c.d_width));
  require(c.d_depth >= 0, "d-depth", "an integer >= 0", std::to_string(c.d_depth));
  require(c.eval_every >= 1, "eval-every", "an integer >= 1", std::to_string(c.eval_every));
  require(c.samples >= 1, "samples", "an integer >= 1", std::to_string(c.samples));
  require(c.knn_k >= 1, "knn-k", "an integer >= 1", std::to_string(c.knn_k));
  require(c.eval_samples > c.knn_k + 1, "eval-samples",
          fmt::format("an integer > knn-k + 1 = {}", c.knn_k + 1), std::to_string(c.eval_samples));
  require(c.final_samples > c.knn_k + 1, "final-samples",
          fmt::format("an integer > knn-k + 1 = {}", c.knn_k + 1), std::to_string(c.final_samples));
  require(c.estimate_samples >= 1, "estimate-samples", "an integer >= 1",
          std::to_string(c.estimate_samples));
  require(c.mode_threshold > 0.0, "mode-threshold", "a number > 0",
          fmt::format("{}", c.mode_threshold));
  generator_hidden_widths(c);
  discriminator_hidden_widths(c);
  require(c.g_output == "identity" || c.g_output == "tanh", "g-output", "identity or tanh",
          "'" + c.g_output + "'");
  require(c.knn_metrics == "on" || c.knn_metrics == "off", "knn-metrics", "on or off",
          "'" + c.knn_metrics + "'");
  require(c.mode_distance == "standardised" || c.mode_distance == "euclidean", "mode-distance",
          "standardised or euclidean", "'" + c.mode_distance + "'");
  require(c.mode_histogram == "hq" || c.mode_histogram == "all", "mode-histogram", "hq or all",
          "'" + c.mode_histogram + "'");
  require(!c.out.empty(), "out", "a file path", "an empty string");
  require(c.checkpoint_every >= 0, "checkpoint-every", "an integer >= 0",
          std::to_string(c.checkpoint_every));
}

}  // namespace divbench
