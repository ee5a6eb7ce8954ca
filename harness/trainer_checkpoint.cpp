// Trainer's checkpoint side: what a run's state is (both networks' parameters and buffers, both
// optimisers, the random streams and counters, the generator's weight average) and how it comes
// back. Resuming from it continues the run bitwise (tests/test_checkpoint.cpp,
// tests/sweep_resume_test.sh).
#include <algorithm>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "harness/trainer.hpp"
#include "models/network.hpp"

namespace divbench {
namespace {

NetworkState network_state(Model& model) {
  NetworkState state;
  for (const ParameterRef& p : model.parameters())
    state.parameters.emplace_back(p.name, std::vector<float>(p.value, p.value + p.size));
  for (const BufferRef& b : model.buffers())
    state.buffers.emplace_back(b.name, std::vector<float>(b.value, b.value + b.size));
  return state;
}

// Copies each named tensor of `state` into the tensor of the same name; every tensor of the model
// must be there with its size, and nothing else.
template <class Ref>
void restore_tensors(const std::vector<Ref>& refs,
                     const std::vector<std::pair<std::string, std::vector<float>>>& stored,
                     const char* which, const char* kind) {
  if (stored.size() != refs.size()) {
    throw std::invalid_argument(fmt::format("checkpoint: the {} has {} {}s, found {}", which,
                                            refs.size(), kind, stored.size()));
  }
  for (const Ref& r : refs) {
    const auto it = std::find_if(stored.begin(), stored.end(),
                                 [&](const auto& named) { return named.first == r.name; });
    if (it == stored.end()) {
      throw std::invalid_argument(
          fmt::format("checkpoint: the {}'s {} '{}' is missing", which, kind, r.name));
    }
    if (static_cast<Index>(it->second.size()) != r.size) {
      throw std::invalid_argument(fmt::format("checkpoint: {} {} '{}' has {} values, found {}",
                                              which, kind, r.name, r.size, it->second.size()));
    }
    std::copy(it->second.begin(), it->second.end(), r.value);
  }
}

void restore_network(Model& model, const NetworkState& state, const char* which) {
  restore_tensors(model.parameters(), state.parameters, which, "parameter");
  restore_tensors(model.buffers(), state.buffers, which, "buffer");
}

}  // namespace

void Trainer::save(Checkpoint& c) {
  c.step = steps_done_;
  c.generator = network_state(*generator_);
  c.discriminator = network_state(*discriminator_);
  c.g_optimizer = g_optimizer_->state();
  c.d_optimizer = d_optimizer_->state();
  c.rngs["data"] = data_rng_.state();
  c.rngs["noise"] = noise_rng_.state();
  c.rngs["regulariser"] = regulariser_rng_.state();
  c.counters["d_updates"] = d_updates_;
  if (training_set_ != nullptr) c.counters["train_set_served"] = training_set_->served();
  if (average_ != nullptr) c.generator_average.parameters = average_->state();
}

void Trainer::restore(const Checkpoint& c) {
  restore_network(*generator_, c.generator, "generator");
  restore_network(*discriminator_, c.discriminator, "discriminator");
  try {
    g_optimizer_->restore(c.g_optimizer);
    d_optimizer_->restore(c.d_optimizer);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("checkpoint: {}", e.what()));
  }
  for (const char* name : {"data", "noise"}) {
    if (c.rngs.count(name) == 0)
      throw std::invalid_argument(fmt::format("checkpoint: random stream '{}' is missing", name));
  }
  data_rng_ = Rng(c.rngs.at("data"));
  noise_rng_ = Rng(c.rngs.at("noise"));
  // Checkpoints written before regularisers existed have no such stream and no counters: their
  // runs drew nothing from it and updated D d-steps times per step.
  if (const auto it = c.rngs.find("regulariser"); it != c.rngs.end())
    regulariser_rng_ = Rng(it->second);
  const auto counter = [&](const char* name, long long fallback) {
    const auto it = c.counters.find(name);
    return it == c.counters.end() ? fallback : it->second;
  };
  d_updates_ = counter("d_updates", c.step * config_.d_steps);
  if (training_set_ != nullptr) {
    if (c.counters.count("train_set_served") == 0)
      throw std::invalid_argument("checkpoint: the training set's counter is missing");
    training_set_->set_served(c.counters.at("train_set_served"));
  }
  if (average_ != nullptr) {
    if (c.generator_average.parameters.empty())
      throw std::invalid_argument("checkpoint: the generator's weight average is missing");
    average_->restore(c.generator_average.parameters);
  }
  steps_done_ = c.step;
}

}  // namespace divbench
