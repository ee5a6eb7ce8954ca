// The f-divergence table against closed forms: derivatives against finite differences, the fused
// critic functions against their plain compositions, the density-ratio losses against
// h(u) = f(u) - u f'(u), and tightness of the f-GAN bound — evaluated at the optimal critic
// T* = f'(p/q) by quadrature it must reproduce D_f(P || Q) computed directly by quadrature, and the
// closed-form KL between Gaussians. (Fenchel–Young and dom f* are in the conformance tests.)
#include <cmath>
#include <functional>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "objectives/f_divergence.hpp"

using namespace divbench;

namespace {

double central_difference(double (*fn)(double), double x, double h) {
  return (fn(x + h) - fn(x - h)) / (2.0 * h);
}

void check_derivative(const char* what, double (*fn)(double), double (*derivative)(double),
                      double x) {
  // Small enough for points 2.5e-3 from the boundary of dom f*, large enough for round-off.
  const double h = 1e-6 * std::max(1.0, std::abs(x));
  const double fd = central_difference(fn, x, h);
  const double analytic = derivative(x);
  INFO(fmt::format("{} at {}: finite difference {}, analytic {}", what, x, fd, analytic));
  CHECK(fd == Approx(analytic).epsilon(1e-6).margin(1e-8));
}

// A 1-D density given by its logarithm.
using LogDensity = std::function<double(double)>;

LogDensity gaussian(double mean, double std) {
  return [=](double x) {
    const double z = (x - mean) / std;
    return -0.5 * z * z - std::log(std) - 0.5 * std::log(2.0 * M_PI);
  };
}

LogDensity mixture(double w, const LogDensity& a, const LogDensity& b) {
  return [=](double x) {
    const double la = std::log(w) + a(x);
    const double lb = std::log(1.0 - w) + b(x);
    const double m = std::max(la, lb);
    return m + std::log(std::exp(la - m) + std::exp(lb - m));
  };
}

// Both pairs' densities carry less than 1e-19 of their mass beyond; within, neither underflows and
// p/q stays inside double's range, so the integrands need no special cases.
constexpr double kLimit = 15.0;

// ∫ g over [-kLimit, kLimit], split where log p = log q so that piecewise-smooth integrands (T* of
// total variation jumps there) are integrated piece by piece.
double integrate(const std::function<double(double)>& g, const LogDensity& lp,
                 const LogDensity& lq) {
  std::vector<double> cuts{-kLimit};
  const auto diff = [&](double x) { return lp(x) - lq(x); };
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    const double a = -kLimit + 2.0 * kLimit * i / n;
    const double b = a + 2.0 * kLimit / n;
    if ((diff(a) < 0.0) != (diff(b) < 0.0)) {
      boost::uintmax_t iterations = 200;
      const auto root = boost::math::tools::toms748_solve(
          diff, a, b, boost::math::tools::eps_tolerance<double>(52), iterations);
      cuts.push_back(0.5 * (root.first + root.second));
    }
  }
  cuts.push_back(kLimit);
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    total += boost::math::quadrature::gauss_kronrod<double, 61>::integrate(g, cuts[i], cuts[i + 1],
                                                                           20, 1e-14);
  }
  return total;
}

// D_f(P || Q) = ∫ q f(p/q).
double direct(const FDivergence& d, const LogDensity& lp, const LogDensity& lq) {
  return integrate([&](double x) { return std::exp(lq(x)) * d.f(std::exp(lp(x) - lq(x))); }, lp,
                   lq);
}

// The variational bound E_P[T*] - E_Q[f*(T*)] at T* = f'(p/q) (Nowozin et al. 2016, eq. 5), with
// the critic evaluated as in training, T = g_f(v) at v* = optimal_output(log p/q): where p/q is
// large, f'(p/q) itself rounds onto the boundary of dom f* (Neyman's 1 - (q/p)^2 becomes 1).
double bound_at_optimal_critic(const FDivergence& d, const LogDensity& lp, const LogDensity& lq) {
  return integrate(
      [&](double x) {
        const double v = d.optimal_output(lp(x) - lq(x));
        return std::exp(lp(x)) * d.activation(v) - std::exp(lq(x)) * d.conjugate_of_activation(v);
      },
      lp, lq);
}

double kl_gaussians(double m1, double s1, double m2, double s2) {
  return std::log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2.0 * s2 * s2) - 0.5;
}

}  // namespace

TEST_CASE("f-divergence derivatives match finite differences", "[objectives][f-divergence]") {
  for (const FDivergence& d : f_divergences()) {
    SECTION(d.name) {
      for (const double u : {0.05, 0.3, 0.7, 1.6, 4.0, 25.0})
        check_derivative("f'", d.f, d.f_prime, u);
      for (double v = -6.0; v <= 6.0; v += 0.75) {
        check_derivative("g_f'", d.activation, d.activation_prime, v);
        check_derivative("f*(g_f)'", d.conjugate_of_activation, d.conjugate_of_activation_prime, v);
        check_derivative("h(e^r)'", d.ratio_loss, d.ratio_loss_prime,
                         v + 0.1);  // avoid r = 0 for TV
        const double t = d.activation(v);
        if (std::abs(t) < 0.49 || std::string_view(d.name) != "tv") {
          check_derivative("f*'", d.conjugate, d.conjugate_prime, t);
        }
      }
    }
  }
}

TEST_CASE("fused critic functions equal their compositions and stay finite",
          "[objectives][f-divergence]") {
  for (const FDivergence& d : f_divergences()) {
    SECTION(d.name) {
      // Beyond |v| = 10 the plain composition loses digits near the boundary of dom f* (which is
      // why the fused forms exist), so it is no reference there.
      for (double v = -10.0; v <= 10.0; v += 0.25) {
        INFO(fmt::format("v = {}", v));
        CHECK(d.conjugate_of_activation(v) ==
              Approx(d.conjugate(d.activation(v))).epsilon(1e-9).margin(1e-9));
      }
      for (const double v : {-50.0, 50.0}) {
        CHECK(std::isfinite(d.conjugate_of_activation(v)));
        CHECK(std::isfinite(d.conjugate_of_activation_prime(v)));
        CHECK(std::isfinite(d.activation(v)));
        CHECK(std::isfinite(d.activation_prime(v)));
      }
    }
  }
}

TEST_CASE("the optimal output maps to T* = f'(p/q)", "[objectives][f-divergence]") {
  for (const FDivergence& d : f_divergences()) {
    SECTION(d.name) {
      for (double lr = -6.0; lr <= 6.0; lr += 0.4) {
        INFO(fmt::format("log p/q = {}", lr));
        CHECK(d.activation(d.optimal_output(lr)) ==
              Approx(d.f_prime(std::exp(lr))).epsilon(1e-9).margin(1e-12));
      }
    }
  }
}

TEST_CASE("density-ratio losses are h(u) = f(u) - u f'(u) at u = e^r",
          "[objectives][f-divergence]") {
  for (const FDivergence& d : f_divergences()) {
    SECTION(d.name) {
      for (double r = -5.0; r <= 5.0; r += 0.37) {
        const double u = std::exp(r);
        INFO(fmt::format("r = {}", r));
        CHECK(d.ratio_loss(r) == Approx(d.f(u) - u * d.f_prime(u)).epsilon(1e-9).margin(1e-12));
        CHECK(d.ratio_loss(r) == Approx(-d.conjugate(d.f_prime(u))).epsilon(1e-9).margin(1e-12));
      }
    }
  }
}

TEST_CASE("wright_omega solves w + log w = y, beyond exp's range too",
          "[objectives][f-divergence]") {
  for (const double y : {-30.0, -1.0, 0.0, 1.0, 10.0, 699.0, 701.0, 5000.0, 1e6}) {
    const double w = wright_omega(y);
    INFO(fmt::format("y = {}, w = {}", y, w));
    CHECK(w + std::log(w) == Approx(y).epsilon(1e-13).margin(1e-13));
  }
  CHECK(wright_omega(1.0) == Approx(1.0));  // W(e) = 1
}

TEST_CASE("the f-GAN bound is tight at T* = f'(p/q): quadrature against quadrature",
          "[objectives][f-divergence]") {
  const LogDensity p_gauss = gaussian(0.0, 1.0);
  const LogDensity q_gauss = gaussian(1.0, 1.5);
  const LogDensity p_mix = mixture(0.4, gaussian(-1.5, 0.5), gaussian(1.5, 0.7));
  const LogDensity q_fit = gaussian(0.3, 1.5);
  struct Pair {
    const char* name;
    LogDensity p, q;
  };
  // Neyman chi^2(P || Q) = ∫ q^2/p - 1 is infinite when Q has heavier tails than P, as in both
  // pairs; for it the pairs are swapped, which makes it finite.
  for (const FDivergence& d : f_divergences()) {
    const bool swap = std::string_view(d.name) == "neyman";
    for (const Pair& pair :
         {Pair{"N(0,1) vs N(1,1.5^2)", p_gauss, q_gauss},
          Pair{"0.4 N(-1.5,0.5^2) + 0.6 N(1.5,0.7^2) vs N(0.3,1.5^2)", p_mix, q_fit}}) {
      const LogDensity& lp = swap ? pair.q : pair.p;
      const LogDensity& lq = swap ? pair.p : pair.q;
      const double exact = direct(d, lp, lq);
      const double bound = bound_at_optimal_critic(d, lp, lq);
      INFO(fmt::format("{} on {}{}: D_f = {:.12g}, bound at T* = {:.12g}", d.name, pair.name,
                       swap ? " (swapped)" : "", exact, bound));
      CHECK(std::isfinite(exact));
      CHECK(bound == Approx(exact).epsilon(1e-6));
    }
  }
}

TEST_CASE("KL and reverse KL by quadrature match the closed form for Gaussians",
          "[objectives][f-divergence]") {
  const LogDensity p = gaussian(0.0, 1.0);
  const LogDensity q = gaussian(1.0, 1.5);
  const double kl = kl_gaussians(0.0, 1.0, 1.0, 1.5);       // KL(P || Q)
  const double reverse = kl_gaussians(1.0, 1.5, 0.0, 1.0);  // KL(Q || P)
  const FDivergence& f_kl = *find_f_divergence("kl");
  const FDivergence& f_rkl = *find_f_divergence("rkl");
  const FDivergence& f_jeffrey = *find_f_divergence("jeffrey");
  CHECK(direct(f_kl, p, q) == Approx(kl).epsilon(1e-9));
  CHECK(bound_at_optimal_critic(f_kl, p, q) == Approx(kl).epsilon(1e-9));
  CHECK(direct(f_rkl, p, q) == Approx(reverse).epsilon(1e-9));
  CHECK(bound_at_optimal_critic(f_rkl, p, q) == Approx(reverse).epsilon(1e-9));
  CHECK(direct(f_jeffrey, p, q) == Approx(kl + reverse).epsilon(1e-9));
}

TEST_CASE("Total variation and Neyman chi^2 by quadrature match their closed forms",
          "[objectives][f-divergence]") {
  // Independent of the table's own identities: D_f = ∫ q f(p/q) by quadrature against closed forms.
  // TV(N(0,1), N(1,1)) = (1/2) ∫ |p - q| = 2 Phi(1/2) - 1.
  const double phi_half = 0.5 * std::erfc(-0.5 / std::sqrt(2.0));
  CHECK(direct(*find_f_divergence("tv"), gaussian(0.0, 1.0), gaussian(1.0, 1.0)) ==
        Approx(2.0 * phi_half - 1.0).epsilon(1e-10));
  // Neyman chi^2(P || Q) = ∫ (p - q)^2 / p = ∫ q^2 / p - 1 = 1 / (s sqrt(2 - s^2)) - 1 for
  // P = N(0, 1), Q = N(0, s^2), s^2 < 2.
  for (const double s : {0.5, 0.8, 1.2}) {
    INFO(fmt::format("s = {}", s));
    CHECK(direct(*find_f_divergence("neyman"), gaussian(0.0, 1.0), gaussian(0.0, s)) ==
          Approx(1.0 / (s * std::sqrt(2.0 - s * s)) - 1.0).epsilon(1e-9));
  }
}

TEST_CASE("The GAN and JS generators f stay exact for large and small u",
          "[objectives][f-divergence]") {
  const FDivergence& gan = *find_f_divergence("gan");
  const FDivergence& js = *find_f_divergence("js");
  // f_gan(u) = u log u - (u + 1) log(u + 1) = -log u - 1 + O(log(u)/u) for large u; at u = e^40
  // the plain form cancels to 0. Exactly: -e^40 log1p(e^-40) - 40 - log1p(e^-40) = -41 + 1.5 e^-40.
  CHECK(gan.f(std::exp(40.0)) == Approx(-41.0).epsilon(1e-14));
  CHECK(gan.f(std::exp(300.0)) == Approx(-301.0).epsilon(1e-14));
  CHECK(gan.f_prime(std::exp(40.0)) == Approx(-std::exp(-40.0)).epsilon(1e-12));
  // f_js = f_gan + (u + 1) log 2.
  const double u = std::exp(40.0);
  CHECK(js.f(u) == Approx(-41.0 + (u + 1.0) * std::log(2.0)).epsilon(1e-15));
  // Small u: f_gan(u) = u log u - u + O(u^2), f_js(0) = log 2, f_gan(0) = 0.
  CHECK(gan.f(1e-30) == Approx(1e-30 * std::log(1e-30) - 1e-30).epsilon(1e-12));
  CHECK(gan.f(0.0) == 0.0);
  CHECK(js.f(0.0) == Approx(std::log(2.0)));
  // Ordinary u agrees with the plain form to rounding.
  for (const double x : {0.1, 0.5, 1.0, 2.0, 30.0}) {
    CHECK(gan.f(x) == Approx(x * std::log(x) - (x + 1.0) * std::log(x + 1.0)).epsilon(1e-13));
    CHECK(js.f(x) == Approx(x * std::log(x) - (x + 1.0) * std::log((x + 1.0) / 2.0))
                         .epsilon(1e-13)
                         .margin(1e-15));
  }
}

TEST_CASE("f_scaled is f(u) / max(1, u) from log u, and stays finite where u does not",
          "[objectives][f-divergence]") {
  for (const FDivergence& d : f_divergences()) {
    for (const double lr : {-30.0, -3.0, -0.5, -1e-3, 0.0, 1e-3, 0.7, 4.0, 30.0}) {
      const double u = std::exp(lr);
      INFO(fmt::format("{} at log u = {}", d.name, lr));
      CHECK(d.f_scaled(lr) == Approx(d.f(u) / std::max(1.0, u)).epsilon(1e-11).margin(1e-14));
    }
    // Far beyond exp's range the value follows the closed forms below, finite except where
    // f(u)/u itself grows exponentially (Pearson above, Neyman below).
    for (const double lr : {-5000.0, 5000.0}) {
      const double v = d.f_scaled(lr);
      const bool exponential = (std::string_view(d.name) == "pearson" && lr > 0.0) ||
                               (std::string_view(d.name) == "neyman" && lr < 0.0);
      INFO(fmt::format("{} at log u = {}: {}", d.name, lr, v));
      CHECK((exponential ? v == std::numeric_limits<double>::infinity() : std::isfinite(v)));
    }
  }
  const auto at = [](const char* name, double lr) { return find_f_divergence(name)->f_scaled(lr); };
  CHECK(at("kl", 5000.0) == 5000.0);        // u log u / u = log u
  CHECK(at("rkl", -5000.0) == 5000.0);      // -log u
  CHECK(at("jeffrey", -5000.0) == 5000.0);  // (u - 1) log u -> -log u
  CHECK(at("jeffrey", 5000.0) == 5000.0);   // (1 - 1/u) log u
  CHECK(at("hellinger", 5000.0) == 1.0);    // (1 - u^-1/2)^2
  CHECK(at("gan", 5000.0) == 0.0);          // -log1p(1/u) - log1p(u)/u
  CHECK(at("js", 5000.0) == Approx(std::log(2.0)));
  CHECK(at("tv", -5000.0) == 0.5);
}
