#include "harness/generator_average.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

GeneratorAverage::GeneratorAverage(std::vector<ParameterRef> parameters, double decay)
    : parameters_(std::move(parameters)), decay_(static_cast<float>(decay)) {
  for (const ParameterRef& p : parameters_) average_.emplace_back(p.value, p.value + p.size);
}

void GeneratorAverage::update() {
  const float keep = decay_;
  const float take = 1.0F - decay_;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    float* avg = average_[i].data();
    const float* theta = parameters_[i].value;
    for (Index k = 0; k < parameters_[i].size; ++k) avg[k] = keep * avg[k] + take * theta[k];
  }
}

void GeneratorAverage::swap() {
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    std::swap_ranges(average_[i].begin(), average_[i].end(), parameters_[i].value);
}

std::vector<std::pair<std::string, std::vector<float>>> GeneratorAverage::state() const {
  std::vector<std::pair<std::string, std::vector<float>>> out;
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    out.emplace_back(parameters_[i].name, average_[i]);
  return out;
}

void GeneratorAverage::restore(
    const std::vector<std::pair<std::string, std::vector<float>>>& state) {
  if (state.size() != parameters_.size()) {
    throw std::invalid_argument(fmt::format(
        "checkpoint: the generator's average has {} parameters, found {}", parameters_.size(),
        state.size()));
  }
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const auto it = std::find_if(state.begin(), state.end(),
                                 [&](const auto& named) { return named.first == parameters_[i].name; });
    if (it == state.end() || it->second.size() != average_[i].size()) {
      throw std::invalid_argument(fmt::format(
          "checkpoint: the generator's average of '{}' is missing or has another size",
          parameters_[i].name));
    }
    average_[i] = it->second;
  }
}

}  // namespace divbench
