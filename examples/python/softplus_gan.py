"""An objective written in Python (docs/python.md): the non-saturating GAN on logits, the same
mathematics as divbench's built-in `gan-ns` (objectives/gan_ns.cpp), in NumPy.

    import divbench, softplus_gan
    divbench.register_objective(softplus_gan.SoftplusGan)
    assert divbench.check_objective("py-gan-ns") == []
    divbench.train(objective="py-gan-ns", dataset="ring8", seed=0, out="py.h5")
"""
import numpy as np

import divbench


def sigmoid(v):
    return 0.5 * (1.0 + np.tanh(0.5 * v))  # no overflow warning at large |v|


class SoftplusGan(divbench.Objective):
    """The non-saturating GAN on logits V: L_D = E softplus(-V_real) + E softplus(V_fake),
    L_G = E softplus(-V_fake)."""
    name = "py-gan-ns"
    reference = "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014, section 3"

    def discriminator_loss(self, real, fake):
        # (n_real,), (n_fake,) float32 -> the loss and dL/dV, each carrying 1/batch.
        real, fake = real.astype(np.float64), fake.astype(np.float64)
        loss = np.logaddexp(0, -real).mean() + np.logaddexp(0, fake).mean()
        return loss, -sigmoid(-real) / real.size, sigmoid(fake) / fake.size

    def generator_loss(self, fake):
        fake = fake.astype(np.float64)
        return np.logaddexp(0, -fake).mean(), -sigmoid(-fake) / fake.size

    def estimates(self, real, fake):
        # The optimal discriminator's value is log 4 - 2 JS (Goodfellow et al. 2014, Theorem 1),
        # so the discriminator's loss bounds JS(P_data || P_model) from below.
        d_loss = np.logaddexp(0, -real).mean() + np.logaddexp(0, fake).mean()
        return {"js_bound": 0.5 * (np.log(4.0) - d_loss)}
