// Tests that training goes the right way, which a sign error in any loss would break (a check that
// nothing is NaN would not): at a near-optimal discriminator a generator step moves G towards the
// data, for every registered objective and several seeds; and a run ends as diverged at the very
// step a gradient overflows float, with the reason.
#include <atomic>
#include <fstream>
#include <limits>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "harness/run_training.hpp"
#include "harness/trainer.hpp"
#include "objectives/gan_ns.hpp"
#include "objectives/objective_registry.hpp"
#include "small_config.hpp"
#include "test_dir.hpp"

using namespace divbench;

namespace {

// P = N(2, 1) in one dimension, as a mixture file of one component.
std::string shifted_gaussian() {
  const auto path = test::test_dir("direction") / "n2.csv";
  std::ofstream(path) << "1, 2, 1\n";
  return "gmm:file=" + path.string();
}

// G = N(mu, 1) (the affine generator starts at mu = 0, scale 1), D trained 200 Adam steps between
// generator steps: the generator's mean after `g_steps` steps.
double mean_after(const std::string& objective, long long seed, const std::string& dataset,
                  long long g_steps) {
  TrainConfig c = small_config(seed);
  c.dataset = dataset;
  c.objective = objective;
  c.generator = "affine";
  c.d_width = 32;
  c.batch_size = 256;
  c.d_steps = 200;
  c.d_lr = 2e-3;
  c.g_lr = 1e-2;
  Trainer t(c);
  for (long long i = 0; i < g_steps; ++i) {
    const StepLosses l = t.step();
    REQUIRE(l.fault.empty());
  }
  return t.generator().parameters().front().value[0];  // "mu"
}

// gan-ns whose generator gradient becomes +inf in float at its third call: the run must end as
// diverged at step 3 (d-steps 1, so the generator loss is called once per step).
class OverflowAtThirdStep final : public Objective {
 public:
  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override {
    return base_.discriminator_loss(real, fake, grad_real, grad_fake);
  }
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override {
    const double loss = base_.generator_loss(fake, grad_fake);
    if (++calls_ == 3) grad_fake[1] = std::numeric_limits<float>::infinity();
    return loss;  // finite: only the gradient overflowed, as for an exponential critic
  }
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override {
    return base_.estimates(real, fake);
  }

 private:
  GanNs base_;
  mutable int calls_ = 0;
};

}  // namespace

TEST_CASE(
    "At a near-optimal discriminator, generator steps move G towards the data under every "
    "objective",
    "[training][direction][accuracy]") {
  const std::string dataset = shifted_gaussian();
  for (const auto& entry : objective_registry().entries()) {
    const std::string& name = entry.name;
    for (const long long seed : {0LL, 1LL, 2LL}) {
      const double mu = mean_after(name, seed, dataset, 3);
      INFO(fmt::format("{} seed {}: mu after 3 steps {}", name, seed, mu));
      if (name == "ratio-tv") {
        // The negative control: h is piecewise constant, its gradient exactly 0, G never moves.
        CHECK(mu == 0.0F);
      } else {
        // Adam moves mu by about g-lr per step, towards 2 when the loss has the right sign.
        CHECK(mu > 0.01);
      }
    }
  }
}

TEST_CASE("A run ends as diverged at the step a gradient overflows float, saying why",
          "[training][direction]") {
  if (objective_registry().find("test-overflow-at-step-3") == nullptr) {
    mutable_objective_registry().add(
        {"test-overflow-at-step-3", "test only", "", "test",
         [](Spec&) { return std::make_unique<OverflowAtThirdStep>(); }});
  }
  TrainConfig c = small_config(0, 10);
  c.objective = "test-overflow-at-step-3";
  const RunRecord r = run_training(c);
  CHECK(r.status == "diverged");
  CHECK(r.diverged_step == 3);  // not one step late
  CHECK_THAT(
      r.diverged_reason,
      Catch::Contains("the generator loss's gradient on generated sample 1 is inf in float"));
  CHECK(r.steps_completed == 2);
  REQUIRE(!r.curves.step.empty());
  CHECK(r.curves.step.back() == 3);
}
