#pragma once
// Real data as a distribution: each sample is `parts` rows drawn independently and uniformly (with
// replacement) from a stored set and concatenated. parts = 1 is the empirical distribution of the
// set; parts = 3 on MNIST-like images is Stacked MNIST (Metz et al., Unrolled GANs, ICLR 2017),
// whose 1000 modes are the label triples.
#include <memory>
#include <string>

#include "datasets/dataset.hpp"

namespace divbench {

class EmpiricalDataset final : public Dataset {
 public:
  // rows (n, d) with n >= 1; part_shape: one row's shape (e.g. {28, 28}), its product d;
  // labeller may be null (no modes).
  EmpiricalDataset(std::string description, std::shared_ptr<const Matrix> rows,
                   std::vector<Index> part_shape, int parts,
                   std::shared_ptr<const ModeLabeller> labeller);

  Index dim() const override { return rows_->cols() * parts_; }
  void sample(MatrixView out, Rng& rng) const override;
  const ModeLabeller* mode_labeller() const override { return labeller_.get(); }
  std::string describe() const override;
  std::vector<Index> sample_shape() const override;

 private:
  std::string description_;
  std::shared_ptr<const Matrix> rows_;
  std::vector<Index> part_shape_;
  int parts_;
  std::shared_ptr<const ModeLabeller> labeller_;
};

}  // namespace divbench
