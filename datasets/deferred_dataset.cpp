#include "datasets/deferred_dataset.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

DeferredDataset::DeferredDataset(Builder build, std::optional<std::vector<Index>> shape)
    : build_(std::move(build)), shape_(std::move(shape)) {}

const Dataset& DeferredDataset::built() const {
  std::call_once(once_, [this] {
    std::unique_ptr<Dataset> made = build_();
    if (shape_ && made->sample_shape() != *shape_) {
      throw std::invalid_argument(fmt::format(
          "{}: samples are {}-D, not the {}-D its spec promised (files of another shape?)",
          made->describe(), made->dim(), dim()));
    }
    made_ = std::move(made);
  });
  return *made_;
}

Index DeferredDataset::dim() const {
  if (!shape_) return built().dim();
  Index d = 1;
  for (const Index s : *shape_) d *= s;
  return d;
}

std::vector<Index> DeferredDataset::sample_shape() const {
  return shape_ ? *shape_ : built().sample_shape();
}

}  // namespace divbench
