#include "harness/weight_clip.hpp"

#include <algorithm>

namespace divbench {

void WeightClip::after_update(const std::vector<ParameterRef>& d_parameters) {
  for (const ParameterRef& p : d_parameters) {
    for (Index i = 0; i < p.size; ++i) p.value[i] = std::clamp(p.value[i], -c_, c_);
  }
}

}  // namespace divbench
