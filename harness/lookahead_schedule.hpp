#pragma once
// First-order look-ahead, named as such: the generator's gradient is taken against the
// discriminator k updates ahead, ignoring how those updates depend on the generator, i.e. the
// unrolled-GAN gradient without its second term (Metz et al., Unrolled Generative Adversarial
// Networks, ICLR 2017, eq. 12). As in the paper and its notebook, the k updates use one real and
// one generated batch, and D keeps the first of them as its own update. With d-steps n > 1, n - 1
// ordinary D updates come first.
#include "harness/schedule.hpp"

namespace divbench {

class LookaheadSchedule final : public Schedule {
 public:
  explicit LookaheadSchedule(long long k) : k_(k) {}
  void step(Players& players, StepLosses& losses) override {
    for (long long j = 1; j < players.d_steps(); ++j) {
      if (!players.discriminator_update(losses)) return;
    }
    if (players.lookahead_gradient(k_, losses)) players.generator_update(losses);
  }

 private:
  long long k_;
};

}  // namespace divbench
