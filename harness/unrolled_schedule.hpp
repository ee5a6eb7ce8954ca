#pragma once
// Unrolled GAN (Metz, Poole, Pfau, Sohl-Dickstein, Unrolled Generative Adversarial Networks, ICLR
// 2017, sec. 2.1-2.2): the generator minimises its loss against the discriminator k updates ahead,
//   f_k(θ_G, θ_D) = f(θ_G, θ_D^k(θ_G, θ_D)),  θ_D^(j+1) = θ_D^j + η ∂f/∂θ_D(θ_G, θ_D^j) (eq. 4-5),
// and its gradient (eq. 12) keeps the second term, how θ_D^k depends on θ_G. The k updates use the
// run's D optimiser (SGD or Adam, whose state they carry) on one real and one generated batch, as
// the authors' notebook unrolls them; D keeps the first of them as its own update (eq. 7: D's step
// is on f, not f_k). With d-steps n > 1, n - 1 ordinary D updates come first. k = 1 is the
// alternating schedule's gradient on the same batch (no update between D's and G's loss).
// The regulariser's own second derivatives (third derivatives of D for gradient penalties) are
// left out of the second term: penalties enter the k updates, their curvature does not.
#include "harness/schedule.hpp"

namespace divbench {

class UnrolledSchedule final : public Schedule {
 public:
  explicit UnrolledSchedule(long long k) : k_(k) {}
  void step(Players& players, StepLosses& losses) override {
    for (long long j = 1; j < players.d_steps(); ++j) {
      if (!players.discriminator_update(losses)) return;
    }
    if (players.unrolled_gradient(k_, losses)) players.generator_update(losses);
  }
  bool differentiates_through_updates() const override { return true; }

 private:
  long long k_;
};

}  // namespace divbench
