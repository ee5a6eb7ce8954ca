#include "harness/zero_centred_penalty.hpp"

namespace divbench {

double ZeroCentredPenalty::add_penalty_gradient(Network& d, const DiscriminatorBatch& batch,
                                                Rng& /*rng*/) {
  if (batch.update % every_ != 0) return 0.0;
  // φ(n) = γ/2 n², φ'(n)/n = γ.
  return penalty_.add(d, on_real_ ? batch.real : batch.fake, static_cast<double>(every_),
                      [g = gamma_](double norm) { return PenaltyTerm{g / 2.0 * norm * norm, g}; });
}

}  // namespace divbench
