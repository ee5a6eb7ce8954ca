#pragma once
// Numerically safe pieces of the logistic loss, in logits. log sigmoid(v) = -softplus(-v) and
// log(1 - sigmoid(v)) = -softplus(v); computing them this way never takes the log of a rounded
// sigmoid, so they stay finite and accurate at logits of +-50 and beyond.
#include <cmath>
#include <span>

namespace divbench {

// softplus(v) = log(1 + e^v), stable for any v.
inline double softplus(double v) { return std::max(v, 0.0) + std::log1p(std::exp(-std::abs(v))); }

// sigmoid(v) = 1 / (1 + e^-v), stable for any v.
inline double sigmoid(double v) {
  if (v >= 0.0) return 1.0 / (1.0 + std::exp(-v));
  const double e = std::exp(v);
  return e / (1.0 + e);
}

// The discriminator's logistic loss with data labelled 1 and generated samples 0 (Goodfellow et
// al. 2014, eq. 1, as a minimisation):
//   L_D = E_P[softplus(-v)] + E_Q[softplus(v)]
//   dL_D/dv = -sigmoid(-v)/n_r on real outputs, sigmoid(v)/n_f on fake ones.
// At its optimum v(x) = log p_data(x)/p_g(x).
double logistic_discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                   std::span<float> grad_real, std::span<float> grad_fake);

}  // namespace divbench
