#pragma once
// A dataset whose data is read only when it is first used. Real-data datasets take seconds to
// build (Fashion-MNIST: 70000 images read, a mode classifier trained or loaded), yet `divbench
// plan` and `divbench plot` need only what their spec says: its resolved parameters, its
// dimension and one sample's shape. The factory parses and checks every parameter at once (so a
// bad spec is still refused before anything runs) and hands this class the builder; sample(),
// modes(), mode_labeller(), log_density() and describe() build the dataset on first call (once,
// thread-safe). dim() and sample_shape() answer from what the factory knew, or build the dataset
// when it knew nothing (a `file:` dataset's dimension is in its file).
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "datasets/dataset.hpp"

namespace divbench {

class DeferredDataset final : public Dataset {
 public:
  using Builder = std::function<std::unique_ptr<Dataset>()>;

  // shape: one sample's shape when known from the spec (its product is dim()), else nullopt.
  DeferredDataset(Builder build, std::optional<std::vector<Index>> shape);

  Index dim() const override;
  void sample(MatrixView out, Rng& rng) const override { built().sample(out, rng); }
  bool has_log_density() const override { return built().has_log_density(); }
  Eigen::VectorXd log_density(ConstMatrixView x) const override { return built().log_density(x); }
  const std::vector<Mode>& modes() const override { return built().modes(); }
  const ModeLabeller* mode_labeller() const override { return built().mode_labeller(); }
  std::string describe() const override { return built().describe(); }
  std::vector<Index> sample_shape() const override;

  // Whether the data has been read (for tests: plan and plot must leave it unread).
  bool is_built() const { return made_ != nullptr; }

 private:
  const Dataset& built() const;

  Builder build_;
  std::optional<std::vector<Index>> shape_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<Dataset> made_;
};

}  // namespace divbench
