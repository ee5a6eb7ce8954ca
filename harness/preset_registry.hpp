#pragma once
// Every preset divbench knows, listed explicitly in preset_registry.cpp: adding one is one file
// (a function returning its Preset) plus one line there; the preset tests loop over this list.
#include <string_view>
#include <vector>

#include "harness/preset.hpp"

namespace divbench {

const std::vector<Preset>& presets();

// Throws std::invalid_argument for an unknown name, with the nearest name and every known one.
const Preset& find_preset(std::string_view name);

}  // namespace divbench
