#pragma once
// A run's generator and discriminator from its options: `--generator` and `--discriminator` are
// network specs (models/network_registry.hpp), or `affine` for the generator; an unparameterised
// "mlp" takes its widths and activations from the reference options (--g-widths, --g-depth,
// --activation, --g-output, ...), so the networks of runs stored before specs existed are built
// exactly as they were.
#include <memory>
#include <string>

#include "harness/train_config.hpp"
#include "models/model.hpp"
#include "models/network_registry.hpp"

namespace divbench {

NetworkShape generator_shape(const TrainConfig& config, Index data_dim);
NetworkShape discriminator_shape(const TrainConfig& config, Index data_dim);

// The networks, uninitialised; `resolved` receives the spec with every parameter it used.
// Throws std::invalid_argument naming the option ("--generator: ...").
std::unique_ptr<Model> make_generator(const TrainConfig& config, Index data_dim,
                                      std::string* resolved);
std::unique_ptr<Network> make_discriminator(const TrainConfig& config, Index data_dim,
                                          std::string* resolved);

}  // namespace divbench
