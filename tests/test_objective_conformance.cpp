// Conformance over the whole objective registry, plugins included (DIVBENCH_PLUGIN_PATH, loaded by
// tests/main.cpp): every objective, present and future, gets these checks without writing a test.
// Every gradient entry written, gradients against central differences of the returned loss, finite
// losses, gradients and estimates at outputs of +-50, batch-size independence of the loss scale,
// stable estimate names; for the f-GAN family also T = g_f(v) inside dom f*, Fenchel–Young and
// f*(f'(u)) = u f'(u) - f(u). Non-default variants (the saddle generator loss, other parameters)
// are listed in kVariants.
#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/rng.hpp"
#include "objectives/f_gan.hpp"
#include "objectives/objective_registry.hpp"
#include "tests/random_outputs.hpp"

using namespace divbench;

namespace {

using testing::random_outputs;

// Central difference with h = 1e-3 on float inputs; losses are returned in double.
// Tolerance as in tests/gradient_check.hpp.
bool close(double fd, double analytic) {
  return std::abs(fd - analytic) <= 1e-4 + 1e-2 * std::abs(analytic);
}

void check_d_gradients(const Objective& obj, std::vector<float> real, std::vector<float> fake) {
  std::vector<float> gr(real.size());
  std::vector<float> gf(fake.size());
  obj.discriminator_loss(real, fake, gr, gf);
  std::vector<float> scratch_r(real.size());
  std::vector<float> scratch_f(fake.size());
  const double h = 1e-3;
  for (int which = 0; which < 2; ++which) {
    auto& v = which == 0 ? real : fake;
    const auto& g = which == 0 ? gr : gf;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const float saved = v[i];
      v[i] = static_cast<float>(saved + h);
      const double up = v[i];
      const double plus = obj.discriminator_loss(real, fake, scratch_r, scratch_f);
      v[i] = static_cast<float>(saved - h);
      const double down = v[i];
      const double minus = obj.discriminator_loss(real, fake, scratch_r, scratch_f);
      v[i] = saved;
      const double fd = (plus - minus) / (up - down);
      INFO(fmt::format("{}[{}] at {}: fd {} analytic {}", which == 0 ? "real" : "fake", i, saved,
                       fd, g[i]));
      CHECK(close(fd, g[i]));
    }
  }
}

// The generator's loss as the training loop calls it: with the real outputs for relativistic
// objectives (whose loss depends on them), else from the generated outputs alone.
double g_loss(const Objective& obj, std::span<const float> real, std::span<const float> fake,
              std::span<float> grad_real, std::span<float> grad_fake) {
  return obj.generator_sees_real() ? obj.generator_loss_with_real(real, fake, grad_real, grad_fake)
                                   : obj.generator_loss(fake, grad_fake);
}

// Both gradients of the generator's loss (generator_loss_with_real; the default one writes zeros
// for the real outputs, which finite differences then confirm).
void check_g_gradients(const Objective& obj, std::vector<float> real, std::vector<float> fake) {
  std::vector<float> gr(real.size()), gf(fake.size());
  obj.generator_loss_with_real(real, fake, gr, gf);
  std::vector<float> scratch_r(real.size()), scratch_f(fake.size());
  const double h = 1e-3;
  for (int which = 0; which < 2; ++which) {
    auto& v = which == 0 ? real : fake;
    const auto& g = which == 0 ? gr : gf;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const float saved = v[i];
      v[i] = static_cast<float>(saved + h);
      const double up = v[i];
      const double plus = obj.generator_loss_with_real(real, fake, scratch_r, scratch_f);
      v[i] = static_cast<float>(saved - h);
      const double down = v[i];
      const double minus = obj.generator_loss_with_real(real, fake, scratch_r, scratch_f);
      v[i] = saved;
      const double fd = (plus - minus) / (up - down);
      INFO(fmt::format("generator loss, {}[{}] at {}: fd {} analytic {}",
                       which == 0 ? "real" : "fake", i, saved, fd, g[i]));
      CHECK(close(fd, g[i]));
    }
  }
  if (!obj.generator_sees_real()) {  // the loss without real outputs is the same loss
    std::vector<float> g(fake.size());
    CHECK(obj.generator_loss(fake, g) ==
          Approx(obj.generator_loss_with_real(real, fake, scratch_r, scratch_f)).epsilon(1e-12));
    for (std::size_t i = 0; i < fake.size(); ++i) CHECK(g[i] == gf[i]);
  }
}

bool all_finite(const std::vector<float>& v) {
  for (const float x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

bool all_finite(const std::vector<Estimate>& estimates) {
  for (const auto& e : estimates) {
    if (!std::isfinite(e.value)) return false;
  }
  return true;
}

std::vector<double> log_grid(double lo, double hi, int n) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(lo * std::pow(hi / lo, i / (n - 1.0)));
  return out;
}

// The convex-analysis identities of one f-divergence row (Nowozin et al. 2016, §2.2): the critic's
// range lies in dom f*; Fenchel–Young f*(t) >= t u - f(u) for every u > 0 and t in dom f*; and
// equality at t = f'(u).
void check_f_divergence(const FDivergence& d) {
  std::vector<double> ts;
  for (double v = -30.0; v <= 30.0; v += 0.5) {
    const double t = d.activation(v);
    INFO(fmt::format("g_f({}) = {}", v, t));
    CHECK(d.in_domain(t));
    ts.push_back(t);
  }
  for (const double u : log_grid(1e-3, 1e3, 61)) {
    for (const double t : ts) {
      const double lhs = d.conjugate(t);
      const double rhs = t * u - d.f(u);
      INFO(fmt::format("Fenchel–Young at u = {}, t = {}: f*(t) = {}, t u - f(u) = {}", u, t, lhs,
                       rhs));
      CHECK(lhs >= rhs - 1e-12 * (1.0 + std::abs(rhs)));
    }
    if (std::abs(u - 1.0) < 1e-9) continue;  // f' of total variation jumps at u = 1
    const double t = d.f_prime(u);
    const double expected = u * t - d.f(u);
    INFO(fmt::format("f*(f'(u)) at u = {}: f'(u) = {}, f*(f'(u)) = {}, u f'(u) - f(u) = {}", u, t,
                     d.conjugate(t), expected));
    CHECK(d.in_domain(t));
    CHECK(d.conjugate(t) == Approx(expected).epsilon(1e-9).margin(1e-12));
  }
}

// Objectives the registry builds with non-default parameters, covered like the defaults.
std::vector<std::string> variants() {
  std::vector<std::string> out{"gan-ns+kl:lambda=10", "lsgan:a=0,b=1,c=1", "fkl:clamp=3",
                               "wgan:clip=0.1", "wgan:clip=0"};
  for (const FDivergence& f : f_divergences())
    out.push_back(fmt::format("fgan-{}:generator=saddle", f.name));
  return out;
}

void check_objective(const std::string& spec) {
  const auto obj = objective_registry().make(spec);
  REQUIRE(obj != nullptr);

  SECTION("every gradient entry is written") {
    const auto r = random_outputs(7, 6, 2.0F);
    const auto f = random_outputs(5, 7, 2.0F);
    std::vector<float> gr(7, std::nanf("")), gf(5, std::nanf(""));
    CHECK(std::isfinite(obj->discriminator_loss(r, f, gr, gf)));
    CHECK(all_finite(gr));
    CHECK(all_finite(gf));
    std::vector<float> g(5, std::nanf("")), g_real(7, std::nanf(""));
    CHECK(std::isfinite(obj->generator_loss_with_real(r, f, g_real, g)));
    CHECK(all_finite(g));
    CHECK(all_finite(g_real));
  }
  SECTION("estimates: finite, named, the same names every time") {
    const auto first = obj->estimates(random_outputs(9, 8, 1.0F), random_outputs(11, 9, 1.0F));
    const auto second = obj->estimates(random_outputs(4, 10, 3.0F), random_outputs(4, 11, 3.0F));
    REQUIRE_FALSE(first.empty());
    CHECK(all_finite(first));
    REQUIRE(first.size() == second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      CHECK_FALSE(first[i].name.empty());
      CHECK(first[i].name == second[i].name);
    }
  }
  if (const auto* fgan = dynamic_cast<const FGan*>(obj.get()); fgan != nullptr) {
    SECTION("f-GAN identities: T in dom f*, Fenchel–Young, f*(f'(u)) = u f'(u) - f(u)") {
      check_f_divergence(fgan->divergence());
    }
  }

  SECTION("gradients match finite differences (batches of different sizes)") {
    check_d_gradients(*obj, random_outputs(6, 1, 1.5F), random_outputs(4, 2, 1.5F));
    check_g_gradients(*obj, random_outputs(4, 4, 1.5F), random_outputs(5, 3, 1.5F));
    check_g_gradients(*obj, random_outputs(5, 5, 1.5F), random_outputs(5, 6, 1.5F));
  }
  SECTION("finite losses and gradients at outputs of +-50") {
    const std::vector<float> extreme{50.0F, -50.0F, 50.0F, -50.0F};
    std::vector<float> gr(4);
    std::vector<float> gf(4);
    CHECK(std::isfinite(obj->discriminator_loss(extreme, extreme, gr, gf)));
    CHECK(all_finite(gr));
    CHECK(all_finite(gf));
    CHECK(std::isfinite(g_loss(*obj, extreme, extreme, gr, gf)));
    CHECK(all_finite(gr));
    CHECK(all_finite(gf));
    CHECK(all_finite(obj->estimates(extreme, extreme)));
  }
  SECTION("at outputs of +-100: finite double losses; gradients finite or +-inf, never NaN") {
    // Exponential critics (fgan-kl: e^(v - 1)) overflow float gradients once |v| > 89 while the
    // double loss is finite: the gradient must then be an infinity, which the training loop turns
    // into a diverged run at that step (harness/trainer.cpp), never a NaN that hides where.
    const std::vector<float> extreme{100.0F, -100.0F, 100.0F, -100.0F};
    std::vector<float> gr(4);
    std::vector<float> gf(4);
    const auto no_nan = [](const std::vector<float>& g) {
      return std::none_of(g.begin(), g.end(), [](float x) { return std::isnan(x); });
    };
    CHECK(std::isfinite(obj->discriminator_loss(extreme, extreme, gr, gf)));
    CHECK(no_nan(gr));
    CHECK(no_nan(gf));
    CHECK(std::isfinite(g_loss(*obj, extreme, extreme, gr, gf)));
    CHECK(no_nan(gr));
    CHECK(no_nan(gf));
    for (const Estimate& e : obj->estimates(extreme, extreme)) CHECK_FALSE(std::isnan(e.value));
  }
  SECTION("losses are batch means: repeating a batch changes neither loss") {
    const auto r = random_outputs(3, 4, 1.0F);
    const auto f = random_outputs(3, 5, 1.0F);
    std::vector<float> rr(r);
    rr.insert(rr.end(), r.begin(), r.end());
    std::vector<float> ff(f);
    ff.insert(ff.end(), f.begin(), f.end());
    std::vector<float> g3a(3), g3b(3), g6a(6), g6b(6);
    CHECK(obj->discriminator_loss(r, f, g3a, g3b) ==
          Approx(obj->discriminator_loss(rr, ff, g6a, g6b)).epsilon(1e-12));
    CHECK(g_loss(*obj, r, f, g3b, g3a) ==
          Approx(g_loss(*obj, rr, ff, g6b, g6a)).epsilon(1e-12));
  }
}

}  // namespace

TEST_CASE("every registered objective conforms", "[objectives][conformance]") {
  for (const auto& entry : objective_registry().entries()) {
    SECTION(entry.name) {
      CHECK_FALSE(entry.summary.empty());
      CHECK_FALSE(entry.reference.empty());
      check_objective(entry.name);
    }
  }
}

TEST_CASE("non-default variants of the registered objectives conform",
          "[objectives][conformance]") {
  for (const auto& spec : variants()) {
    SECTION(spec) { check_objective(spec); }
  }
}

TEST_CASE("unknown objective names list the known ones", "[objectives]") {
  CHECK_THROWS_WITH(make_objective("gan-nss"), Catch::Contains("unknown objective 'gan-nss'") &&
                                                   Catch::Contains("did you mean 'gan-ns'") &&
                                                   Catch::Contains("gan-minimax"));
  CHECK_THROWS_WITH(make_objective("gan-ns:lambda=1"),
                    Catch::Contains("has no parameter 'lambda'"));
}
