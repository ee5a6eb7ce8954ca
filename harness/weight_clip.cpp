#include "harness/weight_clip.hpp"

#include <algorithm>
#include <cmath>

namespace divbench {

void WeightClip::after_update(const std::vector<ParameterRef>& d_parameters) {
  for (const ParameterRef& p : d_parameters) {
    for (Index i = 0; i < p.size; ++i) p.value[i] = std::clamp(p.value[i], -c_, c_);
  }
}

void WeightClip::project_adjoint(const std::vector<std::vector<float>>& after,
                                 std::vector<std::vector<double>>& adjoint) const {
  for (std::size_t i = 0; i < after.size(); ++i) {
    for (std::size_t e = 0; e < after[i].size(); ++e) {
      if (!(std::abs(after[i][e]) < c_)) adjoint[i][e] = 0.0;
    }
  }
}

}  // namespace divbench
