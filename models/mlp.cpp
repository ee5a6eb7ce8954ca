#include "models/mlp.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/activation_layer.hpp"
#include "models/batch_norm.hpp"
#include "models/layer_norm.hpp"
#include "models/linear.hpp"
#include "models/spectral_norm.hpp"

namespace divbench {
namespace {

std::vector<Network::Named> mlp_layers(const std::vector<Index>& widths, Activation hidden,
                                       Activation output, const BlockOptions& options) {
  if (widths.size() < 2) throw std::invalid_argument("an MLP needs at least {in, out} widths");
  for (const Index w : widths) {
    if (w <= 0) throw std::invalid_argument(fmt::format("MLP widths must be > 0, found {}", w));
  }
  std::vector<Network::Named> layers;
  const std::size_t depth = widths.size() - 1;
  for (std::size_t l = 0; l < depth; ++l) {
    const bool last = l + 1 == depth;
    layers.push_back(
        linear_block(l, widths[l], widths[l + 1], last ? options.output_bias : options.bias, options));
    if (!last) append_norm(layers, l, widths[l + 1], options);
    const Activation act = last ? output : hidden;
    if (act.kind != ActivationKind::kIdentity) {
      layers.push_back(
          {fmt::format("act{}", l), std::make_unique<ActivationLayer>(widths[l + 1], act)});
    }
  }
  return layers;
}

}  // namespace

Network::Named linear_block(std::size_t index, Index in, Index out, bool bias,
                            const BlockOptions& options) {
  std::string name = fmt::format("layer{}", index);
  if (options.spectral) {
    return {std::move(name), std::make_unique<SpectralNormLinear>(in, out, bias,
                                                                  options.spectral_iterations)};
  }
  return {std::move(name), std::make_unique<Linear>(in, out, bias)};
}

void append_norm(std::vector<Network::Named>& layers, std::size_t index, Index width,
                 const BlockOptions& options) {
  std::string name = fmt::format("norm{}", index);
  switch (options.norm) {
    case NormKind::kNone:
      return;
    case NormKind::kBatch:
      layers.push_back({std::move(name), std::make_unique<BatchNorm>(width, options.norm_momentum,
                                                                     options.norm_eps)});
      return;
    case NormKind::kLayer:
      layers.push_back({std::move(name), std::make_unique<LayerNorm>(width, options.norm_eps)});
      return;
  }
}

Mlp::Mlp(const std::vector<Index>& widths, Activation hidden, Activation output,
         const BlockOptions& options, Init init, std::string description)
    : Network(mlp_layers(widths, hidden, output, options), init,
              description.empty() ? fmt::format("MLP {} hidden={} output={}",
                                                fmt::join(widths, "-"), hidden.name(),
                                                output.name())
                                  : std::move(description)) {}

}  // namespace divbench
