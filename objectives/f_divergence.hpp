#pragma once
// One f-divergence D_f(P || Q) = ∫ q f(p/q) dx (f convex, f(1) = 0; P the data, Q the generator),
// described by the functions the f-GAN family and the density-ratio losses need. The table is
// Nowozin, Cseke, Tomioka, "f-GAN", NeurIPS 2016, Tables 1 and 2 (shared/reference/divergences.md),
// re-derived and checked in tests/test_f_divergences.cpp: Fenchel–Young, f*(f'(u)) = u f'(u) -
// f(u), and tightness of the bound at the optimal critic T* = f'(p/q) by quadrature.
//
// Functions of the critic are given twice: plainly (f*, g_f) for the tests, and fused as functions
// of the raw output v (f*(g_f(v))) for training, because the composition loses everything near the
// boundary of dom f*: for the GAN row g_f(50) = -softplus(-50) rounds to 0 in double and
// f*(0) = -log(1 - e^0) = inf, while the fused f*(g_f(v)) = softplus(v) is exact.
#include <span>
#include <string_view>

namespace divbench {

// Where a density-ratio loss h(e^r) explodes: nowhere, as r -> +inf (KL, Pearson, Hellinger,
// Jeffrey: h'(r) = -u^2 f''(u) grows with u = e^r) or as r -> -inf (Neyman: h'(r) = -2 e^-r).
enum class RatioGuard { kNone, kUpper, kLower };

struct FDivergence {
  const char* name;   // registry suffix: fgan-<name>, ratio-<name>
  const char* title;  // what D_f is, e.g. "KL(P || Q)"
  double (*f)(double u);
  double (*f_prime)(double u);
  // f(u) / max(1, u) as a function of lr = log u, computed without forming u where u over- or
  // underflows: q f(p/q) = max(p, q) f_scaled(log p/q), so a quadrature integrand needs only the
  // log densities (KL(N(0,1) || N(0,0.01^2)) has p/q = e^5000 within one sigma of P).
  double (*f_scaled)(double lr);
  // Convex conjugate f*(t) = sup_u t u - f(u); +inf outside dom f*.
  double (*conjugate)(double t);
  double (*conjugate_prime)(double t);
  bool (*in_domain)(double t);
  // Output activation g_f: R -> dom f* (f-GAN Table 2) and its derivative.
  double (*activation)(double v);
  double (*activation_prime)(double v);
  double (*activation_second)(double v);  // g_f''(v), for second-order methods (unrolled GANs)
  // f*(g_f(v)) and its first and second derivatives, computed stably.
  double (*conjugate_of_activation)(double v);
  double (*conjugate_of_activation_prime)(double v);
  double (*conjugate_of_activation_second)(double v);
  // The raw output v* at which the critic is optimal, g_f(v*) = T* = f'(p/q), as a function of
  // lr = log p/q: what V(x) converges to, and how the tightness test evaluates T* where
  // f'(p/q) itself would round onto the boundary of dom f*. +-inf for total variation.
  double (*optimal_output)(double log_ratio);
  // The density-ratio generator loss h(e^r), h(u) = f(u) - u f'(u) = -f*(f'(u)), and d/dr of it.
  double (*ratio_loss)(double r);
  double (*ratio_loss_prime)(double r);
  // The side of r on which h(e^r) and dh/dr grow exponentially, where a density-ratio objective
  // needs a guard; the other side is left exact (its gradient stays bounded).
  RatioGuard ratio_guard;
};

// Every f-divergence divbench implements, in the order of f-GAN Table 2.
std::span<const FDivergence> f_divergences();

// nullptr when `name` is not in the table.
const FDivergence* find_f_divergence(std::string_view name);

// W0(e^y), the Wright omega function for real y: the w > 0 with w + log w = y. Boost.Math's
// lambert_w0 where e^y is representable, Newton's method beyond (the Jeffrey conjugate needs it for
// t < 1 - 709).
double wright_omega(double y);

}  // namespace divbench
