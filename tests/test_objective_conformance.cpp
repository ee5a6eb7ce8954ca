// Conformance over the whole objective registry: every objective, present and future, gets these
// checks without writing a test. Gradients against central differences of the returned loss,
// finite losses and gradients at outputs of +-50, and batch-size independence of the loss scale.
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "models/rng.hpp"
#include "objectives/objective_registry.hpp"

using namespace divbench;

namespace {

std::vector<float> outputs(std::size_t n, std::uint64_t seed, float scale) {
  Rng rng(seed, "outputs");
  std::vector<float> v(n);
  rng.fill_normal(v.data(), static_cast<std::int64_t>(n));
  for (auto& x : v) x *= scale;
  return v;
}

// Central difference with h = 1e-3 on float inputs; losses are returned in double.
// Tolerance as in tests/gradient_check.hpp.
bool close(double fd, double analytic) { return std::abs(fd - analytic) <= 1e-4 + 1e-2 * std::abs(analytic); }

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
      INFO(fmt::format("{}[{}] at {}: fd {} analytic {}", which == 0 ? "real" : "fake", i, saved, fd, g[i]));
      CHECK(close(fd, g[i]));
    }
  }
}

void check_g_gradients(const Objective& obj, std::vector<float> fake) {
  std::vector<float> g(fake.size());
  obj.generator_loss(fake, g);
  std::vector<float> scratch(fake.size());
  const double h = 1e-3;
  for (std::size_t i = 0; i < fake.size(); ++i) {
    const float saved = fake[i];
    fake[i] = static_cast<float>(saved + h);
    const double up = fake[i];
    const double plus = obj.generator_loss(fake, scratch);
    fake[i] = static_cast<float>(saved - h);
    const double down = fake[i];
    const double minus = obj.generator_loss(fake, scratch);
    fake[i] = saved;
    const double fd = (plus - minus) / (up - down);
    INFO(fmt::format("fake[{}] at {}: fd {} analytic {}", i, saved, fd, g[i]));
    CHECK(close(fd, g[i]));
  }
}

bool all_finite(const std::vector<float>& v) {
  for (const float x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("every registered objective conforms", "[objectives][conformance]") {
  for (const auto& entry : objective_registry().entries()) {
    SECTION(entry.name) {
      const auto obj = objective_registry().make(entry.name);
      REQUIRE(obj != nullptr);
      CHECK_FALSE(entry.summary.empty());
      CHECK_FALSE(entry.reference.empty());

      SECTION("gradients match finite differences (batches of different sizes)") {
        check_d_gradients(*obj, outputs(6, 1, 1.5F), outputs(4, 2, 1.5F));
        check_g_gradients(*obj, outputs(5, 3, 1.5F));
      }
      SECTION("finite losses and gradients at outputs of +-50") {
        const std::vector<float> extreme{50.0F, -50.0F, 50.0F, -50.0F};
        std::vector<float> gr(4);
        std::vector<float> gf(4);
        CHECK(std::isfinite(obj->discriminator_loss(extreme, extreme, gr, gf)));
        CHECK(all_finite(gr));
        CHECK(all_finite(gf));
        CHECK(std::isfinite(obj->generator_loss(extreme, gf)));
        CHECK(all_finite(gf));
      }
      SECTION("losses are batch means: repeating a batch changes neither loss") {
        const auto r = outputs(3, 4, 1.0F);
        const auto f = outputs(3, 5, 1.0F);
        std::vector<float> rr(r);
        rr.insert(rr.end(), r.begin(), r.end());
        std::vector<float> ff(f);
        ff.insert(ff.end(), f.begin(), f.end());
        std::vector<float> g3a(3), g3b(3), g6a(6), g6b(6);
        CHECK(obj->discriminator_loss(r, f, g3a, g3b) ==
              Approx(obj->discriminator_loss(rr, ff, g6a, g6b)).epsilon(1e-12));
        CHECK(obj->generator_loss(f, g3a) == Approx(obj->generator_loss(ff, g6a)).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("unknown objective names list the known ones", "[objectives]") {
  CHECK_THROWS_WITH(make_objective("gan-nss"),
                    Catch::Contains("unknown objective 'gan-nss'") && Catch::Contains("did you mean 'gan-ns'") &&
                        Catch::Contains("gan-minimax"));
  CHECK_THROWS_WITH(make_objective("gan-ns:lambda=1"), Catch::Contains("has no parameter 'lambda'"));
}
