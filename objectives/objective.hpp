#pragma once
// An objective sees only discriminator outputs. Given the outputs on a real batch and a fake
// batch it returns the discriminator's loss and the gradients w.r.t. those outputs; given outputs
// on a fake batch it returns the generator's loss and its gradient. It never touches networks,
// optimisers or the training loop. Losses are means over the batch, so every gradient carries the
// factor 1/batch.
#include <span>

namespace divbench {

class Objective {
 public:
  virtual ~Objective() = default;

  // The discriminator minimises this. real (n_r), fake (n_f): outputs V(x). Writes
  // dL/dV into grad_real (n_r) and grad_fake (n_f).
  virtual double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                    std::span<float> grad_real, std::span<float> grad_fake) const = 0;

  // The generator minimises this. fake (n): outputs V(G(z)). Writes dL/dV into grad_fake (n).
  virtual double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const = 0;
};

}  // namespace divbench
