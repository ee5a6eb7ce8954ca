#pragma once
// Optimisers update the parameters of one model from the gradients its last backward wrote.
#include <memory>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace divbench {

// Everything an optimiser carries from one step to the next, so that a checkpointed run resumes
// bitwise: the update count and one flat buffer per carried tensor (Adam: every first moment,
// then every second moment; SGD: the momentum buffers).
struct OptimizerState {
  long long steps = 0;
  std::vector<std::vector<float>> buffers;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // One update of every parameter from its current gradient. Returns nullptr, or why the update
  // is not a number (a gradient that is not finite in float, or whose square overflows float and
  // would silently stop Adam's update of that parameter): the caller ends the run there.
  [[nodiscard]] virtual const char* step() = 0;
  virtual std::string describe() const = 0;
  virtual OptimizerState state() const = 0;
  // Throws std::invalid_argument when `state` does not fit this optimiser's parameters.
  virtual void restore(const OptimizerState& state) = 0;

  // Reverse mode through one step, for methods that differentiate through updates (unrolled GANs,
  // Metz et al., ICLR 2017, eq. 12). The step went from parameters θ and carried state s (`before`)
  // with gradients g (`grads`, one flat buffer per parameter) to θ' = θ - u(g, s) and s' = S(g, s).
  // Given the adjoints θ̄' (adjoint_params; it is also θ̄, since ∂θ'/∂θ = I) and s̄' (adjoint_state,
  // in OptimizerState::buffers' layout; empty buffers stand for zero), writes ḡ into adjoint_grads
  // and replaces adjoint_state by s̄. Computed in double from the float values the step used.
  using Adjoint = std::vector<std::vector<double>>;
  virtual void step_adjoint(const OptimizerState& before,
                            const std::vector<std::vector<float>>& grads,
                            const Adjoint& adjoint_params, Adjoint& adjoint_state,
                            Adjoint& adjoint_grads) const = 0;
};

// Helpers for implementations: flat copies of buffers, and the checked copy back.
std::vector<std::vector<float>> flatten(const std::vector<Eigen::VectorXf>& buffers);
void unflatten(const std::vector<std::vector<float>>& from, std::size_t offset,
               std::vector<Eigen::VectorXf>& to);

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
