#include "harness/training_set.hpp"

#include <array>
#include <numeric>
#include <string_view>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace divbench {

TrainingSet::TrainingSet(const Dataset& dataset, Index size, std::uint64_t seed)
    : points_(size, dataset.dim()), order_(static_cast<std::size_t>(size)), seed_(seed) {
  Rng rng(seed, "train-set");
  dataset.sample(MatrixView(points_.data(), size, dataset.dim()), rng);
}

void TrainingSet::shuffle_for(long long epoch) {
  // Fisher–Yates from epoch's own stream (its name formatted on the stack: a step allocates nothing).
  std::array<char, 48> name{};
  const auto end = fmt::format_to_n(name.data(), name.size(), "train-set.order.{}", epoch);
  Rng rng(seed_, std::string_view(name.data(), end.size));
  std::iota(order_.begin(), order_.end(), Index{0});
  for (std::size_t i = order_.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.below(i));
    std::swap(order_[i - 1], order_[j]);
  }
  epoch_ = epoch;
}

void TrainingSet::sample(MatrixView out) {
  const long long n = points_.rows();
  for (Index r = 0; r < out.rows(); ++r, ++served_) {
    const long long epoch = served_ / n;
    if (epoch != epoch_) shuffle_for(epoch);
    out.row(r) = points_.row(order_[static_cast<std::size_t>(served_ % n)]);
  }
}

void TrainingSet::set_served(long long served) {
  if (served < 0) throw std::invalid_argument(fmt::format("train-set counter {} < 0", served));
  served_ = served;
}

}  // namespace divbench
