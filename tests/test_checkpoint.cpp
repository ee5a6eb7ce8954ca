// Checkpoints: a run stopped after any step and continued from its checkpoint ends bitwise
// identical to a run that was never stopped; checkpoints of other runs or builds are refused or
// set aside; the optimisers' state round-trips.
#include <filesystem>

#include <H5Cpp.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "harness/checkpoint.hpp"
#include "harness/compare_runs.hpp"
#include "harness/run_training.hpp"
#include "harness/trainer.hpp"
#include "models/adam.hpp"
#include "models/sgd.hpp"
#include "small_config.hpp"
#include "test_dir.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

TrainConfig tiny_config(const std::string& objective, const std::string& optimizer) {
  TrainConfig c = small_config(11, 240, 32, 16);
  c.objective = objective;
  c.optimizer = optimizer;
  c.momentum = optimizer == "sgd" ? 0.9 : 0.0;
  c.estimate_samples = 200;
  return c;
}

fs::path fresh_dir(const std::string& name) { return test::test_dir(name); }

void require_same(const RunRecord& a, const RunRecord& b) {
  const std::vector<std::string> differences = run_differences(a, b);
  for (const auto& line : differences) UNSCOPED_INFO(line);
  CHECK(differences.empty());
}

}  // namespace

TEST_CASE("a run stopped after any step and resumed ends bitwise identical to an unstopped run",
          "[checkpoint][determinism]") {
  const fs::path dir = fresh_dir("divbench_test_checkpoint");
  // Adam and SGD with momentum carry state; wgan clips weights; stops fall on, just before and
  // just after evaluation points, and at the first step.
  for (const auto& [objective, optimizer] :
       {std::pair{"gan-ns", "adam"}, std::pair{"wgan", "sgd"}, std::pair{"fgan-kl", "adam"}}) {
    const TrainConfig config = tiny_config(objective, optimizer);
    const RunRecord whole = run_training(config);
    for (const long long stop : {1LL, 49LL, 50LL, 51LL, 239LL}) {
      INFO(fmt::format("{} with {}, stopped after step {}", objective, optimizer, stop));
      const std::string checkpoint = (dir / fmt::format("{}-{}.ckpt", objective, stop)).string();
      const RunRecord first =
          run_training(config, nullptr, {.checkpoint = checkpoint, .stop_after_step = stop});
      CHECK(first.status == "interrupted");
      CHECK(first.steps_completed == stop);
      REQUIRE(fs::exists(checkpoint));
      CHECK(read_checkpoint(checkpoint).step == stop);
      const RunRecord resumed = run_training(config, nullptr, {.checkpoint = checkpoint});
      CHECK(resumed.status == "complete");
      require_same(whole, resumed);
    }
  }
}

TEST_CASE("a run with BatchNorm, maxout and spectral norm resumes bitwise from any stop",
          "[checkpoint][determinism]") {
  const fs::path dir = fresh_dir("divbench_test_checkpoint_state");
  for (const char* d_batch : {"joint", "separate"}) {
    TrainConfig config = tiny_config("gan-ns", "adam");
    config.generator = "mlp:widths=16-16,norm=batch,bias=false,init=normal:std=0.02";
    config.discriminator = "maxout:widths=16-16,pieces=3,norm=batch,spectral=true";
    config.d_batch = d_batch;
    const RunRecord whole = run_training(config);
    for (const long long stop : {1LL, 50LL, 239LL}) {
      INFO(fmt::format("--d-batch {}, stopped after step {}", d_batch, stop));
      const std::string checkpoint = (dir / fmt::format("{}-{}.ckpt", d_batch, stop)).string();
      run_training(config, nullptr, {.checkpoint = checkpoint, .stop_after_step = stop});
      const Checkpoint c = read_checkpoint(checkpoint);
      CHECK(c.discriminator.buffers.size() == 3 * 2 + 2 * 2);  // u, v of 3 layers; 2 BatchNorms
      const RunRecord resumed = run_training(config, nullptr, {.checkpoint = checkpoint});
      require_same(whole, resumed);
    }
  }
  // A checkpoint without a buffer the network has is refused, naming it.
  TrainConfig config = tiny_config("gan-ns", "adam");
  config.discriminator = "mlp:spectral=true";
  const std::string checkpoint = (dir / "missing.ckpt").string();
  run_training(config, nullptr, {.checkpoint = checkpoint, .stop_after_step = 2});
  Checkpoint c = read_checkpoint(checkpoint);
  c.discriminator.buffers.erase(c.discriminator.buffers.begin());
  c.discriminator.buffers.emplace_back("layer9.u", std::vector<float>(3));
  Trainer trainer(config);
  CHECK_THROWS_WITH(trainer.restore(c), Catch::Contains("the discriminator's buffer 'layer0.u' is missing"));
}

TEST_CASE("periodic checkpoints: a run resumed from its last one after a crash matches",
          "[checkpoint][determinism]") {
  const fs::path dir = fresh_dir("divbench_test_checkpoint_periodic");
  TrainConfig config = tiny_config("lsgan", "adam");
  const RunRecord whole = run_training(config);
  config.checkpoint_every = 100;  // bookkeeping: not part of what the run computes
  const std::string checkpoint = (dir / "run.ckpt").string();
  // A run that completes leaves its last periodic checkpoint (step 200) behind, as a run killed
  // between steps 200 and 240 would; resuming from it redoes steps 201..240.
  const RunRecord first = run_training(config, nullptr, {.checkpoint = checkpoint});
  require_same(whole, first);
  REQUIRE(read_checkpoint(checkpoint).step == 200);
  require_same(whole, run_training(config, nullptr, {.checkpoint = checkpoint}));
}

TEST_CASE("a checkpoint of another run is refused, one from another build is set aside",
          "[checkpoint]") {
  const fs::path dir = fresh_dir("divbench_test_checkpoint_refused");
  const TrainConfig config = tiny_config("gan-ns", "adam");
  const std::string checkpoint = (dir / "run.ckpt").string();
  run_training(config, nullptr, {.checkpoint = checkpoint, .stop_after_step = 10});

  TrainConfig other = config;
  other.g_lr = 2e-4;
  CHECK_THROWS_WITH(run_training(other, nullptr, {.checkpoint = checkpoint}),
                    Catch::Contains("run.ckpt: this checkpoint belongs to another run"));

  Checkpoint c = read_checkpoint(checkpoint);
  c.binary = "divbench 0.0 (another commit)";
  write_checkpoint(checkpoint, c);
  const RunRecord fresh = run_training(config, nullptr, {.checkpoint = checkpoint});
  CHECK(fs::exists(checkpoint + ".stale"));
  require_same(run_training(config), fresh);
}

TEST_CASE("a checkpoint of version 1 is refused with the reason", "[checkpoint]") {
  const fs::path dir = fresh_dir("divbench_test_checkpoint_v1");
  const std::string path = (dir / "run.ckpt").string();
  run_training(tiny_config("gan-ns", "adam"), nullptr, {.checkpoint = path, .stop_after_step = 2});
  {
    H5::H5File f(path, H5F_ACC_RDWR);
    H5::Group root = f.openGroup("/");
    root.removeAttr("checkpoint_version");
    const long long one = 1;
    root.createAttribute("checkpoint_version", H5::PredType::NATIVE_INT64, H5::DataSpace())
        .write(H5::PredType::NATIVE_INT64, &one);
  }
  CHECK_THROWS_WITH(read_checkpoint(path),
                    Catch::Contains("checkpoint_version 1 is not supported") &&
                        Catch::Contains("stored parameters by position"));
}

TEST_CASE("a damaged checkpoint is an error naming the file", "[checkpoint]") {
  const fs::path dir = fresh_dir("divbench_test_checkpoint_damaged");
  const TrainConfig config = tiny_config("gan-ns", "adam");
  const std::string checkpoint = (dir / "run.ckpt").string();
  run_training(config, nullptr, {.checkpoint = checkpoint, .stop_after_step = 10});
  fs::resize_file(checkpoint, fs::file_size(checkpoint) / 2);
  CHECK_THROWS_WITH(run_training(config, nullptr, {.checkpoint = checkpoint}),
                    Catch::Contains("run.ckpt"));
}

TEST_CASE("optimiser state round-trips: a restored optimiser takes the same next step",
          "[checkpoint][optimizer]") {
  std::vector<float> w1{0.5F, -1.0F, 2.0F}, g1{0.1F, -0.3F, 0.7F};
  std::vector<float> w2 = w1, g2 = g1;
  const auto ref = [](std::vector<float>& w, std::vector<float>& g) {
    return std::vector<ParameterRef>{{"w", w.data(), g.data(), 3}};
  };
  for (const char* kind : {"adam", "sgd"}) {
    INFO(kind);
    OptimizerSettings s;
    s.kind = kind;
    s.lr = 0.01;
    s.momentum = 0.9;
    auto a = make_optimizer(s, ref(w1, g1));
    auto b = make_optimizer(s, ref(w2, g2));
    CHECK(a->step() == nullptr);
    CHECK(a->step() == nullptr);
    w2 = w1;
    b->restore(a->state());
    CHECK(a->step() == nullptr);
    CHECK(b->step() == nullptr);
    CHECK(w1 == w2);
    OptimizerState bad = a->state();
    bad.buffers.pop_back();
    CHECK_THROWS_WITH(b->restore(bad), Catch::Contains("expected"));
  }
}
