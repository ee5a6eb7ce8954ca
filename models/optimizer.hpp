#pragma once
// Optimisers update the parameters of one model from the gradients its last backward wrote.
#include <memory>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace divbench {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // One update of every parameter from its current gradient.
  virtual void step() = 0;
  virtual std::string describe() const = 0;
};

struct OptimizerSettings {
  std::string kind = "adam";  // "adam" or "sgd"
  double lr = 1e-4;
  double beta1 = 0.5;     // Adam
  double beta2 = 0.999;   // Adam
  double eps = 1e-8;      // Adam
  double momentum = 0.0;  // SGD
};

// Builds the optimiser named by settings.kind over `params`; throws std::invalid_argument for an
// unknown kind or out-of-range settings.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings,
                                          std::vector<ParameterRef> params);

}  // namespace divbench
