#pragma once
// How the two players are updated within one training step. Schedules are an axis of their own
// (--schedule, sweep key `schedule`): any one combines with any objective, regulariser and network.
// A schedule only orders the primitives the run offers (Players); the run implements them
// (harness/trainer.cpp), so a schedule never names an objective or a network.
#include <string>

namespace divbench {

struct StepLosses {
  double d_loss = 0.0;  // of the last discriminator update in the step
  double g_loss = 0.0;
  double penalty = 0.0;  // the regulariser's value at the last discriminator update
  // Empty, or why the step cannot go on although both losses may be finite: a gradient the
  // objective returned is not finite in float (an exponential critic at |v| > 89 overflows float
  // while its double loss is finite), or an optimiser found a gradient that is not finite or whose
  // square overflows float. The run ends as diverged at this step; the step is not completed.
  std::string fault;
};

// The primitives of one run. Each returns false when losses.fault is set (the step ends there).
class Players {
 public:
  virtual ~Players() = default;
  virtual long long d_steps() const = 0;
  // One discriminator update on fresh batches: the objective's loss, the regulariser, the
  // optimiser step and any projection (weight clipping).
  virtual bool discriminator_update(StepLosses& losses) = 0;
  // G's parameter gradients against the current D, on a fresh generated batch (and a real one
  // when the objective's generator loss sees real outputs).
  virtual bool generator_gradient(StepLosses& losses) = 0;
  // Look-ahead on one real and one generated batch, as the Unrolled-GAN notebook unrolls: k D
  // updates on those batches, G's parameter gradients against D after the k-th (first order: how
  // the updates depend on G is ignored), then D is put back to its state after the first update,
  // which is the update it keeps.
  virtual bool lookahead_gradient(long long k, StepLosses& losses) = 0;
  // Unrolled (Metz et al., ICLR 2017, eq. 12, with its second term): k D updates on one real and
  // one generated batch with the run's D optimiser, then G's gradient of its loss against D after
  // the k-th through those updates (reverse mode through the optimiser and D's Hessian-vector
  // products); D keeps the first update, its own. Needs the objective's second derivatives.
  virtual bool unrolled_gradient(long long k, StepLosses& losses) = 0;
  // G's optimiser step from its gradients, then the weight average (--g-ema).
  virtual bool generator_update(StepLosses& losses) = 0;
  // Both players' gradients from the same batches through the same D, then both updates.
  virtual bool simultaneous_update(StepLosses& losses) = 0;
};

class Schedule {
 public:
  virtual ~Schedule() = default;
  // One training step (one generator update). Stops at the first fault.
  virtual void step(Players& players, StepLosses& losses) = 0;
  // True when the schedule differentiates through D's updates (second order): the run then needs
  // the objective's discriminator_loss_tangent.
  virtual bool differentiates_through_updates() const { return false; }
};

}  // namespace divbench
