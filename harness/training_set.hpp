#pragma once
// A finite training set (--train-size N): N points drawn once from the dataset with their own
// random stream ("train-set"), then served in a new random order every epoch, as PacGAN's 2-D
// protocol trains on 100,000 fixed points (Lin et al., PacGAN, NeurIPS 2018, section 5.1). Metrics
// are still measured against the dataset's true distribution.
//
// Epoch e's order is a permutation drawn from the stream "train-set.order.<e>", so the whole state
// is the number of points served (a checkpoint counter): a resumed run continues bitwise.
#include <cstdint>
#include <vector>

#include "common/rng.hpp"
#include "common/tensor.hpp"
#include "datasets/dataset.hpp"

namespace divbench {

class TrainingSet {
 public:
  TrainingSet(const Dataset& dataset, Index size, std::uint64_t seed);
  // The next out.rows() points (rows of out), crossing into the next epoch when this one ends.
  void sample(MatrixView out);
  long long served() const { return served_; }
  void set_served(long long served);
  Index size() const { return points_.rows(); }

 private:
  Matrix points_;              // (N, d)
  std::vector<Index> order_;   // this epoch's permutation
  long long epoch_ = -1;       // of order_
  long long served_ = 0;
  std::uint64_t seed_;

  void shuffle_for(long long epoch);
};

}  // namespace divbench
