// Presets (harness/preset.hpp): every preset is a valid, trainable configuration whose every value
// names its source; a preset gives the run id of its options spelt out, and explicit options
// override it. Also the evaluation options presets choose (mode distance and histogram) against
// hand-counted values, and the initialisations the presets need (he-uniform, output-init).
#include <cmath>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "datasets/dataset_registry.hpp"
#include "harness/networks.hpp"
#include "harness/preset_registry.hpp"
#include "harness/regulariser_registry.hpp"
#include "harness/run_training.hpp"
#include "harness/schedule_registry.hpp"
#include "harness/sweep.hpp"
#include "metrics/mode_coverage.hpp"
#include "models/network_registry.hpp"
#include "objectives/objective_registry.hpp"

using namespace divbench;

namespace {

// The preset's options as sweep-file lines, each written out.
std::string spelt_out(const Preset& preset) {
  std::string text;
  for (const PresetSetting& s : preset.settings) text += fmt::format("{} = {}\n", s.option, s.value);
  return text;
}

}  // namespace

TEST_CASE("every preset is a complete, valid configuration with a source for every value",
          "[presets]") {
  std::set<std::string> names;
  for (const Preset& preset : presets()) {
    INFO("preset " << preset.name);
    CHECK(names.insert(preset.name).second);
    CHECK_FALSE(preset.summary.empty());
    CHECK_FALSE(preset.reference.empty());
    std::set<std::string> options;
    for (const PresetSetting& s : preset.settings) {
      INFO("option " << s.option);
      CHECK(options.insert(s.option).second);  // each option once
      CHECK_FALSE(s.source.empty());
      CHECK_NOTHROW(parse_option_value(s.option, s.value));
    }
    TrainConfig c;
    apply_preset(c, preset);
    CHECK_NOTHROW(validate(c));
    // Every spec the preset names resolves, and the schedule can train the objective.
    const auto dataset = dataset_registry().make(c.dataset);
    const auto objective = make_objective(c.objective);
    CHECK_NOTHROW(make_regulariser(c.regulariser));
    const auto schedule = make_schedule(c.schedule);
    CHECK_NOTHROW(check_schedule_supports(*schedule, *objective, c.schedule, c.objective));
    CHECK_NOTHROW(make_generator(c, dataset->dim(), nullptr));
    CHECK_NOTHROW(make_discriminator(c, dataset->dim(), nullptr));
  }
  CHECK(names.count("reference") == 1);
  CHECK(names.count("pacgan") == 1);
  CHECK(names.count("unrolled-gan") == 1);
  CHECK(names.count("wgan-gp-toy") == 1);
}

TEST_CASE("a preset gives the run id of its options spelt out, and explicit options override it",
          "[presets][sweep]") {
  for (const Preset& preset : presets()) {
    INFO("preset " << preset.name);
    const Sweep by_name = parse_sweep(fmt::format("preset = {}\nseed = 3\n", preset.name), "a.ini");
    const Sweep spelt = parse_sweep(spelt_out(preset) + "seed = 3\n", "b.ini");
    REQUIRE(by_name.runs.size() == 1);
    REQUIRE(spelt.runs.size() == 1);
    CHECK(by_name.runs[0].id == spelt.runs[0].id);
    CHECK(identity_text(by_name.runs[0].config) == identity_text(spelt.runs[0].config));
  }
  // reference is today's defaults: the id of an empty file.
  CHECK(parse_sweep("preset = reference\n", "r.ini").runs[0].id ==
        parse_sweep("seed = 0\n", "d.ini").runs[0].id);

  // A key of the file wins over the preset wherever it is written; the rest stays the preset's.
  const Sweep s = parse_sweep("batch-size = 50\npreset = pacgan\n[dataset.grid]\nsteps = 7\n"
                              "[objective.gan-ns]\nd-lr = 2e-4\n",
                              "o.ini");
  REQUIRE(s.runs.size() == 1);
  const TrainConfig& c = s.runs[0].config;
  CHECK(c.batch_size == 50);
  CHECK(c.beta1 == 0.8);
  CHECK(c.d_lr == 2e-4);   // the preset's objective's section applies
  CHECK(c.steps == 400000);  // the grid section does not (the preset's dataset is a ring)
  CHECK(c.dataset == "ring:k=8,radius=1,std=0.01");
  CHECK(c.schedule == "simultaneous");

  // An axis of presets: one run each, named by the preset.
  const Sweep axis = parse_sweep("preset = reference, unrolled-gan\nsteps = 10\n", "x.ini");
  REQUIRE(axis.runs.size() == 2);
  CHECK(axis.runs[1].name == "ring:k=8,radius=1,std=0.01/gan-minimax/preset=unrolled-gan/seed=0");
  CHECK(axis.runs[1].config.steps == 10);
  CHECK(axis.runs[1].config.latent_dim == 256);
  CHECK(axis.runs[0].config.latent_dim == 16);
}

TEST_CASE("bad presets are refused with file, line and the known names", "[presets][sweep]") {
  const auto message = [](const std::string& text) {
    try {
      parse_sweep(text, "bad.ini");
    } catch (const SweepError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("seed = 0\npreset = pacgn\n") ==
        "bad.ini:2: key 'preset': unknown preset 'pacgn' (did you mean 'pacgan'?); known presets: "
        "reference, pacgan, unrolled-gan, wgan-gp-toy");
  CHECK(message("[objective.gan-ns]\npreset = pacgan\n").find(
            "bad.ini:2: key 'preset': cannot be set inside [objective.gan-ns]") == 0);
  CHECK_THROWS_WITH(find_preset("wgan"),
                    Catch::Contains("unknown preset 'wgan'") && Catch::Contains("wgan-gp-toy"));
}

TEST_CASE("every preset trains a few steps", "[presets][training]") {
  for (const Preset& preset : presets()) {
    INFO("preset " << preset.name);
    TrainConfig c;
    apply_preset(c, preset);
    c.steps = 4;
    c.eval_every = 4;
    c.samples = 50;
    c.eval_samples = 100;
    c.final_samples = 100;
    c.estimate_samples = 64;
    c.train_size = c.train_size == 0 ? 0 : 1000;
    const RunRecord r = run_training(c);
    CHECK(r.status == "complete");
    REQUIRE(r.coverage.has_value());
    CHECK(r.coverage->modes_total == 8);
  }
}

TEST_CASE("mode coverage: Euclidean and standardised distance, HQ and all-sample histograms",
          "[metrics][presets]") {
  // Two modes: A at (0, 0) with stds (1, 4), B at (10, 0) with stds (1, 1); weights 1/2 each.
  std::vector<Mode> modes{{Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 4), 0.5},
                          {Eigen::Vector2d(10, 0), Eigen::Vector2d(1, 1), 0.5}};
  Matrix x(5, 2);
  x << 0, 8,  // A: standardised 2 (HQ); Euclidean 8 vs 3 sqrt((1 + 16)/2) = 8.746 (HQ)
      0, 11,  // A: standardised 2.75 (HQ); Euclidean 11 > 8.746 (not HQ)
      2.5, 0,  // A: standardised 2.5 (HQ); Euclidean 2.5 (HQ)
      6, 0,  // nearest B both ways (4 vs 6), 4 > 3: not HQ
      10, 1;  // B: 1 both ways (HQ)
  const ModeCoverage standardised = mode_coverage(view(x), modes);
  CHECK(standardised.hq_histogram == std::vector<long long>{3, 1});
  CHECK(standardised.hq_fraction == Approx(0.8));
  // KL(p || pi) with p = (3/4, 1/4).
  CHECK(standardised.kl_modes == Approx(0.75 * std::log(1.5) + 0.25 * std::log(0.5)));

  const ModeCoverage euclidean =
      mode_coverage(view(x), modes, {.distance = ModeDistance::kEuclidean});
  CHECK(euclidean.hq_histogram == std::vector<long long>{2, 1});
  CHECK(euclidean.hq_fraction == Approx(0.6));
  CHECK(euclidean.modes_covered == 2);

  // All samples at their nearest mode: (3, 2) for the KLs; coverage and HQ still from HQ counts.
  const ModeCoverage all = mode_coverage(view(x), modes, {.histogram = ModeHistogram::kAll});
  CHECK(all.hq_histogram == std::vector<long long>{3, 1});
  CHECK(all.hq_fraction == Approx(0.8));
  CHECK(all.kl_modes == Approx(0.6 * std::log(1.2) + 0.4 * std::log(0.8)));
  // KL(pi || p~) with p~ = (c + 1/2) / (C + 1) = (3.5, 2.5) / 6.
  CHECK(all.kl_modes_reverse ==
        Approx(0.5 * std::log(0.5 / (3.5 / 6)) + 0.5 * std::log(0.5 / (2.5 / 6))));

  // Far from every mode: no HQ sample, but the all-sample histogram still has a KL.
  Matrix far(1, 2);
  far << 100, 0;
  CHECK(std::isnan(mode_coverage(view(far), modes).kl_modes));
  CHECK(mode_coverage(view(far), modes, {.histogram = ModeHistogram::kAll}).kl_modes ==
        Approx(std::log(2.0)));
  CHECK_THROWS_WITH(parse_mode_distance("manhattan"),
                    "expected standardised or euclidean, found 'manhattan'");
  CHECK_THROWS_WITH(parse_mode_histogram("good"), "expected hq or all, found 'good'");
}

TEST_CASE("he-uniform draws U(-sqrt(6/in), sqrt(6/in)) and output-init sets the last layer's",
          "[presets][layers]") {
  const NetworkShape shape{400, 1, "300-300", "relu", 0.2, "identity"};
  auto net = network_registry().make(
      "mlp:init=he-uniform,output-init=normal:std=0.5", nullptr, shape);
  Rng rng(7, "init");
  net->initialise(rng);
  for (const ParameterRef& p : net->parameters()) {
    INFO(p.name);
    if (p.name.find(".bias") != std::string::npos) {
      for (Index i = 0; i < p.size; ++i) CHECK(p.value[i] == 0.0F);
      continue;
    }
    double sum_sq = 0.0;
    float largest = 0.0F;
    for (Index i = 0; i < p.size; ++i) {
      sum_sq += static_cast<double>(p.value[i]) * p.value[i];
      largest = std::max(largest, std::fabs(p.value[i]));
    }
    const double std = std::sqrt(sum_sq / static_cast<double>(p.size));
    if (p.name.rfind("layer2", 0) == 0) {  // the output layer: N(0, 0.5^2), 300 draws
      CHECK(std == Approx(0.5).epsilon(0.15));
      CHECK(largest > std::sqrt(6.0 / 300.0));
    } else {  // He: standard deviation sqrt(2 / in), bounded by sqrt(6 / in)
      const double in = p.name.rfind("layer0", 0) == 0 ? 400.0 : 300.0;
      CHECK(std == Approx(std::sqrt(2.0 / in)).epsilon(0.02));
      CHECK(largest <= static_cast<float>(std::sqrt(6.0 / in)));
    }
  }
  // Without output-init every layer draws from `init`, as before the key existed: the same
  // numbers as a network that never heard of it.
  auto plain = network_registry().make("mlp:init=he-uniform", nullptr, shape);
  auto same = network_registry().make("mlp:init=he-uniform,output-init=he-uniform", nullptr, shape);
  Rng a(3, "init");
  Rng b(3, "init");
  plain->initialise(a);
  same->initialise(b);
  const auto pa = plain->parameters();
  const auto pb = same->parameters();
  REQUIRE(pa.size() == pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    for (Index j = 0; j < pa[i].size; ++j) REQUIRE(pa[i].value[j] == pb[i].value[j]);
  }
  CHECK_THROWS_WITH(network_registry().make("mlp:output-init=he", nullptr, shape),
                    Catch::Contains("parameter 'output-init': unknown initialisation 'he'"));
}
