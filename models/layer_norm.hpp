#pragma once
// Layer normalisation (Ba et al. 2016): each sample standardised over its features (biased
// variance, eps inside the square root, as torch.nn.LayerNorm), then a per-feature gain and bias.
// The same in training and evaluation; it has no buffers. The standardisation is BatchNorm's
// (models/standardise.hpp) run on the transposed view, where the columns are samples.
#include "models/normalisation.hpp"

namespace divbench {

class LayerNorm final : public Normalisation {
 public:
  explicit LayerNorm(Index width, double eps = 1e-5);

  std::string describe() const override;

 private:
  void standardise(ConstMatrixView x, MatrixView xhat, Phase phase) override;
  void jacobian_times(ConstMatrixView xhat, ConstMatrixView v, MatrixView out) override;
  void jacobian_tangent(ConstMatrixView xhat, ConstMatrixView x_dot, ConstMatrixView xhat_dot,
                        ConstMatrixView a, ConstMatrixView a_dot, ConstMatrixView dx,
                        MatrixView out) override;

  float eps_;
  // (1, batch capacity): per-sample statistics in the first batch entries; grown, never shrunk.
  RowVector mean_, var_, inv_std_, s1_, s2_, s3_;
  void reserve(Index n);
};

}  // namespace divbench
