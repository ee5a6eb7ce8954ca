#pragma once
// Modes of (stacked) labelled data by a classifier: a sample of `parts` concatenated inputs gets
// the mode sum_i c_i C^i, c_i the class predicted for part i (Stacked MNIST: 3 parts, C = 10,
// 1000 modes). The data's mode weights are the product of the training labels' class frequencies
// (uniform for a balanced set such as Fashion-MNIST).
#include <memory>
#include <mutex>
#include <string>

#include "datasets/mlp_classifier.hpp"
#include "datasets/mode_labeller.hpp"

namespace divbench {

class ClassifierLabeller final : public ModeLabeller {
 public:
  ClassifierLabeller(std::shared_ptr<MlpClassifier> classifier,
                     const std::vector<double>& class_frequencies, int parts, double test_accuracy,
                     std::string classifier_key = "");

  Index mode_count() const override { return mode_count_; }
  std::vector<Index> assign(ConstMatrixView x) const override;
  const std::vector<double>& mode_weights() const override { return weights_; }
  // "1000 modes: 3 part(s) x 10 classes of an MLP classifier (88.47% test accuracy, key
  // b4a88a946f089a68)": run files record it, so that a mode count names the classifier behind it.
  std::string describe() const override;
  // The classifier's accuracy on the held-out labelled data.
  double test_accuracy() const { return test_accuracy_; }

 private:
  std::shared_ptr<MlpClassifier> classifier_;
  int parts_;
  Index mode_count_ = 1;
  std::vector<double> weights_;
  double test_accuracy_;
  std::string classifier_key_;  // the classifier's cache key; "" if the caller gave none
  mutable std::mutex mutex_;  // the network's forward buffers are shared state
};

}  // namespace divbench
