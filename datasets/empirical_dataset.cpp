#include "datasets/empirical_dataset.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {

EmpiricalDataset::EmpiricalDataset(std::string description, std::shared_ptr<const Matrix> rows,
                                   std::vector<Index> part_shape, int parts,
                                   std::shared_ptr<const ModeLabeller> labeller)
    : description_(std::move(description)),
      rows_(std::move(rows)),
      part_shape_(std::move(part_shape)),
      parts_(parts),
      labeller_(std::move(labeller)) {
  if (rows_ == nullptr || rows_->rows() == 0 || rows_->cols() == 0) {
    throw std::invalid_argument(description_ + ": no samples");
  }
  Index size = 1;
  for (const Index s : part_shape_) size *= s;
  if (part_shape_.empty() || size != rows_->cols()) {
    throw std::invalid_argument(fmt::format("{}: a sample shape of {} values for {}-D rows",
                                            description_, size, rows_->cols()));
  }
  if (parts_ < 1) {
    throw std::invalid_argument(
        fmt::format("{}: expected parts >= 1, found {}", description_, parts_));
  }
}

void EmpiricalDataset::sample(MatrixView out, Rng& rng) const {
  const Index d = rows_->cols();
  const auto n = static_cast<std::uint64_t>(rows_->rows());
  for (Index r = 0; r < out.rows(); ++r) {
    for (int p = 0; p < parts_; ++p) {
      out.row(r).segment(p * d, d) = rows_->row(static_cast<Index>(rng.below(n)));
    }
  }
}

std::vector<Index> EmpiricalDataset::sample_shape() const {
  if (parts_ == 1) return part_shape_;
  std::vector<Index> shape{parts_};
  shape.insert(shape.end(), part_shape_.begin(), part_shape_.end());
  return shape;
}

std::string EmpiricalDataset::describe() const {
  return fmt::format("{}: {} samples x {} part(s), {}-D{}", description_, rows_->rows(), parts_,
                     dim(), labeller_ ? "; " + labeller_->describe() : "");
}

}  // namespace divbench
