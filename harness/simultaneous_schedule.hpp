#pragma once
// Simultaneous gradient descent: both players' gradients at the same point (the same real and
// generated batches through the same discriminator), then both updates. PacGAN's 2-D experiments
// (Lin et al. 2018) and the Unrolled-GAN notebook (Metz et al. 2017) update this way: one
// session.run of both optimisers' train ops. With d-steps k > 1, k - 1 discriminator updates come
// first.
#include "harness/schedule.hpp"

namespace divbench {

class SimultaneousSchedule final : public Schedule {
 public:
  void step(Players& players, StepLosses& losses) override {
    for (long long k = 1; k < players.d_steps(); ++k) {
      if (!players.discriminator_update(losses)) return;
    }
    players.simultaneous_update(losses);
  }
};

}  // namespace divbench
