#include "objectives/f_divergence.hpp"

#include <cmath>
#include <limits>

#include <boost/math/special_functions/lambert_w.hpp>

#include "objectives/logistic.hpp"

namespace divbench {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kLog2 = std::log(2.0);

double sign(double x) { return static_cast<double>((x > 0.0) - (x < 0.0)); }
double sq(double x) { return x * x; }

// Rows follow f-GAN Table 2. For each: f, f', f(e^lr)/max(1, e^lr) from lr, f* (+inf outside its
// domain), f*', dom f*, g_f, g_f', f*(g_f(v)), its derivative, the optimal output v* =
// g_f^-1(f'(e^lr)), h(e^r), dh/dr, and the side of r on which h(e^r) grows exponentially. Each
// fused form is derived in the comment above its row. One function per line keeps each row readable
// as a table row.
// clang-format off
const FDivergence kTable[] = {
    // Total variation, f = |u - 1|/2. g = tanh(v)/2 keeps |T| < 1/2 and f*(t) = t there.
    // h(u) = -sign(u - 1)/2: piecewise constant, so the density-ratio gradient vanishes almost
    // everywhere (ratio-tv is a negative control).
    {"tv", "total variation (1/2) ∫ |p - q|",
     [](double u) { return 0.5 * std::abs(u - 1.0); },
     [](double u) { return 0.5 * sign(u - 1.0); },
     [](double lr) { return -0.5 * std::expm1(-std::abs(lr)); },
     [](double t) { return std::abs(t) <= 0.5 ? t : kInf; },
     [](double) { return 1.0; },
     [](double t) { return std::abs(t) <= 0.5; },
     [](double v) { return 0.5 * std::tanh(v); },
     [](double v) { const double th = std::tanh(v); return 0.5 * (1.0 - th * th); },
     [](double v) { const double th = std::tanh(v); return -th * (1.0 - th * th); },
     [](double v) { return 0.5 * std::tanh(v); },
     [](double v) { const double th = std::tanh(v); return 0.5 * (1.0 - th * th); },
     [](double v) { const double th = std::tanh(v); return -th * (1.0 - th * th); },
     [](double lr) { return lr == 0.0 ? 0.0 : std::copysign(kInf, lr); },
     [](double r) { return -0.5 * sign(r); },
     [](double) { return 0.0; },
     RatioGuard::kNone},
    // Kullback–Leibler, f = u log u, f*(t) = e^(t - 1), g = v. h(u) = -u.
    {"kl", "KL(P || Q)",
     [](double u) { return u * std::log(u); },
     [](double u) { return std::log(u) + 1.0; },
     [](double lr) { return lr <= 0.0 ? lr * std::exp(lr) : lr; },
     [](double t) { return std::exp(t - 1.0); },
     [](double t) { return std::exp(t - 1.0); },
     [](double) { return true; },
     [](double v) { return v; },
     [](double) { return 1.0; },
     [](double) { return 0.0; },
     [](double v) { return std::exp(v - 1.0); },
     [](double v) { return std::exp(v - 1.0); },
     [](double v) { return std::exp(v - 1.0); },
     [](double lr) { return 1.0 + lr; },
     [](double r) { return -std::exp(r); },
     [](double r) { return -std::exp(r); },
     RatioGuard::kUpper},
    // Reverse KL, f = -log u, f*(t) = -1 - log(-t) on t < 0, g = -e^(-v):
    // f*(g(v)) = -1 + v. h(u) = 1 - log u = 1 - r.
    {"rkl", "reverse KL(Q || P)",
     [](double u) { return -std::log(u); },
     [](double u) { return -1.0 / u; },
     [](double lr) { return lr <= 0.0 ? -lr : -lr * std::exp(-lr); },
     [](double t) { return t < 0.0 ? -1.0 - std::log(-t) : kInf; },
     [](double t) { return -1.0 / t; },
     [](double t) { return t < 0.0; },
     [](double v) { return -std::exp(-v); },
     [](double v) { return std::exp(-v); },
     [](double v) { return -std::exp(-v); },
     [](double v) { return v - 1.0; },
     [](double) { return 1.0; },
     [](double) { return 0.0; },
     [](double lr) { return lr; },
     [](double r) { return 1.0 - r; },
     [](double) { return -1.0; },
     RatioGuard::kNone},
    // Pearson chi^2, f = (u - 1)^2, f*(t) = t^2/4 + t, g = v. h(u) = 1 - u^2 = 1 - e^(2r).
    {"pearson", "Pearson chi^2 ∫ (p - q)^2 / q",
     [](double u) { return (u - 1.0) * (u - 1.0); },
     [](double u) { return 2.0 * (u - 1.0); },
     [](double lr) { return lr <= 0.0 ? sq(std::expm1(lr)) : -std::expm1(lr) * std::expm1(-lr); },
     [](double t) { return 0.25 * t * t + t; },
     [](double t) { return 0.5 * t + 1.0; },
     [](double) { return true; },
     [](double v) { return v; },
     [](double) { return 1.0; },
     [](double) { return 0.0; },
     [](double v) { return 0.25 * v * v + v; },
     [](double v) { return 0.5 * v + 1.0; },
     [](double) { return 0.5; },
     [](double lr) { return 2.0 * std::expm1(lr); },
     [](double r) { return 1.0 - std::exp(2.0 * r); },
     [](double r) { return -2.0 * std::exp(2.0 * r); },
     RatioGuard::kUpper},
    // Neyman chi^2, f = (1 - u)^2 / u, f*(t) = 2 - 2 sqrt(1 - t) on t < 1, g = 1 - e^(-v):
    // 1 - g = e^(-v), so f*(g(v)) = 2 - 2 e^(-v/2). h(u) = 2/u - 2 = 2 e^(-r) - 2.
    {"neyman", "Neyman chi^2 ∫ (p - q)^2 / p",
     [](double u) { return (1.0 - u) * (1.0 - u) / u; },
     [](double u) { return 1.0 - 1.0 / (u * u); },
     [](double lr) { return lr <= 0.0 ? -std::expm1(lr) * std::expm1(-lr) : sq(std::expm1(-lr)); },
     [](double t) { return t < 1.0 ? 2.0 - 2.0 * std::sqrt(1.0 - t) : kInf; },
     [](double t) { return 1.0 / std::sqrt(1.0 - t); },
     [](double t) { return t < 1.0; },
     [](double v) { return -std::expm1(-v); },
     [](double v) { return std::exp(-v); },
     [](double v) { return -std::exp(-v); },
     [](double v) { return 2.0 - 2.0 * std::exp(-0.5 * v); },
     [](double v) { return std::exp(-0.5 * v); },
     [](double v) { return -0.5 * std::exp(-0.5 * v); },
     [](double lr) { return 2.0 * lr; },
     [](double r) { return 2.0 * std::exp(-r) - 2.0; },
     [](double r) { return -2.0 * std::exp(-r); },
     RatioGuard::kLower},
    // Squared Hellinger, f = (sqrt u - 1)^2, f*(t) = t / (1 - t) on t < 1, g = 1 - e^(-v):
    // f*(g(v)) = (1 - e^(-v)) / e^(-v) = e^v - 1. h(u) = 1 - sqrt u = 1 - e^(r/2).
    {"hellinger", "squared Hellinger ∫ (sqrt p - sqrt q)^2",
     [](double u) { const double s = std::sqrt(u) - 1.0; return s * s; },
     [](double u) { return 1.0 - 1.0 / std::sqrt(u); },
     [](double lr) { return sq(std::expm1(-0.5 * std::abs(lr))); },
     [](double t) { return t < 1.0 ? t / (1.0 - t) : kInf; },
     [](double t) { return 1.0 / ((1.0 - t) * (1.0 - t)); },
     [](double t) { return t < 1.0; },
     [](double v) { return -std::expm1(-v); },
     [](double v) { return std::exp(-v); },
     [](double v) { return -std::exp(-v); },
     [](double v) { return std::expm1(v); },
     [](double v) { return std::exp(v); },
     [](double v) { return std::exp(v); },
     [](double lr) { return 0.5 * lr; },
     [](double r) { return 1.0 - std::exp(0.5 * r); },
     [](double r) { return -0.5 * std::exp(0.5 * r); },
     RatioGuard::kUpper},
    // Jeffrey, f = (u - 1) log u, f'(u) = log u + 1 - 1/u. With w = W(e^(1 - t)) (so
    // w + log w = 1 - t) the maximiser of t u - f(u) is u = 1/w, giving
    // f*(t) = w + 1/w + t - 2 = 1/w - log w - 1 (the second form avoids cancelling w against t
    // when t is very negative) and f*'(t) = 1/w. g = v. h(u) = 1 - u - log u = 1 - e^r - r.
    {"jeffrey", "Jeffrey KL(P || Q) + KL(Q || P)",
     [](double u) { return (u - 1.0) * std::log(u); },
     [](double u) { return std::log(u) + 1.0 - 1.0 / u; },
     [](double lr) { return lr <= 0.0 ? std::expm1(lr) * lr : -std::expm1(-lr) * lr; },
     [](double t) { const double w = wright_omega(1.0 - t); return 1.0 / w - std::log(w) - 1.0; },
     [](double t) { return 1.0 / wright_omega(1.0 - t); },
     [](double) { return true; },
     [](double v) { return v; },
     [](double) { return 1.0; },
     [](double) { return 0.0; },
     [](double v) { const double w = wright_omega(1.0 - v); return 1.0 / w - std::log(w) - 1.0; },
     [](double v) { return 1.0 / wright_omega(1.0 - v); },
     [](double v) { const double w = wright_omega(1.0 - v); return 1.0 / (w * (1.0 + w)); },
     [](double lr) { return 1.0 + lr - std::exp(-lr); },
     [](double r) { return 1.0 - std::exp(r) - r; },
     [](double r) { return -std::exp(r) - 1.0; },
     RatioGuard::kUpper},
    // Jensen–Shannon as f-GAN defines it: f = u log u - (u + 1) log((u + 1)/2), so D_f = 2 JSD
    // (JSD = KL(P||M)/2 + KL(Q||M)/2, M = (P + Q)/2, in nats). f*(t) = -log(2 - e^t) on t < log 2,
    // g = log 2 - softplus(-v): e^g = 2 sigmoid(v), so f*(g(v)) = softplus(v) - log 2.
    // h(u) = -log((u + 1)/2) = log 2 - softplus(r).
    {"js", "2 JSD(P, Q) (twice the Jensen-Shannon divergence)",
     [](double u) { return u == 0.0 ? kLog2 : u * (kLog2 - std::log1p(1.0 / u)) - std::log((u + 1.0) / 2.0); },
     [](double u) { return kLog2 - std::log1p(1.0 / u); },
     [](double lr) { return lr <= 0.0 ? std::exp(lr) * (kLog2 - softplus(-lr)) - softplus(lr) + kLog2 : kLog2 - softplus(-lr) - std::exp(-lr) * (softplus(lr) - kLog2); },
     [](double t) { return t < kLog2 ? -std::log(2.0 - std::exp(t)) : kInf; },
     [](double t) { const double e = std::exp(t); return e / (2.0 - e); },
     [](double t) { return t < kLog2; },
     [](double v) { return kLog2 - softplus(-v); },
     [](double v) { return sigmoid(-v); },
     [](double v) { return -sigmoid(v) * sigmoid(-v); },
     [](double v) { return softplus(v) - kLog2; },
     [](double v) { return sigmoid(v); },
     [](double v) { return sigmoid(v) * sigmoid(-v); },
     [](double lr) { return lr; },
     [](double r) { return kLog2 - softplus(r); },
     [](double r) { return -sigmoid(r); },
     RatioGuard::kNone},
    // The GAN divergence, f = u log u - (u + 1) log(u + 1), D_f = 2 JSD - log 4. Written
    // f = -u log1p(1/u) - log1p(u) (f' = -log1p(1/u)): the plain form cancels two terms of size
    // u log u, and is 0 instead of about -log u - 1 once u > 2^53 (f(e^40) = -41). The JS row
    // is rearranged the same way; f(0) is the limit, 0 for the GAN row and log 2 for JS.
    // f*(t) = -log(1 - e^t) on t < 0, g = -softplus(-v) = log sigmoid(v): f*(g(v)) = softplus(v).
    // h(u) = -log(u + 1) = -softplus(r), the minimax GAN's generator loss.
    {"gan", "2 JSD(P, Q) - log 4 (the GAN divergence)",
     [](double u) { return u == 0.0 ? 0.0 : -u * std::log1p(1.0 / u) - std::log1p(u); },
     [](double u) { return -std::log1p(1.0 / u); },
     [](double lr) { return lr <= 0.0 ? -std::exp(lr) * softplus(-lr) - softplus(lr) : -softplus(-lr) - std::exp(-lr) * softplus(lr); },
     [](double t) { return t < 0.0 ? -std::log(-std::expm1(t)) : kInf; },
     [](double t) { return 1.0 / std::expm1(-t); },
     [](double t) { return t < 0.0; },
     [](double v) { return -softplus(-v); },
     [](double v) { return sigmoid(-v); },
     [](double v) { return -sigmoid(v) * sigmoid(-v); },
     [](double v) { return softplus(v); },
     [](double v) { return sigmoid(v); },
     [](double v) { return sigmoid(v) * sigmoid(-v); },
     [](double lr) { return lr; },
     [](double r) { return -softplus(r); },
     [](double r) { return -sigmoid(r); },
     RatioGuard::kNone},
};

}  // namespace

std::span<const FDivergence> f_divergences() { return kTable; }

const FDivergence* find_f_divergence(std::string_view name) {
  for (const auto& d : kTable) {
    if (name == d.name) return &d;
  }
  return nullptr;
}

double wright_omega(double y) {
  if (y < 700.0) return boost::math::lambert_w0(std::exp(y));
  // Newton on w + log w = y from w = y - log y; quadratic convergence, a few steps suffice.
  double w = y - std::log(y);
  for (int i = 0; i < 50; ++i) {
    const double step = (w + std::log(w) - y) / (1.0 + 1.0 / w);
    w -= step;
    if (std::abs(step) <= 1e-16 * w) break;
  }
  return w;
}

}  // namespace divbench
