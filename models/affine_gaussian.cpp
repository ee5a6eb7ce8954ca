#include "models/affine_gaussian.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace divbench {

AffineGaussian::AffineGaussian(Index dim)
    : mu_(RowVector::Zero(dim)),
      scale_(Matrix::Identity(dim, dim)),
      mu_grad_(RowVector::Zero(dim)),
      scale_grad_(Matrix::Zero(dim, dim)) {
  if (dim <= 0) throw std::invalid_argument("affine Gaussian dimension must be > 0");
}

void AffineGaussian::initialise(Rng& /*rng*/) {
  mu_.setZero();
  scale_.setIdentity();
}

ConstMatrixView AffineGaussian::forward(ConstMatrixView input) {
  if (input.cols() != input_dim()) {
    throw std::invalid_argument(fmt::format("affine Gaussian input has {} columns, expected {}",
                                            input.cols(), input_dim()));
  }
  batch_ = input.rows();
  input_ = input.data();
  ensure_capacity(output_, batch_, output_dim());
  MatrixView x = top_rows(output_, batch_);
  x.noalias() = input * scale_.transpose();
  x.rowwise() += mu_;
  return top_rows(std::as_const(output_), batch_);
}

ConstMatrixView AffineGaussian::backward(ConstMatrixView grad_output, Wanted wanted) {
  if (grad_output.rows() != batch_ || grad_output.cols() != output_dim()) {
    throw std::invalid_argument("affine Gaussian backward: gradient shape does not match forward");
  }
  if (wanted.parameters) {
    const ConstMatrixView z(input_, batch_, input_dim());
    mu_grad_.noalias() = grad_output.colwise().sum();
    scale_grad_.noalias() = grad_output.transpose() * z;
    // The strict upper triangle is not a parameter: its gradient is zero so it stays zero.
    scale_grad_.triangularView<Eigen::StrictlyUpper>().setZero();
  }
  if (!wanted.input) return {nullptr, 0, input_dim()};
  ensure_capacity(input_grad_, batch_, input_dim());
  MatrixView dz = top_rows(input_grad_, batch_);
  dz.noalias() = grad_output * scale_;
  return top_rows(std::as_const(input_grad_), batch_);
}

std::vector<ParameterRef> AffineGaussian::parameters() {
  return {{"mu", mu_.data(), mu_grad_.data(), mu_.size()},
          {"scale", scale_.data(), scale_grad_.data(), scale_.size()}};
}

Matrix AffineGaussian::covariance() const { return scale_ * scale_.transpose(); }

std::string AffineGaussian::describe() const {
  return fmt::format("affine Gaussian x = mu + L z, d={}", mu_.size());
}

}  // namespace divbench
