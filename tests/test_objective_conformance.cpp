// Conformance over the whole objective registry, plugins included (DIVBENCH_PLUGIN_PATH, loaded by
// tests/main.cpp): every objective, present and future, runs the conformance suite
// (objectives/objective_conformance.hpp: gradients against central differences, finite values at
// extreme outputs, batch means, stable estimate names) without writing a test; for the f-GAN
// family also T = g_f(v) inside dom f*, Fenchel–Young and f*(f'(u)) = u f'(u) - f(u). Non-default
// variants (the saddle generator loss, other parameters) are listed in kVariants.
#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/rng.hpp"
#include "objectives/f_gan.hpp"
#include "objectives/objective_conformance.hpp"
#include "objectives/objective_registry.hpp"

using namespace divbench;

namespace {

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
  SECTION("the conformance suite (objectives/objective_conformance.hpp)") {
    for (const ConformanceFailure& f : check_objective_conformance(*obj))
      FAIL_CHECK(fmt::format("{}: {}", f.check, f.detail));
  }
  if (const auto* fgan = dynamic_cast<const FGan*>(obj.get()); fgan != nullptr) {
    SECTION("f-GAN identities: T in dom f*, Fenchel–Young, f*(f'(u)) = u f'(u) - f(u)") {
      check_f_divergence(fgan->divergence());
    }
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

namespace {

// gan-ns with one defect: the generated outputs' gradient doubled, or the losses summed.
class Defective final : public Objective {
 public:
  explicit Defective(bool summed) : inner_(make_objective("gan-ns")), summed_(summed) {}
  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override {
    const double loss = inner_->discriminator_loss(real, fake, grad_real, grad_fake);
    const double scale = summed_ ? static_cast<double>(real.size()) : 1.0;
    for (float& g : grad_real) g *= static_cast<float>(scale);
    for (float& g : grad_fake) g *= static_cast<float>(summed_ ? scale : 2.0);
    return loss * scale;
  }
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override {
    return inner_->generator_loss(fake, grad_fake);
  }
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override {
    return inner_->estimates(real, fake);
  }

 private:
  std::unique_ptr<Objective> inner_;
  bool summed_;
};

}  // namespace

TEST_CASE("the conformance suite finds a wrong gradient and a summed loss",
          "[objectives][conformance]") {
  const auto wrong = check_objective_conformance(Defective(false));
  REQUIRE_FALSE(wrong.empty());
  for (const auto& f : wrong)
    CHECK(f.check == "discriminator loss gradients match finite differences");
  CHECK(wrong.size() == 4);  // one per generated output of the check's batch of 4
  CHECK_THAT(wrong.front().detail, Catch::StartsWith("d/dfake[0]"));
  bool batch_means = false;
  for (const auto& f : check_objective_conformance(Defective(true)))
    batch_means |= f.check == "losses are batch means: repeating a batch changes neither loss";
  CHECK(batch_means);
}
