#pragma once
// Maxout (Goodfellow et al. 2013): y_i = max_j x_{i k + j}, j < k. The input's width is k times
// the output's; unit i's k pieces are adjacent columns, as in Blocks' Maxout brick (which PacGAN's
// discriminators use) and in a reshape (batch, out, k) followed by max over the last axis.
//   forward           y_i = x_{a(i)},  a(i) = the first j with the largest x_{i k + j}
//   backward          dx_{a(i)} = dy_i, other pieces 0
//   forward tangent   ẏ_i = ẋ_{a(i)};  backward tangent ġx_{a(i)} = ḋy_i (the max is linear
//                     where the arg max is unique; at a tie the first piece takes the gradient,
//                     a subgradient, as torch.max does)
#include <vector>

#include "models/layer.hpp"

namespace divbench {

class Maxout final : public Layer {
 public:
  Maxout(Index out, Index pieces);

  Index in_dim() const override { return out_ * pieces_; }
  Index out_dim() const override { return out_; }
  Index pieces() const { return pieces_; }
  std::string describe() const override;
  void forward(ConstMatrixView x, MatrixView y, Phase phase) override;
  void backward(ConstMatrixView x, ConstMatrixView y, ConstMatrixView dy, MatrixView* dx,
                bool param_grads) override;
  void forward_tangent(ConstMatrixView x, ConstMatrixView y, ConstMatrixView x_dot,
                       MatrixView y_dot) override;
  void backward_tangent(ConstMatrixView x, ConstMatrixView x_dot, ConstMatrixView y,
                        ConstMatrixView y_dot, ConstMatrixView dy, ConstMatrixView dy_dot,
                        MatrixView* dx_dot, bool param_grads) override;

 private:
  Index out_;
  Index pieces_;
  // Column of x that won, for each output of the last forward: (capacity, out) flattened.
  std::vector<Index> arg_max_;

  // dx = 0 except dx at the winning columns, which take g. // g: (batch, out), dx: (batch, in)
  void scatter(ConstMatrixView g, MatrixView dx) const;
};

}  // namespace divbench
