#pragma once
// The schedule of Goodfellow et al. 2014, Algorithm 1: d-steps discriminator updates, each on fresh
// batches, then one generator update against the updated discriminator.
#include "harness/schedule.hpp"

namespace divbench {

class AlternatingSchedule final : public Schedule {
 public:
  void step(Players& players, StepLosses& losses) override {
    for (long long k = 0; k < players.d_steps(); ++k) {
      if (!players.discriminator_update(losses)) return;
    }
    if (players.generator_gradient(losses)) players.generator_update(losses);
  }
};

}  // namespace divbench
