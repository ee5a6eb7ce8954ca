#pragma once
// Batch normalisation (Ioffe & Szegedy 2015) of each feature, with PyTorch's conventions
// (torch.nn.BatchNorm1d): in training, x̂ uses the batch's mean and biased variance, and the
// running statistics move by
//   running_mean <- (1 - momentum) running_mean + momentum mean
//   running_var  <- (1 - momentum) running_var  + momentum var * N / (N - 1)   (unbiased)
// starting from 0 and 1; in evaluation, x̂ = (x - running_mean) / sqrt(running_var + eps), a fixed
// affine map. (PacGAN's Blocks code averages with weight 0.05 on the new batch: momentum 0.05.)
#include "models/normalisation.hpp"

namespace divbench {

class BatchNorm final : public Normalisation {
 public:
  BatchNorm(Index width, double momentum = 0.1, double eps = 1e-5);

  std::string describe() const override;
  void buffers(std::vector<BufferRef>& out, const std::string& prefix) override;
  void initialise(Rng& rng, const Init& init) override;

  const Matrix& running_mean() const { return running_mean_; }
  const Matrix& running_var() const { return running_var_; }

 private:
  void standardise(ConstMatrixView x, MatrixView xhat, Phase phase) override;
  void jacobian_times(ConstMatrixView xhat, ConstMatrixView v, MatrixView out) override;
  void jacobian_tangent(ConstMatrixView xhat, ConstMatrixView x_dot, ConstMatrixView xhat_dot,
                        ConstMatrixView a, ConstMatrixView a_dot, ConstMatrixView dx,
                        MatrixView out) override;

  float momentum_;
  float eps_;
  Matrix running_mean_, running_var_;          // (1, width)
  RowVector mean_, var_, inv_std_, s1_, s2_, s3_;  // (1, width)
};

}  // namespace divbench
