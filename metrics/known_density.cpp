#include "metrics/known_density.hpp"

#include <stdexcept>

namespace divbench {

KnnEstimate known_density_reverse_kl(const PointsRef& generated, const Dataset& data, int k,
                                     KnnMethod method) {
  if (!data.has_log_density()) {
    throw std::invalid_argument("known-density KL needs a dataset with an exact log density");
  }
  KnnEstimate out = knn_entropy(generated, k, method);
  const Matrix as_float = generated.cast<float>();
  const double mean_log_p = data.log_density(view(as_float)).mean();
  out.value = -out.value - mean_log_p;
  return out;
}

}  // namespace divbench
