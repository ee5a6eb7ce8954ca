#pragma once
// Names the mode of each sample of data whose modes are not Gaussian bumps: labelled real data,
// whose modes are the classes (or, for stacked data, the tuples of classes) that a classifier
// predicts. Mode coverage then counts modes with at least one sample and compares the histogram of
// modes with the data's (metrics/mode_coverage.hpp, histogram_coverage).
#include <string>
#include <vector>

#include "common/tensor.hpp"

namespace divbench {

class ModeLabeller {
 public:
  virtual ~ModeLabeller() = default;
  virtual Index mode_count() const = 0;
  // The mode of each row of x (n, d), in [0, mode_count()). x must be finite.
  virtual std::vector<Index> assign(ConstMatrixView x) const = 0;
  // The data's probability of each mode (sums to 1).
  virtual const std::vector<double>& mode_weights() const = 0;
  virtual std::string describe() const = 0;
};

}  // namespace divbench
