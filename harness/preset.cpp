#include "harness/preset.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "common/spec.hpp"

namespace divbench {

OptionValue parse_option_value(const std::string& name, const std::string& text) {
  for (const auto& o : train_options()) {
    if (o.name != name) continue;
    if (std::holds_alternative<long long TrainConfig::*>(o.field)) return parse_int(text, name);
    if (std::holds_alternative<double TrainConfig::*>(o.field)) return parse_double(text, name);
    return text;
  }
  throw std::invalid_argument(fmt::format("unknown option '{}'", name));
}

void apply_preset(TrainConfig& config, const Preset& preset) {
  for (const PresetSetting& s : preset.settings) {
    try {
      set_value(config, s.option, parse_option_value(s.option, s.value));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(
          fmt::format("preset '{}', option '{}': {}", preset.name, s.option, e.what()));
    }
  }
}

}  // namespace divbench
