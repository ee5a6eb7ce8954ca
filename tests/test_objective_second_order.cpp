// Conformance over the objective registry for the second derivatives that unrolled GANs need
// (Objective::discriminator_loss_tangent, ∇²_V L_D · V̇): every built-in objective provides them,
// and each matches central differences of its own first derivatives along the same tangent,
//   ġ ≈ (∇L(V + h V̇) - ∇L(V - h V̇)) / 2h,
// with the tangent's step exact in float (h a power of two, V̇ in {±1/2, ±1, ±3/2}), differences
// taken in double. Hinge losses are checked away from their kinks, where the second derivative
// exists (it is zero). Plugins provide none (the ABI has no second derivatives): they return
// false, and the unrolled schedule refuses them (tests/test_unrolled.cpp).
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "objectives/objective_registry.hpp"
#include "objectives/plugin_loader.hpp"
#include "tests/random_outputs.hpp"

using namespace divbench;

namespace {

// Outputs on the float grid of step 1/64 in [-2, 2], kept 1/32 away from ±1 (the hinges' kinks
// for unrelativistic hinge losses).
std::vector<float> grid_outputs(std::size_t n, std::uint64_t seed) {
  std::vector<float> v = testing::random_outputs(n, seed, 1.0F);
  for (float& x : v) {
    x = std::round(std::clamp(x, -2.0F, 2.0F) * 64.0F) / 64.0F;
    if (std::abs(std::abs(x) - 1.0F) < 1.0F / 32.0F) x += x > 0 ? 0.0625F : -0.0625F;
  }
  return v;
}

std::vector<float> tangent_of(std::size_t n, std::uint64_t seed) {
  const float choices[] = {-1.5F, -1.0F, -0.5F, 0.5F, 1.0F, 1.5F};
  std::vector<float> v = testing::random_outputs(n, seed, 1.0F);
  for (float& x : v) x = choices[static_cast<int>(std::abs(x) * 1000.0F) % 6];
  return v;
}

}  // namespace

TEST_CASE("every objective's second derivatives match differences of its first derivatives",
          "[objectives][conformance][second-order]") {
  const bool plugins = !loaded_objective_plugins().empty();
  for (const std::string& name : objective_registry().names_in_order()) {
    for (const auto& sizes : {std::pair<std::size_t, std::size_t>{5, 5}, {4, 3}}) {
      const std::size_t n_real = sizes.first;  // not a structured binding: lambdas capture these
      const std::size_t n_fake = sizes.second;
      const auto objective = make_objective(name);
      const std::vector<float> real = grid_outputs(n_real, 11);
      const std::vector<float> fake = grid_outputs(n_fake, 12);
      const std::vector<float> real_dot = tangent_of(n_real, 13);
      const std::vector<float> fake_dot = tangent_of(n_fake, 14);
      std::vector<float> gr_dot(n_real, -7.0F), gf_dot(n_fake, -7.0F);
      const bool provided =
          objective->discriminator_loss_tangent(real, fake, real_dot, fake_dot, gr_dot, gf_dot);
      INFO(fmt::format("objective {}, {} real and {} generated outputs", name, n_real, n_fake));
      if (!provided) {
        CHECK(plugins);  // only plugins may lack them
        continue;
      }
      const float h = 1.0F / 1024.0F;
      const auto gradients = [&](float sign, std::vector<float>& gr, std::vector<float>& gf) {
        std::vector<float> r(real), f(fake);
        for (std::size_t i = 0; i < n_real; ++i) r[i] += sign * h * real_dot[i];  // exact
        for (std::size_t i = 0; i < n_fake; ++i) f[i] += sign * h * fake_dot[i];
        gr.resize(n_real);
        gf.resize(n_fake);
        objective->discriminator_loss(r, f, gr, gf);
      };
      std::vector<float> gr_up, gf_up, gr_down, gf_down;
      gradients(1.0F, gr_up, gf_up);
      gradients(-1.0F, gr_down, gf_down);
      double scale = 1e-6;
      for (std::size_t i = 0; i < n_real; ++i)
        scale = std::max(scale, std::abs(double{gr_up[i]} - gr_down[i]) / (2.0 * h));
      for (std::size_t i = 0; i < n_fake; ++i)
        scale = std::max(scale, std::abs(double{gf_up[i]} - gf_down[i]) / (2.0 * h));
      for (int which = 0; which < 2; ++which) {
        const auto& up = which == 0 ? gr_up : gf_up;
        const auto& down = which == 0 ? gr_down : gf_down;
        const auto& analytic = which == 0 ? gr_dot : gf_dot;
        for (std::size_t i = 0; i < up.size(); ++i) {
          const double fd = (double{up[i]} - double{down[i]}) / (2.0 * h);
          INFO(fmt::format("{}[{}]: differences {} analytic {}", which == 0 ? "real" : "fake", i,
                           fd, analytic[i]));
          CHECK(std::abs(fd - analytic[i]) <= 1e-3 * scale + 2e-4 * std::abs(analytic[i]));
        }
      }
    }
  }
}
