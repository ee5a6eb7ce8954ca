#include "datasets/classifier_labeller.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

ClassifierLabeller::ClassifierLabeller(std::shared_ptr<MlpClassifier> classifier,
                                       const std::vector<double>& class_frequencies, int parts,
                                       double test_accuracy, std::string classifier_key)
    : classifier_(std::move(classifier)),
      parts_(parts),
      test_accuracy_(test_accuracy),
      classifier_key_(std::move(classifier_key)) {
  const Index c = classifier_->classes();
  if (parts < 1 || static_cast<Index>(class_frequencies.size()) != c) {
    throw std::invalid_argument(fmt::format(
        "classifier modes: {} parts and {} class frequencies for {} classes", parts,
        class_frequencies.size(), c));
  }
  for (int i = 0; i < parts; ++i) mode_count_ *= c;
  weights_.assign(static_cast<std::size_t>(mode_count_), 1.0);
  for (Index mode = 0; mode < mode_count_; ++mode) {
    Index rest = mode;
    for (int i = 0; i < parts; ++i, rest /= c) {
      weights_[static_cast<std::size_t>(mode)] *= class_frequencies[static_cast<std::size_t>(rest % c)];
    }
  }
}

std::vector<Index> ClassifierLabeller::assign(ConstMatrixView x) const {
  const Index d = classifier_->input_dim();
  if (x.cols() != d * parts_) {
    throw std::invalid_argument(fmt::format("classifier modes: {}-D samples, expected {} x {}",
                                            x.cols(), parts_, d));
  }
  const std::lock_guard lock(mutex_);
  std::vector<Index> modes(static_cast<std::size_t>(x.rows()), 0);
  Matrix part(x.rows(), d);  // (n, d): part i of every sample
  Index scale = 1;
  for (int i = 0; i < parts_; ++i, scale *= classifier_->classes()) {
    part = x.middleCols(i * d, d);
    const std::vector<long long> labels = classifier_->predict(view(part));
    for (std::size_t r = 0; r < labels.size(); ++r) modes[r] += labels[r] * scale;
  }
  return modes;
}

std::string ClassifierLabeller::describe() const {
  return fmt::format(
      "{} modes: {} part(s) x {} classes of an MLP classifier ({:.2f}% test accuracy{})",
      mode_count_, parts_, classifier_->classes(), 100.0 * test_accuracy_,
      classifier_key_.empty() ? "" : ", key " + classifier_key_);
}

}  // namespace divbench
