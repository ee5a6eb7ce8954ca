#include "objectives/relativistic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "objectives/logistic.hpp"

namespace divbench {
namespace {

// A loss term's value and its derivative.
struct Value {
  double l, dl;
};

Value softplus_of(double x) { return {softplus(x), sigmoid(x)}; }
Value square_of(double x) { return {x * x, 2.0 * x}; }
Value relu_of(double x) { return x > 0.0 ? Value{x, 1.0} : Value{0.0, 0.0}; }

// One loss term of `kind` at t and its derivative in t: logistic softplus(sign t), least squares
// (t + sign)^2, hinge relu(1 + sign t).
Value term(RelativisticLoss kind, double t, double sign) {
  switch (kind) {
    case RelativisticLoss::kRsgan:
    case RelativisticLoss::kRasgan: {
      const Value v = softplus_of(sign * t);
      return {v.l, sign * v.dl};
    }
    case RelativisticLoss::kRalsgan:
      return square_of(t + sign);  // sign -1: (t - 1)^2, +1: (t + 1)^2
    case RelativisticLoss::kRahinge: {
      const Value v = relu_of(1.0 + sign * t);
      return {v.l, sign * v.dl};
    }
  }
  return {0.0, 0.0};
}

// The term's second derivative in t: softplus(±t) -> σ(t) σ(-t); (t ± 1)^2 -> 2; the hinge's is
// zero wherever it exists.
double term_second(RelativisticLoss kind, double t) {
  switch (kind) {
    case RelativisticLoss::kRsgan:
    case RelativisticLoss::kRasgan:
      return sigmoid(t) * sigmoid(-t);
    case RelativisticLoss::kRalsgan:
      return 2.0;
    case RelativisticLoss::kRahinge:
      return 0.0;
  }
  return 0.0;
}

double mean(std::span<const float> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

double Relativistic::loss(bool generator, std::span<const float> real, std::span<const float> fake,
                          std::span<float> grad_real, std::span<float> grad_fake) const {
  const double n_r = static_cast<double>(real.size());
  const double n_f = static_cast<double>(fake.size());
  // The discriminator wants real above generated: its l1 penalises small a, its l2 large b (signs
  // -1, +1); the generator the reverse.
  const double s1 = generator ? 1.0 : -1.0;
  const double s2 = -s1;
  if (loss_ == RelativisticLoss::kRsgan) {
    // d = r - f over pairs: elementwise for equal sizes, else all against all.
    const bool paired = real.size() == fake.size();
    const double pairs = paired ? n_r : n_r * n_f;
    std::fill(grad_real.begin(), grad_real.end(), 0.0F);
    std::fill(grad_fake.begin(), grad_fake.end(), 0.0F);
    std::vector<double> gr(real.size(), 0.0), gf(fake.size(), 0.0);
    double total = 0.0;
    const auto add = [&](std::size_t i, std::size_t j) {
      const Value v = term(loss_, real[i] - fake[j], s1);
      total += v.l;
      gr[i] += v.dl / pairs;
      gf[j] -= v.dl / pairs;
    };
    if (paired) {
      for (std::size_t i = 0; i < real.size(); ++i) add(i, i);
    } else {
      for (std::size_t i = 0; i < real.size(); ++i)
        for (std::size_t j = 0; j < fake.size(); ++j) add(i, j);
    }
    for (std::size_t i = 0; i < real.size(); ++i) grad_real[i] = static_cast<float>(gr[i]);
    for (std::size_t j = 0; j < fake.size(); ++j) grad_fake[j] = static_cast<float>(gf[j]);
    return total / pairs;
  }
  const double mean_r = mean(real);
  const double mean_f = mean(fake);
  double l1 = 0.0, l2 = 0.0, dl1 = 0.0, dl2 = 0.0;
  for (std::size_t i = 0; i < real.size(); ++i) {
    const Value v = term(loss_, real[i] - mean_f, s1);
    l1 += v.l;
    dl1 += v.dl;
    grad_real[i] = static_cast<float>(v.dl);  // l1'(a_i) for now
  }
  for (std::size_t j = 0; j < fake.size(); ++j) {
    const Value v = term(loss_, fake[j] - mean_r, s2);
    l2 += v.l;
    dl2 += v.dl;
    grad_fake[j] = static_cast<float>(v.dl);
  }
  const double mean_dl1 = dl1 / n_r;
  const double mean_dl2 = dl2 / n_f;
  for (float& g : grad_real) g = static_cast<float>((g - mean_dl2) / (2.0 * n_r));
  for (float& g : grad_fake) g = static_cast<float>((g - mean_dl1) / (2.0 * n_f));
  return (l1 / n_r + l2 / n_f) / 2.0;
}

double Relativistic::discriminator_loss(std::span<const float> real, std::span<const float> fake,
                                        std::span<float> grad_real,
                                        std::span<float> grad_fake) const {
  return loss(false, real, fake, grad_real, grad_fake);
}

bool Relativistic::discriminator_loss_tangent(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<const float> real_dot,
                                              std::span<const float> fake_dot,
                                              std::span<float> grad_real_dot,
                                              std::span<float> grad_fake_dot) const {
  const double n_r = static_cast<double>(real.size());
  const double n_f = static_cast<double>(fake.size());
  if (loss_ == RelativisticLoss::kRsgan) {
    // L = (1/P) Σ_pairs ℓ(r_i - f_j): ġ_r_i = Σ_j ℓ'' (ṙ_i - ḟ_j) / P, ġ_f_j = -Σ_i ℓ'' (ṙ_i - ḟ_j) / P.
    const bool paired = real.size() == fake.size();
    const double pairs = paired ? n_r : n_r * n_f;
    std::fill(grad_real_dot.begin(), grad_real_dot.end(), 0.0F);
    std::fill(grad_fake_dot.begin(), grad_fake_dot.end(), 0.0F);
    const auto add = [&](std::size_t i, std::size_t j) {
      const double c = term_second(loss_, real[i] - fake[j]) * (real_dot[i] - fake_dot[j]) / pairs;
      grad_real_dot[i] += static_cast<float>(c);
      grad_fake_dot[j] -= static_cast<float>(c);
    };
    if (paired) {
      for (std::size_t i = 0; i < real.size(); ++i) add(i, i);
    } else {
      for (std::size_t i = 0; i < real.size(); ++i)
        for (std::size_t j = 0; j < fake.size(); ++j) add(i, j);
    }
    return true;
  }
  // L = (mean_i ℓ1(a_i) + mean_j ℓ2(b_j)) / 2, a_i = r_i - mean f, b_j = f_j - mean r; with
  // ȧ_i = ṙ_i - mean ḟ, ḃ_j = ḟ_j - mean ṙ:
  //   ġ_r_i = (ℓ1''(a_i) ȧ_i - mean_j ℓ2''(b_j) ḃ_j) / (2 n_r),
  //   ġ_f_j = (ℓ2''(b_j) ḃ_j - mean_i ℓ1''(a_i) ȧ_i) / (2 n_f).
  const double mean_r = mean(real);
  const double mean_f = mean(fake);
  const double mean_r_dot = mean(real_dot);
  const double mean_f_dot = mean(fake_dot);
  double sum1 = 0.0, sum2 = 0.0;
  for (std::size_t i = 0; i < real.size(); ++i) {
    const double c = term_second(loss_, real[i] - mean_f) * (real_dot[i] - mean_f_dot);
    sum1 += c;
    grad_real_dot[i] = static_cast<float>(c);  // ℓ1'' ȧ_i for now
  }
  for (std::size_t j = 0; j < fake.size(); ++j) {
    const double c = term_second(loss_, fake[j] - mean_r) * (fake_dot[j] - mean_r_dot);
    sum2 += c;
    grad_fake_dot[j] = static_cast<float>(c);
  }
  for (float& g : grad_real_dot) g = static_cast<float>((g - sum2 / n_f) / (2.0 * n_r));
  for (float& g : grad_fake_dot) g = static_cast<float>((g - sum1 / n_r) / (2.0 * n_f));
  return true;
}

double Relativistic::generator_loss(std::span<const float> /*fake*/,
                                    std::span<float> /*grad_fake*/) const {
  throw std::logic_error(
      "a relativistic generator loss needs the discriminator's outputs on real samples too "
      "(generator_loss_with_real)");
}

double Relativistic::generator_loss_with_real(std::span<const float> real,
                                              std::span<const float> fake,
                                              std::span<float> grad_real,
                                              std::span<float> grad_fake) const {
  return loss(true, real, fake, grad_real, grad_fake);
}

std::vector<Estimate> Relativistic::estimates(std::span<const float> real,
                                              std::span<const float> fake) const {
  std::vector<float> scratch_r(real.size());
  std::vector<float> scratch_f(fake.size());
  const double constant_critic =
      loss_ == RelativisticLoss::kRsgan || loss_ == RelativisticLoss::kRasgan ? std::numbers::ln2
                                                                              : 1.0;
  return {{"relativistic_gap",
           constant_critic - discriminator_loss(real, fake, scratch_r, scratch_f)}};
}

}  // namespace divbench
