// Adam and SGD against values computed by hand from their definitions.
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "models/adam.hpp"
#include "models/optimizer.hpp"
#include "models/sgd.hpp"

using namespace divbench;

TEST_CASE("one and two Adam steps match hand computation", "[optimizers]") {
  std::vector<float> value{1.0F, -2.0F, 0.5F};
  std::vector<float> grad{0.1F, -0.4F, 2.0F};
  Adam adam({{"p", value.data(), grad.data(), 3}}, /*lr=*/0.01, 0.9, 0.999, 1e-8);
  CHECK(adam.step() == nullptr);
  // Step 1: m = 0.1 g, v = 0.001 g^2; m_hat = g, v_hat = g^2, so every entry moves by
  // lr * g / (|g| + eps) = lr * sign(g) (up to eps).
  CHECK(value[0] == Approx(1.0 - 0.01).epsilon(1e-6));
  CHECK(value[1] == Approx(-2.0 + 0.01).epsilon(1e-6));
  CHECK(value[2] == Approx(0.5 - 0.01).epsilon(1e-6));

  // Step 2 with new gradients, computed in double from the definitions.
  grad = {0.3F, 0.1F, -1.0F};
  const double g1[3] = {0.1, -0.4, 2.0};
  const double g2[3] = {0.3, 0.1, -1.0};
  const double start[3] = {1.0 - 0.01, -2.0 + 0.01, 0.5 - 0.01};
  CHECK(adam.step() == nullptr);
  for (int i = 0; i < 3; ++i) {
    const double m = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i];
    const double v = 0.999 * (0.001 * g1[i] * g1[i]) + 0.001 * g2[i] * g2[i];
    const double m_hat = m / (1 - 0.81);
    const double v_hat = v / (1 - 0.999 * 0.999);
    const double expected = start[i] - 0.01 * m_hat / (std::sqrt(v_hat) + 1e-8);
    CHECK(value[static_cast<std::size_t>(i)] == Approx(expected).epsilon(1e-5));
  }
  CHECK(adam.steps_taken() == 2);
}

TEST_CASE("SGD with and without momentum", "[optimizers]") {
  std::vector<float> value{1.0F};
  std::vector<float> grad{0.5F};
  Sgd plain({{"p", value.data(), grad.data(), 1}}, 0.1, 0.0);
  CHECK(plain.step() == nullptr);
  CHECK(value[0] == Approx(0.95));

  value = {1.0F};
  Sgd heavy({{"p", value.data(), grad.data(), 1}}, 0.1, 0.9);
  CHECK(heavy.step() == nullptr);  // b = g = 0.5
  CHECK(value[0] == Approx(0.95));
  grad = {1.0F};
  CHECK(heavy.step() == nullptr);  // b = 0.9 * 0.5 + 1 = 1.45
  CHECK(value[0] == Approx(0.95 - 0.145));
}

TEST_CASE("Adam's eps is added to sqrt(v_hat), outside the square root", "[optimizers]") {
  // g = eps = 1e-3 at step 1: m_hat = g, v_hat = g^2, so the step is lr g / (|g| + eps) = lr / 2.
  // eps inside the root, sqrt(v_hat + eps), would give lr g / sqrt(g^2 + eps) = 0.0316 lr.
  std::vector<float> value{0.0F};
  std::vector<float> grad{1e-3F};
  Adam adam({{"p", value.data(), grad.data(), 1}}, /*lr=*/0.1, 0.9, 0.999, 1e-3);
  CHECK(adam.step() == nullptr);
  CHECK(value[0] == Approx(-0.05).epsilon(1e-5));
}

TEST_CASE("An optimiser reports a gradient that is not finite or whose square overflows float",
          "[optimizers]") {
  std::vector<float> value{1.0F, 2.0F};
  std::vector<float> grad{0.1F, 1e20F};  // finite in float, but g^2 = 1e40 is not
  Adam adam({{"p", value.data(), grad.data(), 2}}, 0.01, 0.5, 0.999, 1e-8);
  const char* fault = adam.step();
  REQUIRE(fault != nullptr);
  CHECK_THAT(fault, Catch::Contains("squared gradient overflows float"));
  // Without the report the parameter would silently stop: v = inf, m / sqrt(v) = 0.
  CHECK(value[1] == 2.0F);
  grad = {std::numeric_limits<float>::infinity(), 0.0F};
  Adam adam2({{"p", value.data(), grad.data(), 2}}, 0.01, 0.5, 0.999, 1e-8);
  CHECK_THAT(adam2.step(), Catch::Contains("not finite"));
  grad = {std::numeric_limits<float>::quiet_NaN(), 0.0F};
  Sgd sgd({{"p", value.data(), grad.data(), 2}}, 0.01, 0.0);
  CHECK_THAT(sgd.step(), Catch::Contains("not finite"));
  grad = {1e20F, -1e30F};  // SGD has no square: large finite gradients are fine
  CHECK(sgd.step() == nullptr);
}

TEST_CASE("make_optimizer rejects bad settings with the value found", "[optimizers]") {
  std::vector<float> v{0.0F};
  std::vector<float> g{0.0F};
  const std::vector<ParameterRef> params{{"p", v.data(), g.data(), 1}};
  CHECK_THROWS_WITH(make_optimizer({.kind = "adamw"}, params),
                    Catch::Contains("unknown optimizer 'adamw'"));
  CHECK_THROWS_WITH(make_optimizer({.kind = "adam", .lr = -1.0}, params),
                    Catch::Contains("found -1"));
  CHECK_THROWS_WITH(make_optimizer({.kind = "adam", .beta1 = 1.0}, params),
                    Catch::Contains("betas"));
  CHECK(make_optimizer({.kind = "sgd", .lr = 0.1, .momentum = 0.5}, params) != nullptr);
}
