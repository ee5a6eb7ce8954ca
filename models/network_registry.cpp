#include "models/network_registry.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/activation_layer.hpp"
#include "models/maxout.hpp"
#include "models/mlp.hpp"

namespace divbench {
namespace {

constexpr const char* kBlockParameters =
    "norm=none (none, batch, layer), momentum=0.1 and eps=1e-05 (with norm), bias=true, "
    "output-bias=<bias>, init=pytorch (pytorch, normal:std=S, orthogonal:gain=G, glorot-uniform, "
    "he-uniform), output-init=<init> (the last linear layer's), "
    "spectral=false, iterations=1 (with spectral)";

bool parse_bool(const std::string& text, const std::string& key) {
  if (text == "true" || text == "on" || text == "1") return true;
  if (text == "false" || text == "off" || text == "0") return false;
  throw std::invalid_argument(
      fmt::format("parameter '{}': expected true or false, found '{}'", key, text));
}

// Keys every kind shares: the hidden blocks' normalisation, biases, spectral norm, and the
// initialisation. Keys that only matter with another key's value are read only then, so that the
// resolved spec names just what the network uses.
BlockOptions read_block_options(Spec& spec) {
  BlockOptions o;
  const std::string norm = spec.get_string("norm", "none");
  if (norm == "batch") {
    o.norm = NormKind::kBatch;
    o.norm_momentum = spec.get_double("momentum", 0.1);
  } else if (norm == "layer") {
    o.norm = NormKind::kLayer;
  } else if (norm != "none") {
    throw std::invalid_argument(
        fmt::format("parameter 'norm': expected none, batch or layer, found '{}'", norm));
  }
  if (o.norm != NormKind::kNone) o.norm_eps = spec.get_double("eps", 1e-5);
  o.bias = parse_bool(spec.get_string("bias", "true"), "bias");
  o.output_bias = parse_bool(spec.get_string("output-bias", o.bias ? "true" : "false"), "output-bias");
  o.spectral = parse_bool(spec.get_string("spectral", "false"), "spectral");
  if (o.spectral) o.spectral_iterations = spec.get_int("iterations", 1);
  return o;
}

Activation read_activation(Spec& spec, const std::string& key, const std::string& fallback,
                           double slope_fallback) {
  const std::string name = spec.get_string(key, fallback);
  float slope = 0.2F;
  float alpha = 1.0F;
  if (name == "leaky-relu") slope = static_cast<float>(spec.get_double("slope", slope_fallback));
  if (name == "elu") alpha = static_cast<float>(spec.get_double("alpha", 1.0));
  try {
    return Activation::parse(name, slope, alpha);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("parameter '{}': {}", key, e.what()));
  }
}

Init read_init(Spec& spec) {
  try {
    return Init::parse(spec.get_string("init", "pytorch"));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("parameter 'init': {}", e.what()));
  }
}

// output-init is read only when given, so that the resolved spec of a network without it (every
// stored run's) is unchanged.
std::unique_ptr<Network> with_output_init(Spec& spec, std::unique_ptr<Network> network) {
  if (!spec.has("output-init")) return network;
  try {
    network->set_output_init(Init::parse(spec.get_string("output-init", "")));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("parameter 'output-init': {}", e.what()));
  }
  return network;
}

std::unique_ptr<Network> make_mlp(Spec& spec, const NetworkShape& shape) {
  const std::vector<Index> hidden = parse_widths(spec.get_string("widths", shape.widths));
  const Activation act = read_activation(spec, "activation", shape.activation, shape.slope);
  const Activation output = read_activation(spec, "output", shape.output, shape.slope);
  const BlockOptions options = read_block_options(spec);
  const Init init = read_init(spec);
  const std::vector<Index> widths = mlp_widths(shape.in, hidden, shape.out);
  return with_output_init(
      spec, std::make_unique<Mlp>(widths, act, output, options, init,
                                  fmt::format("MLP {} hidden={} output={}", fmt::join(widths, "-"),
                                              act.name(), output.name())));
}

// Maxout network: each hidden block is Linear(in, width * pieces) [+ norm] + Maxout(pieces); then
// Linear(last width, out) and the output activation.
std::unique_ptr<Network> make_maxout(Spec& spec, const NetworkShape& shape) {
  const std::vector<Index> hidden = parse_widths(spec.get_string("widths", shape.widths));
  const Index pieces = spec.get_int("pieces", 5);
  if (pieces < 1) throw std::invalid_argument(fmt::format("parameter 'pieces' must be >= 1, found {}", pieces));
  const Activation output = read_activation(spec, "output", shape.output, shape.slope);
  const BlockOptions options = read_block_options(spec);
  const Init init = read_init(spec);
  std::vector<Network::Named> layers;
  Index in = shape.in;
  for (std::size_t l = 0; l < hidden.size(); ++l) {
    layers.push_back(linear_block(l, in, hidden[l] * pieces, options.bias, options));
    append_norm(layers, l, hidden[l] * pieces, options);
    layers.push_back({fmt::format("maxout{}", l), std::make_unique<Maxout>(hidden[l], pieces)});
    in = hidden[l];
  }
  layers.push_back(linear_block(hidden.size(), in, shape.out, options.output_bias, options));
  if (output.kind != ActivationKind::kIdentity) {
    layers.push_back({"output", std::make_unique<ActivationLayer>(shape.out, output)});
  }
  return with_output_init(spec, std::make_unique<Network>(
      std::move(layers), init,
      fmt::format("maxout {}-{}-{} pieces={} output={}", shape.in, fmt::join(hidden, "-"),
                  shape.out, pieces, output.name())));
}

NetworkRegistry build_registry() {
  NetworkRegistry r("network");
  r.add({"mlp",
         "multilayer perceptron: hidden blocks Linear [+ norm] + activation, then Linear + output "
         "activation",
         fmt::format("widths=<--g-widths/--d-widths> (joined by '-'), activation=<--activation> "
                     "(identity, relu, leaky-relu with slope=0.2, tanh, sigmoid, elu with "
                     "alpha=1), output=identity (generator: <--g-output>), {}",
                     kBlockParameters),
         "the reference network; BatchNorm: Ioffe & Szegedy 2015; LayerNorm: Ba et al. 2016; "
         "spectral norm: Miyato et al. 2018",
         make_mlp});
  r.add({"maxout",
         "maxout network: hidden blocks Linear(in, width x pieces) [+ norm] + maxout over the "
         "pieces, then Linear + output activation",
         fmt::format("widths=<--g-widths/--d-widths>, pieces=5, output=identity, {}",
                     kBlockParameters),
         "Goodfellow et al., Maxout Networks, ICML 2013; PacGAN's toy discriminators (Lin et al. "
         "2018)",
         make_maxout});
  return r;
}

}  // namespace

std::vector<Index> parse_widths(const std::string& text) {
  std::vector<Index> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const auto dash = text.find('-', start);
    const std::string item = text.substr(start, dash == std::string::npos ? dash : dash - start);
    const long long w = parse_int(item, "a width in 'widths'");
    if (w <= 0) {
      throw std::invalid_argument(fmt::format("parameter 'widths': widths must be > 0, found {} in '{}'", w, text));
    }
    out.push_back(w);
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  return out;
}

const NetworkRegistry& network_registry() {
  static const NetworkRegistry registry = build_registry();
  return registry;
}

}  // namespace divbench
