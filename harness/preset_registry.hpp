#pragma once
// Every preset divbench knows, listed explicitly in preset_registry.cpp: adding one is one file
// (a function returning its Preset) plus one line there; the preset tests loop over this list.
#include <string>
#include <string_view>
#include <vector>

#include "harness/preset.hpp"

namespace divbench {

const std::vector<Preset>& presets();

// Throws std::invalid_argument for an unknown name, with the nearest name and every known one.
const Preset& find_preset(std::string_view name);

// `divbench train`'s --preset among command-line arguments, read before the other options: when
// present, its values become config's (the defaults that the explicit options then override).
// Returns the preset's name ("" without one); throws std::invalid_argument "--preset: ..." for an
// unknown name.
std::string apply_preset_argument(TrainConfig& config, const std::vector<std::string>& args);

}  // namespace divbench
