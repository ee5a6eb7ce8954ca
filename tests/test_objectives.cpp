// Objectives against closed forms and against each other: identities that the mathematics
// promises between registry entries, the divergence estimates at the optimal discriminator on
// Gaussians with known divergences (Monte Carlo), the fkl guard, the hinge and LSGAN optima,
// resolved specs, and the loop's enforcement of WGAN's weight clip.
#include <cmath>
#include <string>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "harness/trainer.hpp"
#include "common/rng.hpp"
#include "objectives/f_divergence.hpp"
#include "objectives/objective_registry.hpp"
#include "tests/random_outputs.hpp"

using namespace divbench;

namespace {

using testing::random_outputs;

// Both objectives give the same losses and gradients, up to a constant in the generator loss.
void check_same(const std::string& a_spec, const std::string& b_spec, double g_offset = 0.0) {
  INFO(a_spec << " vs " << b_spec);
  const auto a = make_objective(a_spec);
  const auto b = make_objective(b_spec);
  const auto r = random_outputs(16, 1, 3.0F);
  const auto f = random_outputs(16, 2, 3.0F);
  std::vector<float> ar(16), af(16), br(16), bf(16);
  CHECK(a->discriminator_loss(r, f, ar, af) ==
        Approx(b->discriminator_loss(r, f, br, bf)).epsilon(1e-12));
  CHECK(a->generator_loss(f, af) == Approx(b->generator_loss(f, bf) + g_offset).epsilon(1e-12));
  for (std::size_t i = 0; i < 16; ++i) {
    CHECK(ar[i] == Approx(br[i]).epsilon(1e-6));
    CHECK(af[i] == Approx(bf[i]).epsilon(1e-6));
  }
}

// P = N(0, 1) (data), Q = N(1, 1.5^2) (generator); log p/q in closed form.
constexpr double kMq = 1.0, kSq = 1.5;
double log_ratio(double x) {
  const double zq = (x - kMq) / kSq;
  return -0.5 * x * x + 0.5 * zq * zq + std::log(kSq);
}
double kl_gaussians(double m1, double s1, double m2, double s2) {
  return std::log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2.0 * s2 * s2) - 0.5;
}

// D_f(P || Q) for the pair above by quadrature (smooth integrands: no total variation here).
double d_f(const FDivergence& d) {
  const auto integrand = [&](double x) {
    const double lq =
        -0.5 * ((x - kMq) / kSq) * ((x - kMq) / kSq) - std::log(kSq * std::sqrt(2.0 * M_PI));
    return std::exp(lq) * d.f(std::exp(log_ratio(x)));
  };
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(integrand, -15.0, 15.0, 20,
                                                                       1e-13);
}

// Discriminator outputs at the optimum for n samples of P and of Q: out(log p/q).
template <class F>
void optimal_outputs(std::size_t n, F out, std::vector<float>& real, std::vector<float>& fake) {
  Rng rng(7, "gaussians");
  real.resize(n);
  fake.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    real[i] = static_cast<float>(out(log_ratio(rng.normal())));
    fake[i] = static_cast<float>(out(log_ratio(kMq + kSq * rng.normal())));
  }
}

double estimate(const std::vector<Estimate>& estimates, const std::string& name) {
  for (const auto& e : estimates) {
    if (e.name == name) return e.value;
  }
  FAIL("no estimate named " << name);
  return 0.0;
}

}  // namespace

TEST_CASE("registry entries that the mathematics says are equal are equal", "[objectives]") {
  // The f-GAN GAN row with the trick loss is the non-saturating GAN (Nowozin et al. 2016, §3.2).
  check_same("fgan-gan", "gan-ns");
  // The density-ratio loss of the GAN divergence is the minimax GAN's generator loss.
  check_same("ratio-gan", "gan-minimax");
  // rkl and fkl are the ratio losses of reverse and forward KL; h(u) = 1 - log u adds 1.
  check_same("ratio-rkl", "rkl");
  check_same("ratio-kl", "fkl");
  check_same("gan-ns+kl:lambda=0", "gan-ns");
  // lambda = 1 adds the rkl generator loss (up to rkl's constant 1).
  const auto ns = make_objective("gan-ns");
  const auto rkl = make_objective("rkl");
  const auto both = make_objective("gan-ns+kl:lambda=1");
  const auto f = random_outputs(8, 3, 2.0F);
  std::vector<float> g1(8), g2(8), g3(8);
  CHECK(both->generator_loss(f, g3) ==
        Approx(ns->generator_loss(f, g1) + rkl->generator_loss(f, g2) - 1.0).epsilon(1e-12));
  for (std::size_t i = 0; i < 8; ++i) CHECK(g3[i] == Approx(g1[i] + g2[i]).epsilon(1e-6));
}

TEST_CASE("logistic plug-in estimates at the optimal logit recover KL in both directions",
          "[objectives][estimates]") {
  std::vector<float> real, fake;
  optimal_outputs(
      200000, [](double lr) { return lr; }, real, fake);
  const auto est = make_objective("gan-ns")->estimates(real, fake);
  // Monte Carlo standard errors are about 0.002 (kl_fwd) and 0.005 (kl_rev) at n = 2e5.
  CHECK(estimate(est, "kl_fwd") == Approx(kl_gaussians(0.0, 1.0, kMq, kSq)).margin(0.02));
  CHECK(estimate(est, "kl_rev") == Approx(kl_gaussians(kMq, kSq, 0.0, 1.0)).margin(0.03));
  // JSD = (f-GAN's js divergence) / 2.
  CHECK(estimate(est, "jsd") == Approx(d_f(*find_f_divergence("js")) / 2.0).margin(0.01));
}

TEST_CASE("each f-GAN bound at the optimal critic estimates its divergence",
          "[objectives][estimates]") {
  // Rows whose D_f between these Gaussians is finite with a Monte Carlo estimate of finite
  // variance (Neyman's is infinite here; Pearson's integrand has infinite variance under Q).
  for (const char* name : {"kl", "rkl", "hellinger", "jeffrey", "js", "gan"}) {
    SECTION(name) {
      const FDivergence& d = *find_f_divergence(name);
      std::vector<float> real, fake;
      optimal_outputs(200000, d.optimal_output, real, fake);
      const auto est = make_objective(fmt::format("fgan-{}", name))->estimates(real, fake);
      const double exact = d_f(d);
      INFO(fmt::format("D_f = {}", exact));
      CHECK(estimate(est, "fgan_bound") == Approx(exact).margin(0.03));
    }
  }
}

TEST_CASE("df_plugin at the optimal logit estimates D_f: closed forms, not the f-table",
          "[objectives][estimates]") {
  // P = N(0, 1), Q = N(kMq, kSq^2); the logistic discriminator's optimal logit is r = log p/q,
  // and df_plugin = E_Q[f(e^r)] -> D_f(P || Q). Checked against closed forms between Gaussians:
  // KL, reverse KL, Jeffrey (their sum) and squared Hellinger 2 (1 - BC),
  // BC = sqrt(2 s1 s2 / (s1^2 + s2^2)) exp(-dmu^2 / (4 (s1^2 + s2^2))).
  std::vector<float> real, fake;
  optimal_outputs(
      200000, [](double lr) { return lr; }, real, fake);
  const double kl = kl_gaussians(0.0, 1.0, kMq, kSq);
  const double rkl = kl_gaussians(kMq, kSq, 0.0, 1.0);
  const double bc =
      std::sqrt(2.0 * kSq / (1.0 + kSq * kSq)) * std::exp(-kMq * kMq / (4.0 * (1.0 + kSq * kSq)));
  const struct {
    const char* objective;
    double exact;
  } cases[] = {{"ratio-kl", kl},
               {"ratio-rkl", rkl},
               {"ratio-jeffrey", kl + rkl},
               {"ratio-hellinger", 2.0 * (1.0 - bc)}};
  for (const auto& c : cases) {
    INFO(c.objective << ": exact " << c.exact);
    CHECK(estimate(make_objective(c.objective)->estimates(real, fake), "df_plugin") ==
          Approx(c.exact).margin(0.03));
  }
}

TEST_CASE("fkl's guard: r beyond the clamp counts as the clamp, with zero gradient",
          "[objectives]") {
  const auto fkl = make_objective("fkl:clamp=10");
  const std::vector<float> inside{9.0F};
  const std::vector<float> beyond{12.0F};
  std::vector<float> g(1);
  CHECK(fkl->generator_loss(inside, g) == Approx(-std::exp(9.0)));
  CHECK(g[0] == Approx(-std::exp(9.0)));
  CHECK(fkl->generator_loss(beyond, g) == Approx(-std::exp(10.0)));
  CHECK(g[0] == 0.0F);
  // rkl has no exponential and takes no clamp.
  CHECK_THROWS_WITH(make_objective("rkl:clamp=10"), Catch::Contains("has no parameter 'clamp'"));
  CHECK_THROWS_WITH(make_objective("fkl:clamp=-1"), Catch::Contains("clamp must be > 0, found -1"));
}

TEST_CASE("The density-ratio guard clamps only the side where h(e^r) explodes", "[objectives]") {
  // Closed forms of dh/dr (h(u) = f(u) - u f'(u), u = e^r) on the side left exact, at r = -+15,
  // five past the bound: a two-sided clamp gave 0 there.
  struct Case {
    const char* name;
    double r;
    double grad;
  };
  const Case cases[] = {
      {"fkl", -15.0, -std::exp(-15.0)},
      {"ratio-kl", -15.0, -std::exp(-15.0)},
      {"ratio-pearson", -15.0, -2.0 * std::exp(-30.0)},
      {"ratio-hellinger", -15.0, -0.5 * std::exp(-7.5)},
      {"ratio-jeffrey", -15.0, -std::exp(-15.0) - 1.0},  // the reverse-KL half, -1
      {"ratio-neyman", 15.0, -2.0 * std::exp(-15.0)},
  };
  std::vector<float> g(1);
  for (const Case& c : cases) {
    INFO(c.name);
    const auto objective = make_objective(c.name);
    const std::vector<float> r{static_cast<float>(c.r)};
    objective->generator_loss(r, g);
    CHECK(g[0] == Approx(c.grad).epsilon(1e-6));
    CHECK(g[0] != 0.0F);
    // The exploding side is clamped: zero gradient, the loss at the bound.
    const std::vector<float> past{static_cast<float>(-c.r)};
    const double at_bound = objective->generator_loss(past, g);
    CHECK(g[0] == 0.0F);
    const std::vector<float> bound{static_cast<float>(c.r < 0 ? 10.0 : -10.0)};
    CHECK(at_bound == objective->generator_loss(bound, g));
  }
  // Neyman at the bound, from the lower side: h(e^-10) = 2 e^10 - 2.
  const auto neyman = make_objective("ratio-neyman");
  const std::vector<float> low{-30.0F};
  CHECK(neyman->generator_loss(low, g) == Approx(2.0 * std::exp(10.0) - 2.0));
  CHECK(g[0] == 0.0F);
  // Jeffrey far below: h = 1 - e^r - r, finite and exact, gradient -1 (batch of one).
  const auto jeffrey = make_objective("ratio-jeffrey");
  const std::vector<float> far{-1000.0F};
  CHECK(jeffrey->generator_loss(far, g) == Approx(1001.0));
  CHECK(g[0] == -1.0F);
}

TEST_CASE("hinge and LSGAN at their optimal discriminators", "[objectives]") {
  std::vector<float> gr(2), gf(2);
  // Hinge: perfectly separated supports, D = +-1 or beyond: no loss, TV = 1.
  const auto hinge = make_objective("hinge");
  const std::vector<float> real{1.0F, 3.0F};
  const std::vector<float> fake{-1.0F, -2.0F};
  CHECK(hinge->discriminator_loss(real, fake, gr, gf) == 0.0);
  CHECK(gr[0] == 0.0F);
  CHECK(estimate(hinge->estimates(real, fake), "tv") == 1.0);
  // Indistinguishable: D = 0 everywhere gives L_D = 2, TV = 0.
  const std::vector<float> zero{0.0F, 0.0F};
  CHECK(estimate(hinge->estimates(zero, zero), "tv") == 0.0);
  // LSGAN with a = -1, b = 1: D at its targets has zero loss and gradient; for disjoint supports
  // chi2_mix = E_P[(1 - 0)^2] + E_Q[(-1 - 0)^2] = 2 = ∫ (p - q)^2 / (p + q).
  const auto lsgan = make_objective("lsgan");
  const std::vector<float> b{1.0F, 1.0F};
  const std::vector<float> a{-1.0F, -1.0F};
  CHECK(lsgan->discriminator_loss(b, a, gr, gf) == 0.0);
  CHECK(gf[1] == 0.0F);
  CHECK(estimate(lsgan->estimates(b, a), "chi2_mix") == 2.0);
}

TEST_CASE("objective specs resolve with every default", "[objectives][spec]") {
  std::string resolved;
  make_objective("fkl", &resolved);
  CHECK(resolved == "fkl:clamp=10");
  make_objective("fgan-kl:generator=saddle", &resolved);
  CHECK(resolved == "fgan-kl:generator=saddle");
  make_objective("lsgan:b=2", &resolved);
  CHECK(resolved == "lsgan:a=-1,b=2,c=0");
  make_objective("gan-ns", &resolved);
  CHECK(resolved == "gan-ns");
  CHECK_THROWS_WITH(make_objective("fgan-kl:generator=tricks"),
                    Catch::Contains("generator must be 'trick' or 'saddle', found 'tricks'"));
}

TEST_CASE("the loop clips the critic's weights when the objective asks (WGAN)",
          "[objectives][training]") {
  TrainConfig c;
  c.objective = "wgan:clip=0.02";
  c.batch_size = 32;
  c.d_width = 16;
  c.g_width = 16;
  Trainer trainer(c);
  CHECK(trainer.config().objective == "wgan:clip=0.02");
  for (int i = 0; i < 3; ++i) trainer.step();
  float largest = 0.0F;
  for (const ParameterRef& p : trainer.discriminator().parameters()) {
    for (Index i = 0; i < p.size; ++i) largest = std::max(largest, std::abs(p.value[i]));
  }
  CHECK(largest <= 0.02F);
  CHECK(largest == 0.02F);  // PyTorch's default init puts some weights beyond 0.02: clipped
}
