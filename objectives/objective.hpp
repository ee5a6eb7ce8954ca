#pragma once
// An objective sees only discriminator outputs. Given the outputs on a real batch and a fake
// batch it returns the discriminator's loss and the gradients w.r.t. those outputs; given outputs
// on a fake batch it returns the generator's loss and its gradient. It never touches networks,
// optimisers or the training loop. Losses are means over the batch, so every gradient carries the
// factor 1/batch.
#include <span>
#include <string>
#include <vector>

namespace divbench {

// One divergence estimate an objective reports from its own discriminator, e.g. the f-GAN lower
// bound or the density-ratio plug-in KL. `name` is stable for the objective's lifetime: it names a
// curve in the run file (/curves/objective/<name>).
struct Estimate {
  std::string name;
  double value = 0.0;
};

class Objective {
 public:
  virtual ~Objective() = default;

  // The discriminator minimises this. real (n_r), fake (n_f): outputs V(x). Writes
  // dL/dV into grad_real (n_r) and grad_fake (n_f).
  virtual double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                    std::span<float> grad_real,
                                    std::span<float> grad_fake) const = 0;

  // The generator minimises this. fake (n): outputs V(G(z)). Writes dL/dV into grad_fake (n).
  virtual double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const = 0;

  // Relativistic objectives (Jolicoeur-Martineau, ICLR 2019) compare D's outputs on generated
  // samples with its outputs on real ones, in the generator's loss too. When this is true the
  // training loop shows the generator's loss a real batch as well and calls
  // generator_loss_with_real() instead of generator_loss().
  virtual bool generator_sees_real() const { return false; }
  // The generator's loss from outputs on a real batch (n_r) and a generated one (n_f); writes dL/dV
  // into grad_real (n_r) and grad_fake (n_f). By default the loss ignores the real outputs.
  virtual double generator_loss_with_real(std::span<const float> /*real*/,
                                          std::span<const float> fake,
                                          std::span<float> grad_real,
                                          std::span<float> grad_fake) const {
    for (float& g : grad_real) g = 0.0F;
    return generator_loss(fake, grad_fake);
  }

  // Second order, for schedules that differentiate through discriminator updates (unrolled:k;
  // Metz et al., Unrolled Generative Adversarial Networks, ICLR 2017): the directional derivative
  // of discriminator_loss's output gradients along output tangents,
  //   (ġ_real, ġ_fake) = ∇²_V L_D · (V̇_real, V̇_fake),
  // written into grad_real_dot (n_r) and grad_fake_dot (n_f). For losses that are means of
  // per-sample terms the Hessian is diagonal, ġ_i = ℓ''(V_i) V̇_i / n. Returns false when the
  // objective does not provide it (a plugin); every built-in objective does, each checked against
  // finite differences of discriminator_loss in double (tests/test_objective_second_order.cpp).
  virtual bool discriminator_loss_tangent(std::span<const float> /*real*/,
                                          std::span<const float> /*fake*/,
                                          std::span<const float> /*real_dot*/,
                                          std::span<const float> /*fake_dot*/,
                                          std::span<float> /*grad_real_dot*/,
                                          std::span<float> /*grad_fake_dot*/) const {
    return false;
  }

  // The objective's own divergence estimates from discriminator outputs on held-out real and fake
  // batches (the run draws them from its evaluation stream). Called at evaluation time only.
  virtual std::vector<Estimate> estimates(std::span<const float> real,
                                          std::span<const float> fake) const = 0;

  // A constraint on the discriminator that the loss alone cannot express: when > 0 the training
  // loop clips every discriminator parameter to [-c, c] after each discriminator update (WGAN,
  // Arjovsky et al. 2017, Algorithm 1). The objective states it; the loop enforces it.
  virtual double critic_weight_clip() const { return 0.0; }
};

}  // namespace divbench
