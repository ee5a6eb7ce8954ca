#pragma once
// A source of data samples. Besides sampling, a dataset may know its exact log density (synthetic
// data, for known-density KL estimates) and its modes (for mode coverage): Gaussian modes for
// synthetic mixtures, a classifier's classes for labelled real data.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "datasets/mode_labeller.hpp"
#include "common/rng.hpp"
#include "common/tensor.hpp"

namespace divbench {

// One mode of the data: centre, per-dimension standard deviation and mixture weight.
struct Mode {
  Eigen::VectorXd centre;
  Eigen::VectorXd std;
  double weight = 0.0;
};

class Dataset {
 public:
  virtual ~Dataset() = default;

  virtual Index dim() const = 0;
  // Fills every row of `out` (n, dim) with an independent sample. Must not allocate.
  virtual void sample(MatrixView out, Rng& rng) const = 0;

  // Optional: exact log density, per row of x (n, dim), in double precision.
  virtual bool has_log_density() const { return false; }
  virtual Eigen::VectorXd log_density(ConstMatrixView x) const;

  // Optional: the modes (empty when the dataset has none it can name).
  virtual const std::vector<Mode>& modes() const;

  // Optional: names the mode of any sample when the modes are classes of real data (a classifier);
  // nullptr otherwise.
  virtual const ModeLabeller* mode_labeller() const { return nullptr; }

  virtual std::string describe() const = 0;

  // One sample's shape, for figures: {28, 28} for an image, {3, 28, 28} for three stacked ones;
  // {dim()} for data without one.
  virtual std::vector<Index> sample_shape() const { return {dim()}; }

  // Convenience: n fresh samples in a new matrix.
  Matrix sample(Index n, Rng& rng) const;
};

}  // namespace divbench
