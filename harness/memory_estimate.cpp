#include "harness/memory_estimate.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "common/spec.hpp"

namespace divbench {
namespace {

constexpr double kFloat = 4.0;
constexpr double kDouble = 8.0;

// Widths of every layer, input to output, as doubles (products of huge widths overflow integers).
std::vector<double> layer_widths(double in, const std::vector<long long>& hidden, double out) {
  std::vector<double> w{in};
  for (const long long h : hidden) w.push_back(static_cast<double>(h));
  w.push_back(out);
  return w;
}

// The widths of a network spec's Linear layers between input and output: its `widths` parameter
// (times `pieces` for maxout) when given, else the reference options' (`legacy`). A spec that does
// not parse is left to the network registry, which names what is wrong.
std::vector<long long> spec_hidden_widths(const std::string& text, std::vector<long long> legacy,
                                          bool* from_spec) {
  *from_spec = false;
  try {
    const Spec spec = Spec::parse(text);
    long long pieces = 1;
    if (spec.name() == "maxout") {
      pieces = spec.has("pieces") ? parse_int(spec.params().at("pieces"), "pieces") : 5;
    }
    if (spec.has("widths")) {
      legacy.clear();
      const std::string& w = spec.params().at("widths");
      for (std::size_t start = 0; start <= w.size();) {
        const std::size_t dash = std::min(w.find('-', start), w.size());
        legacy.push_back(parse_int(w.substr(start, dash - start), "widths"));
        start = dash + 1;
      }
      *from_spec = true;
    }
    for (long long& h : legacy) h *= std::max(pieces, 1LL);
  } catch (const std::invalid_argument&) {
  }
  return legacy;
}

double parameters(const std::vector<double>& w) {
  double n = 0.0;
  for (std::size_t i = 0; i + 1 < w.size(); ++i) n += w[i] * w[i + 1] + w[i + 1];
  return n;
}

double units(const std::vector<double>& w) {
  double n = 0.0;
  for (const double x : w) n += x;
  return n;
}

}  // namespace

MemoryEstimate estimate_memory(const TrainConfig& c, long long dim) {
  const auto d = static_cast<double>(dim);
  const bool affine = c.generator == "affine";
  bool from_spec = false;
  const std::vector<double> g =
      affine ? std::vector<double>{d, d}
             : layer_widths(static_cast<double>(c.latent_dim),
                            spec_hidden_widths(c.generator, generator_hidden_widths(c), &from_spec),
                            d);
  const std::vector<double> dw = layer_widths(
      d, spec_hidden_widths(c.discriminator, discriminator_hidden_widths(c), &from_spec), 1.0);
  MemoryEstimate e;
  // value, gradient, first and second moment per parameter
  e.generator_parameter_bytes = 4.0 * kFloat * parameters(g);
  e.parameter_bytes = e.generator_parameter_bytes + 4.0 * kFloat * parameters(dw);
  // Each layer keeps its output and the gradient flowing back: G over a batch, D over 2 batches.
  const auto b = static_cast<double>(c.batch_size);
  e.activation_bytes = 2.0 * kFloat * (b * units(g) + 2.0 * b * units(dw));
  // Data and generated samples of the largest evaluation, in float and (k-NN) double.
  const auto n = static_cast<double>(std::max({c.eval_samples, c.final_samples, c.samples}));
  e.evaluation_bytes = 2.0 * n * d * (kFloat + (c.knn_metrics == "on" ? kDouble : 0.0));
  return e;
}

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kib = 0.0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024.0;
  }
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

void check_memory(const TrainConfig& c, long long dim, double available) {
  const MemoryEstimate e = estimate_memory(c, dim);
  if (e.total() <= available) return;
  std::string option;
  std::string part;
  if (e.activation_bytes >= e.parameter_bytes && e.activation_bytes >= e.evaluation_bytes) {
    option = fmt::format("--batch-size {}", c.batch_size);
    part = fmt::format("{:.1e} bytes for one step's activations", e.activation_bytes);
  } else if (e.parameter_bytes >= e.evaluation_bytes) {
    // the network with more parameters
    const bool generator = e.generator_parameter_bytes >= e.parameter_bytes / 2.0;
    const bool listed = !(generator ? c.g_widths : c.d_widths).empty();
    bool from_spec = false;
    spec_hidden_widths(generator ? c.generator : c.discriminator, {}, &from_spec);
    option = from_spec ? fmt::format("--{} {}", generator ? "generator" : "discriminator",
                                     generator ? c.generator : c.discriminator)
                       : fmt::format("--{}-{} {}", generator ? "g" : "d", listed ? "widths" : "width",
                                     listed ? (generator ? c.g_widths : c.d_widths)
                                            : std::to_string(generator ? c.g_width : c.d_width));
    part = fmt::format("{:.1e} bytes for the networks' parameters, gradients and Adam moments",
                       e.parameter_bytes);
  } else {
    option = fmt::format("--final-samples {} / --eval-samples {}", c.final_samples, c.eval_samples);
    part = fmt::format("{:.1e} bytes for the evaluation's samples", e.evaluation_bytes);
  }
  throw std::invalid_argument(fmt::format(
      "{}: the run's buffers need at least {:.1e} bytes ({}), more than the {:.1f} GB of memory "
      "available here",
      option, e.total(), part, available / 1e9));
}

}  // namespace divbench
