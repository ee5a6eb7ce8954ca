#pragma once
// The sweep file's syntax (harness/sweep.hpp shows it): the global keys, with their values as
// written (type-checked, ranges expanded), and the override sections [KEY.VALUE] with theirs.
// What the keys mean for runs (presets, overrides, the Cartesian product) is parse_sweep's.
#include <string>
#include <vector>

#include "harness/train_config.hpp"

namespace divbench {

// Not an option of a run: it names the bundle of defaults the run's options start from.
inline const std::string kPresetKey = "preset";

struct SweepEntry {
  std::string key;
  std::vector<std::string> values;  // type-checked text, ranges expanded
  int line = 0;
};

struct SweepSection {
  std::string kind;  // "" (global), "objective", "dataset" or another option's name
  std::string name;  // the objective or dataset it applies to, or the option's value as written
  int line = 0;
  std::vector<SweepEntry> entries;
  OptionValue value;  // the option's typed value (sections of other options)
};

// The file's sections: the first is the global one (kind ""), then each [KEY.VALUE] in file
// order. Throws SweepError naming the file, the line and the key: unknown keys or sections,
// malformed values or ranges, repeated keys or values, an axis inside a section, an axis of a
// bookkeeping option, or more than `max_runs` runs in the global section's product.
std::vector<SweepSection> parse_sweep_sections(const std::string& text, const std::string& path,
                                               std::size_t max_runs);

}  // namespace divbench
