#include "models/batch_norm.hpp"

#include <utility>

#include <stdexcept>

#include <fmt/format.h>

#include "common/exact_sqrt.hpp"
#include "models/standardise.hpp"

namespace divbench {

BatchNorm::BatchNorm(Index width, double momentum, double eps)
    : Normalisation(width),
      momentum_(static_cast<float>(momentum)),
      eps_(static_cast<float>(eps)),
      running_mean_(Matrix::Zero(1, width)),
      running_var_(Matrix::Ones(1, width)) {
  if (!(momentum >= 0.0 && momentum <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("batch-norm momentum must be in [0, 1], found {}", momentum));
  }
  if (!(eps > 0.0)) throw std::invalid_argument(fmt::format("batch-norm eps must be > 0, found {}", eps));
  for (RowVector* v : {&mean_, &var_, &inv_std_, &s1_, &s2_, &s3_}) v->setZero(width);
}

std::string BatchNorm::describe() const {
  return fmt::format("batch-norm {} momentum={} eps={}", width_, momentum_, eps_);
}

void BatchNorm::initialise(Rng& rng, const Init& init) {
  Normalisation::initialise(rng, init);
  running_mean_.setZero();
  running_var_.setOnes();
}

void BatchNorm::buffers(std::vector<BufferRef>& out, const std::string& prefix) {
  out.push_back({prefix + ".running_mean", running_mean_.data(), running_mean_.size()});
  out.push_back({prefix + ".running_var", running_var_.data(), running_var_.size()});
}

void BatchNorm::standardise(ConstMatrixView x, MatrixView xhat, Phase phase) {
  const Index n = x.rows();
  if (phase == Phase::kEval) {
    inv_std_ = exact_sqrt(running_var_.row(0).array() + eps_).inverse().matrix();
    xhat = x.rowwise() - running_mean_.row(0);
    xhat.array().rowwise() *= inv_std_.array();
    return;
  }
  if (n < 2) {
    throw std::invalid_argument(
        "batch-norm in training needs a batch of at least 2 samples (its variance is 0 at 1)");
  }
  standardise::forward(x, xhat, mean_, var_, inv_std_, eps_);
  const float unbiased = static_cast<float>(n) / static_cast<float>(n - 1);
  running_mean_.row(0) = (1.0F - momentum_) * running_mean_.row(0) + momentum_ * mean_;
  running_var_.row(0) = (1.0F - momentum_) * running_var_.row(0) + (momentum_ * unbiased) * var_;
}

void BatchNorm::jacobian_times(ConstMatrixView xhat, ConstMatrixView v, MatrixView out) {
  if (phase_ == Phase::kEval) {
    out = v;
    out.array().rowwise() *= inv_std_.array();  // J = diag(1 / sqrt(running_var + eps))
    return;
  }
  standardise::jacobian_times(xhat, inv_std_, v, out, s1_, s2_);
}

void BatchNorm::jacobian_tangent(ConstMatrixView xhat, ConstMatrixView x_dot,
                                 ConstMatrixView xhat_dot, ConstMatrixView a,
                                 ConstMatrixView a_dot, ConstMatrixView dx, MatrixView out) {
  if (phase_ == Phase::kEval) {
    jacobian_times(xhat, a_dot, out);  // J is constant: J̇ = 0
    return;
  }
  standardise::backward_tangent(xhat, inv_std_, x_dot, xhat_dot, a, a_dot, dx, out, s1_, s2_,
                                s3_);
}

}  // namespace divbench
