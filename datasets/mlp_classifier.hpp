#pragma once
// The classifier that names the modes of labelled real data (Stacked MNIST protocol: Metz et al.,
// Unrolled GANs, ICLR 2017; Srivastava et al., VEEGAN, NeurIPS 2017): an MLP on the labelled
// training set, trained by softmax cross-entropy with Adam,
//   loss = -(1/b) sum_i log softmax(z_i)_{y_i},   dloss/dz_i = (softmax(z_i) - onehot(y_i)) / b.
// Training is deterministic (fixed seed, fixed shuffles), so a cached classifier and a freshly
// trained one are the same bits.
#include <string>
#include <vector>

#include "models/mlp.hpp"

namespace divbench {

struct ClassifierSettings {
  std::vector<Index> hidden = {256};
  long long epochs = 10;
  // Small data sets get more epochs, up to this many updates in all (Fashion-MNIST's 10 epochs
  // are 4690 already).
  long long min_steps = 2000;
  long long batch_size = 128;
  double lr = 1e-3;
  long long seed = 0;

  // Every setting as text: part of the cache key.
  std::string text() const;
};

class MlpClassifier {
 public:
  MlpClassifier(Index input_dim, Index classes, ClassifierSettings settings);

  // Trains from the initial weights: x (n, input_dim), labels in [0, classes).
  void train(const Matrix& x, const std::vector<long long>& labels);
  // The most probable class of each row of x (n, input_dim); rows are processed in blocks.
  std::vector<long long> predict(ConstMatrixView x);
  // Fraction of rows whose prediction equals the label.
  double accuracy(const Matrix& x, const std::vector<long long>& labels);

  Index input_dim() const { return net_.input_dim(); }
  Index classes() const { return net_.output_dim(); }
  const ClassifierSettings& settings() const { return settings_; }
  // Every parameter, flat, in Mlp::parameters() order (for the cache).
  std::vector<float> parameter_values();
  void set_parameter_values(const std::vector<float>& values);

 private:
  ClassifierSettings settings_;
  Mlp net_;
};

}  // namespace divbench
