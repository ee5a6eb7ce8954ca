#include "harness/networks.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/activation.hpp"
#include "models/affine_gaussian.hpp"

namespace divbench {
namespace {

std::string joined(const std::vector<long long>& widths) { return fmt::format("{}", fmt::join(widths, "-")); }

// The reference options' activations are checked under their own names, as before specs existed.
void check_activation(const char* option, const std::string& name) {
  with_option(option, [&] { return Activation::parse(name); });
}

}  // namespace

NetworkShape generator_shape(const TrainConfig& c, Index data_dim) {
  check_activation("activation", c.activation);
  return {c.latent_dim, data_dim, joined(generator_hidden_widths(c)), c.activation, c.leaky_slope,
          c.g_output};
}

NetworkShape discriminator_shape(const TrainConfig& c, Index data_dim) {
  check_activation("activation", c.activation);
  if (!c.d_activation.empty()) check_activation("d-activation", c.d_activation);
  return {data_dim,
          1,
          joined(discriminator_hidden_widths(c)),
          c.d_activation.empty() ? c.activation : c.d_activation,
          c.leaky_slope,
          "identity"};
}

std::unique_ptr<Model> make_generator(const TrainConfig& c, Index data_dim, std::string* resolved) {
  if (c.generator == "affine") {
    if (resolved != nullptr) *resolved = "affine";
    return std::make_unique<AffineGaussian>(data_dim);
  }
  const NetworkShape shape = generator_shape(c, data_dim);
  return with_option("generator", [&] {
    return std::unique_ptr<Model>(network_registry().make(c.generator, resolved, shape));
  });
}

std::unique_ptr<Network> make_discriminator(const TrainConfig& c, Index data_dim,
                                            std::string* resolved) {
  const NetworkShape shape = discriminator_shape(c, data_dim);
  return with_option("discriminator",
                     [&] { return network_registry().make(c.discriminator, resolved, shape); });
}

}  // namespace divbench
