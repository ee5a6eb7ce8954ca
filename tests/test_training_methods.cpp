// Training methods as axes of the run (issue #20): schedules, packing, a finite training set, the
// generator's weight average, relativistic objectives in the loop, regularisers in the loop; each
// resumes bitwise; and the conformance sweep of every objective x regulariser x schedule.
#include <filesystem>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "harness/checkpoint.hpp"
#include "harness/compare_runs.hpp"
#include "harness/regulariser_registry.hpp"
#include "harness/run_training.hpp"
#include "harness/schedule_registry.hpp"
#include "harness/trainer.hpp"
#include "harness/training_set.hpp"
#include "datasets/dataset_registry.hpp"
#include "objectives/objective_registry.hpp"
#include "small_config.hpp"
#include "test_dir.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<float>> values_of(Model& m) {
  std::vector<std::vector<float>> out;
  for (const ParameterRef& p : m.parameters()) out.emplace_back(p.value, p.value + p.size);
  return out;
}

TrainConfig tiny(long long steps = 120) {
  TrainConfig c = small_config(21, steps, 32, 16);
  c.estimate_samples = 200;
  return c;
}

void require_same(const RunRecord& a, const RunRecord& b) {
  const std::vector<std::string> differences = run_differences(a, b);
  for (const auto& line : differences) UNSCOPED_INFO(line);
  CHECK(differences.empty());
}

}  // namespace

TEST_CASE("simultaneous: D's update is alternating's on the same batch, G's is look-ahead k=1's",
          "[methods][schedules]") {
  // Both schedules update D first, on the first real and generated batches: the simultaneous
  // step's extra backward for G must leave D's gradient exactly as it was.
  for (const char* d_batch : {"joint", "separate"}) {
    INFO(d_batch);
    TrainConfig c = tiny();
    c.d_batch = d_batch;
    c.discriminator = "mlp:widths=16-16,norm=batch";
    TrainConfig s = c;
    s.schedule = "simultaneous";
    Trainer alternating(c), simultaneous(s);
    alternating.step();
    simultaneous.step();
    CHECK(values_of(alternating.discriminator()) == values_of(simultaneous.discriminator()));
  }
  // With D all but frozen (d-lr 1e-30 moves no weight by a float step) look-ahead k=1 takes G's
  // gradient on the batch D saw, through D on the generated batch alone; simultaneous through the
  // joint forward, the same function for an MLP without BatchNorm.
  TrainConfig c = tiny();
  c.d_lr = 1e-30;
  c.schedule = "lookahead:k=1";
  TrainConfig s = c;
  s.schedule = "simultaneous";
  Trainer lookahead(c), simultaneous(s);
  lookahead.step();
  simultaneous.step();
  const auto a = values_of(lookahead.generator());
  const auto b = values_of(simultaneous.generator());
  const auto before = values_of(Trainer(c).generator());
  for (std::size_t k = 0; k < a.size(); ++k) {
    for (std::size_t i = 0; i < a[k].size(); ++i) CHECK(a[k][i] == Approx(b[k][i]).epsilon(1e-6).margin(1e-9));
  }
  CHECK(a != before);  // G moved
}

TEST_CASE("look-ahead keeps D's first update and undoes the others", "[methods][schedules]") {
  // D's update comes first in both schedules, on the same batches.
  TrainConfig c = tiny();
  c.regulariser = "gp";
  TrainConfig l = c;
  l.schedule = "lookahead:k=4";
  Trainer alternating(c), lookahead(l);
  alternating.step();
  lookahead.step();
  CHECK(values_of(alternating.discriminator()) == values_of(lookahead.discriminator()));
  Checkpoint a, b;
  alternating.save(a);
  lookahead.save(b);
  CHECK(a.d_optimizer.steps == b.d_optimizer.steps);
  CHECK(a.d_optimizer.buffers == b.d_optimizer.buffers);
  CHECK(a.counters.at("d_updates") == 1);
  CHECK(b.counters.at("d_updates") == 1);
}

TEST_CASE("packing: M = 1 is today's run, M > 1 widens D and names its estimates", "[methods]") {
  TrainConfig c = tiny(20);
  TrainConfig one = c;
  one.pack = 1;
  CHECK(identity_text(one) == identity_text(c));
  const RunRecord a = run_training(c);
  const RunRecord b = run_training(one);
  require_same(a, b);

  TrainConfig packed = c;
  packed.pack = 3;
  Trainer trainer(packed);
  CHECK(trainer.discriminator().input_dim() == 6);  // 3 samples of ring8's 2 dimensions
  Rng rng(1, "estimates");
  for (const Estimate& e : trainer.objective_estimates(100, rng))
    CHECK_THAT(e.name, Catch::EndsWith("_pack3"));
  CHECK(trainer.step().fault.empty());
  CHECK_THAT(trainer.network_description(), Catch::Contains("packing 3"));
  // Generated samples are single samples, not packs.
  CHECK(trainer.generate(10, rng).cols() == 2);
}

TEST_CASE("a training set serves each point once per epoch, in a new order each epoch",
          "[methods]") {
  const auto ring = dataset_registry().make("ring8");
  TrainingSet set(*ring, 10, 3);
  Matrix epoch1(10, 2), epoch2(10, 2), part(4, 2);
  set.sample(MatrixView(epoch1.data(), 10, 2));
  set.sample(MatrixView(epoch2.data(), 10, 2));
  const auto rows = [](const Matrix& m) {
    std::multiset<std::pair<float, float>> out;
    for (Index i = 0; i < m.rows(); ++i) out.emplace(m(i, 0), m(i, 1));
    return out;
  };
  CHECK(rows(epoch1) == rows(epoch2));  // the same 10 points
  CHECK(epoch1 != epoch2);              // in another order
  // Resuming from the counter continues bitwise, across an epoch boundary too.
  TrainingSet resumed(*ring, 10, 3);
  resumed.set_served(8);
  Matrix a(4, 2);
  resumed.sample(MatrixView(a.data(), 4, 2));
  TrainingSet fresh(*ring, 10, 3);
  Matrix skip(8, 2);
  fresh.sample(MatrixView(skip.data(), 8, 2));
  fresh.sample(MatrixView(part.data(), 4, 2));
  CHECK(a == part);
  CHECK(part.bottomRows(2) == epoch2.topRows(2));
}

TEST_CASE("the generator's weight average: its closed form, and evaluation uses it", "[methods]") {
  TrainConfig c = tiny();
  c.g_ema = 0.9;
  TrainConfig plain = c;
  plain.g_ema = 0.0;
  Trainer averaged(c), trained(plain);
  const auto theta0 = values_of(averaged.generator());
  averaged.step();
  trained.step();
  const auto theta1 = values_of(averaged.generator());
  CHECK(theta1 == values_of(trained.generator()));  // training never sees the average
  Checkpoint saved;
  averaged.save(saved);
  REQUIRE(saved.generator_average.parameters.size() == theta0.size());
  for (std::size_t k = 0; k < theta0.size(); ++k) {
    for (std::size_t i = 0; i < theta0[k].size(); ++i) {
      const float expected = 0.9F * theta0[k][i] + (1.0F - 0.9F) * theta1[k][i];
      CHECK(saved.generator_average.parameters[k].second[i] == Approx(expected).epsilon(1e-6));
    }
  }
  Rng r1(2, "eval"), r2(2, "eval");
  CHECK(averaged.generate(50, r1) != trained.generate(50, r2));
  CHECK(values_of(averaged.generator()) == theta1);  // the weights are back after evaluation
}

TEST_CASE("runs with training methods resume bitwise from any stop", "[methods][checkpoint][determinism]") {
  const fs::path dir = test::test_dir("divbench_test_methods_resume");
  struct Variant {
    const char* name;
    std::function<void(TrainConfig&)> set;
  };
  const std::vector<Variant> variants = {
      {"gp+lookahead+pack+ema+train-size",
       [](TrainConfig& c) {
         c.regulariser = "gp";
         c.schedule = "lookahead:k=3";
         c.pack = 2;
         c.g_ema = 0.99;
         c.train_size = 100;
       }},
      {"r1-lazy+simultaneous+rahinge",
       [](TrainConfig& c) {
         c.regulariser = "r1:gamma=1,every=4";
         c.schedule = "simultaneous";
         c.objective = "rahinge";
         c.discriminator = "mlp:widths=16-16,norm=batch";
         c.d_batch = "separate";
       }},
      {"gp+unrolled+pack+ema+spectral",
       [](TrainConfig& c) {
         c.regulariser = "gp";
         c.schedule = "unrolled:k=3";
         c.pack = 2;
         c.g_ema = 0.99;
         c.discriminator = "mlp:widths=16-16,spectral=true";
       }},
      {"clip+unrolled+rasgan+batch-norm",
       [](TrainConfig& c) {
         c.regulariser = "clip:c=0.05";
         c.schedule = "unrolled:k=2";
         c.objective = "rasgan";
         c.discriminator = "mlp:widths=16-16,norm=batch";
         c.d_batch = "separate";
       }},
      {"dragan+rsgan", [](TrainConfig& c) {
         c.regulariser = "dragan:perturb=studiogan";
         c.objective = "rsgan";
         c.d_steps = 2;
       }},
  };
  for (const Variant& v : variants) {
    TrainConfig config = tiny();
    v.set(config);
    const RunRecord whole = run_training(config);
    CHECK(whole.status == "complete");
    for (const long long stop : {1LL, 50LL, 119LL}) {
      INFO(fmt::format("{}, stopped after step {}", v.name, stop));
      const std::string checkpoint = (dir / fmt::format("{}-{}.ckpt", v.name, stop)).string();
      run_training(config, nullptr, {.checkpoint = checkpoint, .stop_after_step = stop});
      const RunRecord resumed = run_training(config, nullptr, {.checkpoint = checkpoint});
      require_same(whole, resumed);
    }
  }
}

// Every objective x every regulariser x every schedule, a few hundred steps at a small size with
// packing 2: no error (a run that diverges ends as a recorded fault, never an exception).
TEST_CASE("conformance sweep: every objective, regulariser and schedule trains",
          "[.conformance-sweep]") {
  const std::vector<std::string> regularisers = regulariser_registry().names_in_order();
  const std::vector<std::string> schedules = schedule_registry().names_in_order();
  int runs = 0, faults = 0;
  for (const auto& objective : objective_registry().entries()) {
    for (const auto& regulariser : regularisers) {
      for (const auto& schedule : schedules) {
        TrainConfig c = small_config(3, 200, 32, 16);
        c.objective = objective.name;
        c.regulariser = regulariser;
        c.schedule = schedule;
        c.pack = 2;
        INFO(fmt::format("{} x {} x {}", objective.name, regulariser, schedule));
        const float v[1] = {0.0F};
        float g[1] = {0.0F};
        if (schedule == "unrolled" &&
            !make_objective(objective.name)->discriminator_loss_tangent(v, v, v, v, g, g)) {
          CHECK_THROWS_AS(Trainer(c), std::invalid_argument);  // no second derivatives in the ABI
          continue;
        }
        Trainer trainer(c);
        for (long long s = 0; s < c.steps; ++s) {
          const StepLosses losses = trainer.step();
          if (!losses.fault.empty()) {
            ++faults;
            break;
          }
        }
        ++runs;
      }
    }
  }
  fmt::print("conformance sweep: {} runs, {} ended in a recorded fault\n", runs, faults);
  CHECK(runs == static_cast<int>(objective_registry().entries().size() * regularisers.size() *
                                 schedules.size()));
}
