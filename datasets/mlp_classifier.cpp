#include "datasets/mlp_classifier.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/adam.hpp"
#include "common/rng.hpp"

namespace divbench {

std::string ClassifierSettings::text() const {
  return fmt::format("mlp-classifier v1 hidden={} epochs={} min_steps={} batch={} lr={} seed={}",
                     fmt::join(hidden, "-"), epochs, min_steps, batch_size, lr, seed);
}

MlpClassifier::MlpClassifier(Index input_dim, Index classes, ClassifierSettings settings)
    : settings_(std::move(settings)),
      net_(mlp_widths(input_dim, settings_.hidden, classes), Activation::parse("relu")) {
  Rng init(static_cast<std::uint64_t>(settings_.seed), "classifier.init");
  net_.initialise(init);
}

void MlpClassifier::train(const Matrix& x, const std::vector<long long>& labels) {
  if (x.cols() != input_dim() || static_cast<Index>(labels.size()) != x.rows() || x.rows() == 0) {
    throw std::invalid_argument(
        fmt::format("classifier: {} x {} inputs and {} labels for a {}-input classifier", x.rows(),
                    x.cols(), labels.size(), input_dim()));
  }
  for (const long long y : labels) {
    if (y < 0 || y >= classes()) {
      throw std::invalid_argument(
          fmt::format("classifier: label {} outside 0..{}", y, classes() - 1));
    }
  }
  Adam adam(net_.parameters(), settings_.lr, 0.9, 0.999, 1e-8);
  Rng rng(static_cast<std::uint64_t>(settings_.seed), "classifier.shuffle");
  const Index n = x.rows();
  const Index b = settings_.batch_size;
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  Matrix batch(b, input_dim());  // (b, input_dim)
  Matrix grad(b, classes());     // (b, classes)
  const long long batches = (n + b - 1) / b;
  const long long epochs =
      std::max(settings_.epochs, (settings_.min_steps + batches - 1) / batches);
  for (long long epoch = 0; epoch < epochs; ++epoch) {
    for (Index i = n - 1; i > 0; --i) {
      std::swap(order[static_cast<std::size_t>(i)],
                order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
    }
    for (Index start = 0; start < n; start += b) {
      const Index m = std::min(b, n - start);
      for (Index r = 0; r < m; ++r)
        batch.row(r) = x.row(order[static_cast<std::size_t>(start + r)]);
      const ConstMatrixView logits = net_.forward(top_rows(std::as_const(batch), m));  // (m, C)
      MatrixView g = top_rows(grad, m);
      for (Index r = 0; r < m; ++r) {
        // softmax with the max subtracted, for range
        const float top = logits.row(r).maxCoeff();
        g.row(r) = (logits.row(r).array() - top).exp().matrix();
        g.row(r) /= g.row(r).sum();
        g(r, labels[static_cast<std::size_t>(order[static_cast<std::size_t>(start + r)])]) -= 1.0F;
      }
      g /= static_cast<float>(m);
      net_.backward(view(g), {.parameters = true, .input = false});
      if (const char* fault = adam.step(); fault != nullptr)
        throw std::runtime_error(fmt::format("mode classifier training: {}", fault));
    }
  }
}

std::vector<long long> MlpClassifier::predict(ConstMatrixView x) {
  if (x.cols() != input_dim()) {
    throw std::invalid_argument(
        fmt::format("classifier: {}-D inputs for a {}-input classifier", x.cols(), input_dim()));
  }
  constexpr Index kBlock = 1024;
  std::vector<long long> out(static_cast<std::size_t>(x.rows()));
  for (Index start = 0; start < x.rows(); start += kBlock) {
    const Index m = std::min(kBlock, x.rows() - start);
    const ConstMatrixView logits =
        net_.forward(ConstMatrixView(x.data() + start * x.cols(), m, x.cols()));
    for (Index r = 0; r < m; ++r) {
      Index best = 0;
      logits.row(r).maxCoeff(&best);
      out[static_cast<std::size_t>(start + r)] = best;
    }
  }
  return out;
}

double MlpClassifier::accuracy(const Matrix& x, const std::vector<long long>& labels) {
  const std::vector<long long> predicted = predict(view(x));
  long long right = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) right += predicted[i] == labels[i] ? 1 : 0;
  return predicted.empty() ? 0.0
                           : static_cast<double>(right) / static_cast<double>(predicted.size());
}

std::vector<float> MlpClassifier::parameter_values() {
  std::vector<float> out;
  for (const ParameterRef& p : net_.parameters()) out.insert(out.end(), p.value, p.value + p.size);
  return out;
}

void MlpClassifier::set_parameter_values(const std::vector<float>& values) {
  std::size_t offset = 0;
  const auto params = net_.parameters();
  Index total = 0;
  for (const ParameterRef& p : params) total += p.size;
  if (static_cast<Index>(values.size()) != total) {
    throw std::invalid_argument(
        fmt::format("classifier: {} parameter values for {} parameters", values.size(), total));
  }
  for (const ParameterRef& p : params) {
    std::copy(values.begin() + static_cast<std::ptrdiff_t>(offset),
              values.begin() + static_cast<std::ptrdiff_t>(offset) + p.size, p.value);
    offset += static_cast<std::size_t>(p.size);
  }
}

}  // namespace divbench
