#include "harness/dragan_penalty.hpp"

#include <cmath>

namespace divbench {

double DraganPenalty::add_penalty_gradient(Network& d, const DiscriminatorBatch& batch, Rng& rng) {
  const ConstMatrixView& real = batch.real;
  const Index n = real.rows();
  const double count = static_cast<double>(real.size());
  const double mean = real.cast<double>().sum() / count;
  const double squares = (real.cast<double>().array() - mean).square().sum();
  const bool compare_gan = perturbation_ == DraganPerturbation::kCompareGan;
  const double sigma = std::sqrt(squares / (compare_gan ? count : std::max(count - 1.0, 1.0)));

  ensure_capacity(points_, n, real.cols());
  MatrixView x = top_rows(points_, n);
  rng.fill_uniform(x.data(), x.size(), 0.0F, 1.0F);  // U
  if (compare_gan) {
    x = real + (static_cast<float>(sigma) * (x.array() - 0.5F)).matrix();
    constexpr double kSmoothing = 1e-4;  // compare_gan's slope sqrt(‖g‖² + 1e-4)
    return penalty_.add(d, ConstMatrixView(x.data(), n, x.cols()), lambda_, [](double norm) {
      const double s = std::sqrt(norm * norm + kSmoothing);
      return PenaltyTerm{(s - 1.0) * (s - 1.0), 2.0 * (s - 1.0) / s};
    });
  }
  alpha_.resize(static_cast<std::size_t>(n));
  rng.fill_uniform(alpha_.data(), n, 0.0F, 1.0F);
  for (Index i = 0; i < n; ++i) {
    x.row(i) = real.row(i) + (alpha_[static_cast<std::size_t>(i)] * 0.5F *
                              static_cast<float>(sigma)) * x.row(i);
  }
  return penalty_.add(d, ConstMatrixView(x.data(), n, x.cols()), lambda_, [](double norm) {
    return PenaltyTerm{(norm - 1.0) * (norm - 1.0), norm > 0.0 ? 2.0 * (norm - 1.0) / norm : 0.0};
  });
}

}  // namespace divbench
