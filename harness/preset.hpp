#pragma once
// A preset: a named bundle of option values copied, setting by setting, from a paper's released
// code (`--preset NAME`, sweep key `preset`). Every value carries where the released code sets it
// (file and line) and every deliberate difference is stated; docs/presets.md is the same table
// for readers, and a test holds the two together.
//
// A preset only sets defaults: options given explicitly (on the command line, or as keys of a
// sweep file) override it, and a run's identity is its resolved options, so a preset gives the
// same run id as its options spelt out.
#include <string>
#include <string_view>
#include <vector>

#include "harness/train_config.hpp"

namespace divbench {

struct PresetSetting {
  std::string option;  // a `divbench train` option
  std::string value;   // its value as written on the command line
  std::string source;  // where the released code sets it ("file:line ..."), or why divbench chose it
};

struct Preset {
  std::string name;
  std::string summary;    // one line
  std::string reference;  // the paper, and the repository and commit of its released code
  std::vector<PresetSetting> settings;
  std::vector<std::string> differences;  // deliberate differences from the released code
};

// Sets each of the preset's options in `config`, in the preset's order. Throws
// std::invalid_argument naming the preset and option when a value does not parse.
void apply_preset(TrainConfig& config, const Preset& preset);

// The typed value of option `name` from its text: integers and numbers parsed, text as is. Throws
// std::invalid_argument for an unknown option or a malformed number.
OptionValue parse_option_value(const std::string& name, const std::string& text);

}  // namespace divbench
