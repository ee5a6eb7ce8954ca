// The gaussian-fit experiment's exact side: quadrature against closed-form divergences between
// Gaussians, fits that recover a Gaussian, and the closed-form forward-KL fit of a mixture.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "results/gaussian_fit.hpp"

using namespace divbench;

namespace {

Density1d gaussian(double mu, double sigma) {
  Density1d p;
  p.log_p = [=](double x) {
    const double z = (x - mu) / sigma;
    return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2.0 * M_PI);
  };
  p.lo = mu - 12.0 * sigma;
  p.hi = mu + 12.0 * sigma;
  return p;
}

}  // namespace

TEST_CASE("exact divergences by quadrature match closed forms for Gaussians", "[gaussian-fit]") {
  const Density1d p = gaussian(0.0, 1.0);
  // KL(N(0,1) || N(1, 2^2)) = log 2 + (1 + 1) / 8 - 1/2; KL(N(1,4) || N(0,1)) = -log 2 + (4 + 1)/2
  // - 1/2.
  CHECK(exact_divergence(*find_f_divergence("kl"), p, 1.0, 2.0) ==
        Approx(std::log(2.0) + 2.0 / 8.0 - 0.5).epsilon(1e-9));
  CHECK(exact_divergence(*find_f_divergence("rkl"), p, 1.0, 2.0) ==
        Approx(-std::log(2.0) + 2.5 - 0.5).epsilon(1e-9));
  // Pearson chi^2(N(0,1) || N(0, s^2)) = s / sqrt(2 - 1/s^2) - 1.
  CHECK(exact_divergence(*find_f_divergence("pearson"), p, 0.0, 2.0) ==
        Approx(2.0 / std::sqrt(1.75) - 1.0).epsilon(1e-9));
  // Squared Hellinger (f = (sqrt u - 1)^2): 2 (1 - sqrt(2 s1 s2 / (s1^2 + s2^2))
  // e^{-dmu^2/(4(s1^2+s2^2))}).
  const double bc = std::sqrt(2.0 * 2.0 / 5.0) * std::exp(-1.0 / 20.0);
  CHECK(exact_divergence(*find_f_divergence("hellinger"), p, 1.0, 2.0) ==
        Approx(2.0 * (1.0 - bc)).epsilon(1e-9));
  // D_f(P || P) = f(1): 0 but for the GAN row, whose f(1) = -log 4 (f-GAN Table 1).
  for (const FDivergence& f : f_divergences()) {
    INFO(f.name);
    CHECK(exact_divergence(f, p, 0.0, 1.0) == Approx(f.f(1.0)).margin(1e-10));
  }
}

TEST_CASE("exact divergences stay exact far in the tails, where p/q leaves double's range",
          "[gaussian-fit]") {
  // KL(N(0,1) || N(0, s^2)) = -log s + 1/(2 s^2) - 1/2: 4994.895 for s = 0.01 (log p/q reaches
  // 5000 within one sigma of P; clamping it at 700 gave 561). KL(N(0, s^2) || N(0,1)) =
  // log s + s^2/2 - 1/2 the other way round, and Jeffrey their sum.
  const Density1d p = gaussian(0.0, 1.0);
  const auto kl = [](double s1, double s2) {
    return std::log(s2 / s1) + s1 * s1 / (2.0 * s2 * s2) - 0.5;
  };
  for (const double s : {0.01, 0.003}) {
    INFO(fmt::format("s = {}", s));
    CHECK(exact_divergence(*find_f_divergence("kl"), p, 0.0, s) ==
          Approx(kl(1.0, s)).epsilon(1e-8));
    CHECK(exact_divergence(*find_f_divergence("rkl"), p, 0.0, s) ==
          Approx(kl(s, 1.0)).epsilon(1e-8));
    CHECK(exact_divergence(*find_f_divergence("jeffrey"), p, 0.0, s) ==
          Approx(kl(1.0, s) + kl(s, 1.0)).epsilon(1e-8));
  }
  // Far apart: KL(N(0,1) || N(60,1)) = 60^2/2 = 1800; squared Hellinger 2 (1 - e^(-60^2/8)) = 2.
  CHECK(exact_divergence(*find_f_divergence("kl"), p, 60.0, 1.0) == Approx(1800.0).epsilon(1e-8));
  CHECK(exact_divergence(*find_f_divergence("hellinger"), p, 60.0, 1.0) ==
        Approx(2.0).epsilon(1e-8));
  CHECK(exact_divergence(*find_f_divergence("tv"), p, 60.0, 1.0) == Approx(1.0).epsilon(1e-8));
}

TEST_CASE("fitting a Gaussian to a Gaussian recovers it under every f-divergence",
          "[gaussian-fit][accuracy]") {
  const Density1d p = gaussian(0.7, 1.3);
  for (const FDivergence& f : f_divergences()) {
    INFO(f.name);
    const GaussianFit fit = fit_gaussian(f, p);
    CHECK(fit.mu == Approx(0.7).margin(1e-3));
    CHECK(fit.sigma == Approx(1.3).margin(1e-3));
    CHECK(fit.divergence == Approx(f.f(1.0)).margin(1e-6));
  }
}

TEST_CASE("on mog1d forward KL matches moments and reverse KL picks one mode", "[gaussian-fit]") {
  const Density1d p = mixture_density("mog1d");  // 0.5 N(-2, 0.5^2) + 0.5 N(2, 0.5^2)
  const GaussianFit forward = fit_gaussian(*find_f_divergence("kl"), p);
  CHECK(forward.mu == Approx(0.0).margin(1e-4));
  CHECK(forward.sigma == Approx(std::sqrt(0.25 + 4.0)).epsilon(1e-4));  // the mixture's sd
  const GaussianFit reverse = fit_gaussian(*find_f_divergence("rkl"), p);
  CHECK(std::fabs(reverse.mu) == Approx(2.0).margin(0.01));
  CHECK(reverse.sigma == Approx(0.5).margin(0.01));
  CHECK(reverse.divergence == Approx(std::log(2.0)).margin(1e-3));  // one mode of two, apart
  CHECK_THROWS_WITH(mixture_density("ring8"), Catch::Contains("not a 1-D Gaussian mixture"));
}

TEST_CASE("the gaussian-fit table puts exact and variational fits side by side", "[gaussian-fit]") {
  NamedRuns runs;
  for (const long long seed : {0LL, 1LL}) {
    RunRecord r;
    r.config.dataset = "mog1d";
    r.config.generator = "affine";
    r.config.objective = "fgan-kl";
    r.config.seed = seed;
    r.final_metrics["gen_mean"] = 0.1 * static_cast<double>(seed);
    r.final_metrics["gen_std"] = 2.0;
    runs.emplace_back("", r);
  }
  TableOptions o;
  const Table t = gaussian_fit_table(runs, o);
  REQUIRE(t.row_values == std::vector<std::string>{"fgan-kl"});
  CHECK(t.cells[0][0][0].summary.mean == Approx(0.0).margin(1e-4));               // exact mu
  CHECK(t.cells[0][0][1].summary.mean == Approx(std::sqrt(4.25)).epsilon(1e-4));  // exact sigma
  CHECK(t.cells[0][1][0].summary.mean == Approx(0.05));                           // variational mu
  CHECK(t.cells[0][1][0].runs == 2);
  const std::string md = render_table(t);
  CHECK_THAT(md, Catch::Contains("| objective | exact: mu | exact: sigma | exact: D_f(P||Q) |"));
  CHECK_THAT(md, !Catch::Contains("**"));
}
