#include "harness/gradient_penalty.hpp"

namespace divbench {

double GradientPenalty::add_penalty_gradient(Network& d, const DiscriminatorBatch& batch,
                                             Rng& rng) {
  const Index n = batch.real.rows();
  ensure_capacity(points_, n, batch.real.cols());
  epsilon_.resize(static_cast<std::size_t>(n));
  rng.fill_uniform(epsilon_.data(), n, 0.0F, 1.0F);
  MatrixView x = top_rows(points_, n);
  for (Index i = 0; i < n; ++i) {
    x.row(i) = batch.real.row(i) + epsilon_[static_cast<std::size_t>(i)] *
                                       (batch.fake.row(i) - batch.real.row(i));
  }
  return penalty_.add(d, ConstMatrixView(x.data(), n, x.cols()), lambda_, [t = target_](double norm) {
    return PenaltyTerm{(norm - t) * (norm - t), norm > 0.0 ? 2.0 * (norm - t) / norm : 0.0};
  });
}

}  // namespace divbench
