#pragma once
// Fully connected layer y = x W + b, batch-major.
#include "models/model.hpp"

namespace divbench {

class Linear {
 public:
  Linear(Index in, Index out);

  Index in() const { return weight_.rows(); }
  Index out() const { return weight_.cols(); }

  // PyTorch's nn.Linear default (reset_parameters): kaiming_uniform_(a = sqrt 5) on the weight,
  // which is U(-1/sqrt(in), 1/sqrt(in)), and the same bound for the bias.
  void initialise(Rng& rng);

  // y = x W + 1 b^T.  x: (batch, in), y: (batch, out)
  void forward(ConstMatrixView x, MatrixView y) const;
  // dW = x^T dy  (in, out);  db = 1^T dy  (1, out);  dx = dy W^T  (batch, in) when dx has rows.
  void backward(ConstMatrixView x, ConstMatrixView dy, MatrixView* dx, bool param_grads);

  void append_parameters(std::vector<ParameterRef>& out, const std::string& prefix);

  Matrix& weight() { return weight_; }
  RowVector& bias() { return bias_; }
  const Matrix& weight_grad() const { return weight_grad_; }
  const RowVector& bias_grad() const { return bias_grad_; }

 private:
  Matrix weight_;        // (in, out)
  RowVector bias_;       // (1, out)
  Matrix weight_grad_;   // (in, out)
  RowVector bias_grad_;  // (1, out)
};

}  // namespace divbench
