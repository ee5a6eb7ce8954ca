// The standard GAN losses against their closed forms.
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "objectives/gan_minimax.hpp"
#include "objectives/gan_ns.hpp"
#include "objectives/logistic.hpp"

using namespace divbench;

TEST_CASE("logistic pieces are accurate where naive formulas fail", "[objectives]") {
  CHECK(softplus(0.0) == Approx(std::log(2.0)));
  CHECK(softplus(50.0) == Approx(50.0));
  CHECK(softplus(-50.0) ==
        Approx(std::exp(-50.0)).epsilon(1e-12));  // naive log(1 + e^-50) rounds to 0
  CHECK(softplus(800.0) == 800.0);
  CHECK(sigmoid(-800.0) == 0.0);
  CHECK(sigmoid(800.0) == 1.0);
  CHECK(sigmoid(-50.0) == Approx(std::exp(-50.0)).epsilon(1e-12));
}

TEST_CASE("GAN losses at known points", "[objectives]") {
  const GanNs ns;
  const GanMinimax mm;
  const std::vector<float> zero{0.0F, 0.0F};
  std::vector<float> gr(2), gf(2);
  // D(x) = 1/2 everywhere: L_D = 2 log 2, the value at the saddle point (Goodfellow et al. Thm 1).
  CHECK(ns.discriminator_loss(zero, zero, gr, gf) == Approx(2 * std::log(2.0)));
  CHECK(gr[0] == Approx(-0.25));  // -sigmoid(0) / 2
  CHECK(gf[0] == Approx(0.25));
  CHECK(ns.generator_loss(zero, gf) == Approx(std::log(2.0)));
  CHECK(mm.generator_loss(zero, gf) == Approx(-std::log(2.0)));

  // A confident discriminator rejecting fakes (v = -50): the minimax gradient vanishes
  // (saturation), the non-saturating one does not.
  const std::vector<float> rejected{-50.0F};
  std::vector<float> g(1);
  mm.generator_loss(rejected, g);
  CHECK(std::abs(g[0]) < 1e-20);
  CHECK(ns.generator_loss(rejected, g) == Approx(50.0));
  CHECK(g[0] == Approx(-1.0));
}
