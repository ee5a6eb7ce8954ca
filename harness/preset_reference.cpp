// The reference preset: divbench's own defaults (harness/train_config.hpp), the configuration of
// the published experiments. Naming it lets a sweep put a paper's preset and divbench's reference
// side by side on one axis (`preset = reference, pacgan`).
#include "harness/preset.hpp"

namespace divbench {

Preset reference_preset() {
  return {
      .name = "reference",
      .summary = "divbench's defaults: G z(16) -> 256 ReLU -> 256 ReLU -> 2, D 2 -> 256 -> 256 -> "
                 "1, batch 256, Adam 1e-4 (0.5, 0.999), gan-ns, alternating, ring8, 20000 steps",
      .reference = "divbench (harness/train_config.hpp); no released code to follow",
      .settings = {},
      .differences = {},
  };
}

}  // namespace divbench
