#pragma once
// A constraint on the discriminator that is not part of the objective: a penalty added to D's loss
// (gradient penalties) or a projection after each D update (weight clipping). Regularisers are an
// axis of their own (--regulariser, sweep key `regulariser`): any one combines with any objective,
// schedule and network, and the training loop calls them without naming one
// (harness/regulariser_registry.hpp lists them).
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "common/tensor.hpp"
#include "models/network.hpp"

namespace divbench {

// What a discriminator update saw: the real and generated batches D's loss was computed on, and
// how many D updates the run made before this one (lazy regularisation counts them).
struct DiscriminatorBatch {
  ConstMatrixView real;  // (b, d)
  ConstMatrixView fake;  // (b, d)
  long long update = 0;
};

class Regulariser {
 public:
  virtual ~Regulariser() = default;
  // Called after the objective's backward wrote D's parameter gradients, before D's optimiser
  // step: adds the penalty's parameter gradient to them and returns the penalty's value (0 when it
  // is not applied at this update). `rng` is the run's "regulariser" stream. May run D's forward
  // and backward passes (in the training phase, as autograd frameworks do).
  virtual double add_penalty_gradient(Network& /*d*/, const DiscriminatorBatch& /*batch*/,
                                      Rng& /*rng*/) {
    return 0.0;
  }
  // Called after D's optimiser step (a projection such as weight clipping).
  virtual void after_update(const std::vector<ParameterRef>& /*d_parameters*/) {}
  // Reverse mode through after_update, for schedules that differentiate through D's updates:
  // multiplies `adjoint` (one flat buffer per D parameter) by the projection's Jacobian, given the
  // parameters it produced (`after`). The identity for penalties.
  virtual void project_adjoint(const std::vector<std::vector<float>>& /*after*/,
                               std::vector<std::vector<double>>& /*adjoint*/) const {}
};

}  // namespace divbench
