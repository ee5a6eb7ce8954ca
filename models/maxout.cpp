#include "models/maxout.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

Maxout::Maxout(Index out, Index pieces) : out_(out), pieces_(pieces) {
  if (out <= 0 || pieces <= 0) {
    throw std::invalid_argument(
        fmt::format("maxout needs out > 0 and pieces > 0, found {} and {}", out, pieces));
  }
}

std::string Maxout::describe() const {
  return fmt::format("maxout {}->{} pieces={}", in_dim(), out_, pieces_);
}

void Maxout::forward(ConstMatrixView x, MatrixView y, Phase /*phase*/) {
  const Index batch = x.rows();
  if (static_cast<Index>(arg_max_.size()) < batch * out_) {
    arg_max_.resize(static_cast<std::size_t>(batch * out_));
  }
  for (Index r = 0; r < batch; ++r) {
    const float* row = x.data() + r * x.cols();
    for (Index i = 0; i < out_; ++i) {
      Index best = i * pieces_;
      for (Index c = best + 1; c < (i + 1) * pieces_; ++c) {
        if (row[c] > row[best]) best = c;  // strict: the first of tied pieces wins
      }
      arg_max_[static_cast<std::size_t>(r * out_ + i)] = best;
      y(r, i) = row[best];
    }
  }
}

void Maxout::scatter(ConstMatrixView g, MatrixView dx) const {
  dx.setZero();
  for (Index r = 0; r < g.rows(); ++r) {
    for (Index i = 0; i < out_; ++i) {
      dx(r, arg_max_[static_cast<std::size_t>(r * out_ + i)]) = g(r, i);
    }
  }
}

void Maxout::backward(ConstMatrixView /*x*/, ConstMatrixView /*y*/, ConstMatrixView dy,
                      MatrixView* dx, bool /*param_grads*/) {
  if (dx != nullptr) scatter(dy, *dx);
}

void Maxout::forward_tangent(ConstMatrixView /*x*/, ConstMatrixView /*y*/, ConstMatrixView x_dot,
                             MatrixView y_dot) {
  for (Index r = 0; r < x_dot.rows(); ++r) {
    for (Index i = 0; i < out_; ++i) {
      y_dot(r, i) = x_dot(r, arg_max_[static_cast<std::size_t>(r * out_ + i)]);
    }
  }
}

void Maxout::backward_tangent(ConstMatrixView /*x*/, ConstMatrixView /*x_dot*/,
                              ConstMatrixView /*y*/, ConstMatrixView /*y_dot*/,
                              ConstMatrixView /*dy*/, ConstMatrixView dy_dot, MatrixView* dx_dot,
                              bool /*param_grads*/) {
  if (dx_dot != nullptr) scatter(dy_dot, *dx_dot);
}

}  // namespace divbench
