// Objective plugins: the example plugin loads, builds with its parameters and conforms (the
// conformance suite covers it when it is in DIVBENCH_PLUGIN_PATH: tests/plugin_example_test.sh);
// broken plugins are refused with a message that says which and why, and add nothing.
#include <cstdlib>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "objectives/objective_registry.hpp"
#include "objectives/plugin_loader.hpp"

using namespace divbench;

// Paths of the test plugins, from tests/CMakeLists.txt.
#ifndef DIVBENCH_EXAMPLE_PLUGIN
#error "DIVBENCH_EXAMPLE_PLUGIN must name the example plugin's library"
#endif

TEST_CASE("the example plugin registers fgan-alpha with its parameter", "[plugin]") {
  load_objective_plugin(DIVBENCH_EXAMPLE_PLUGIN);
  load_objective_plugin(DIVBENCH_EXAMPLE_PLUGIN);  // again: a no-op
  const auto* entry = objective_registry().find("fgan-alpha");
  REQUIRE(entry != nullptr);
  CHECK(entry->parameters == "alpha=0.25");
  std::string resolved;
  const auto obj = make_objective("fgan-alpha:alpha=0.5", &resolved);
  CHECK(resolved == "fgan-alpha:alpha=0.5");
  // alpha = 1/2 is twice the squared Hellinger distance: the same losses as fgan-hellinger, doubled
  // (the conjugate of 2f is 2 f*(t/2), and g_alpha = 2 g_hellinger).
  const auto hellinger = make_objective("fgan-hellinger");
  const std::vector<float> real{-1.5F, 0.25F, 2.0F};
  const std::vector<float> fake{0.5F, -0.75F, 1.0F};
  std::vector<float> gr(3), gf(3), hr(3), hf(3);
  CHECK(obj->discriminator_loss(real, fake, gr, gf) ==
        Approx(2.0 * hellinger->discriminator_loss(real, fake, hr, hf)).epsilon(1e-12));
  CHECK(gf[1] == Approx(2.0F * hf[1]).epsilon(1e-6));
  const std::vector<std::string> loaded = loaded_objective_plugins();
  CHECK(std::count(loaded.begin(), loaded.end(), loaded.front()) == 1);

  CHECK_THROWS_WITH(make_objective("fgan-alpha:alpha=1"),
                    Catch::Contains("objective 'fgan-alpha': alpha must be finite and not 0 or 1"));
  CHECK_THROWS_WITH(make_objective("fgan-alpha:beta=1"),
                    Catch::Contains("has no parameter 'beta'"));
}

TEST_CASE("a second plugin with a name already taken by a plugin is refused, naming it",
          "[plugin]") {
  load_objective_plugin(DIVBENCH_EXAMPLE_PLUGIN);
  CHECK_THROWS_WITH(load_objective_plugin(DIVBENCH_EXAMPLE_PLUGIN_COPY),
                    Catch::Contains("objective 'fgan-alpha' is already registered by plugin '") &&
                        Catch::Contains("example_plugin"));
}

TEST_CASE("broken plugins are refused with a message that says why", "[plugin]") {
  CHECK_THROWS_WITH(
      load_objective_plugin(DIVBENCH_WRONG_ABI_PLUGIN),
      Catch::Contains("built for plugin ABI version 99, but this divbench loads versions 1 and 2"));
  CHECK_THROWS_WITH(load_objective_plugin(DIVBENCH_NO_ENTRY_PLUGIN),
                    Catch::Contains("no symbol 'divbench_plugin'"));
  CHECK_THROWS_WITH(
      load_objective_plugin(DIVBENCH_INCOMPLETE_PLUGIN),
      Catch::Contains("objective #0 (plugin-test-incomplete) has no estimates function"));
  CHECK_THROWS_WITH(load_objective_plugin(DIVBENCH_DUPLICATE_PLUGIN),
                    Catch::Contains("objective 'gan-ns' is already registered by divbench itself"));
  CHECK(objective_registry().find("plugin-test-unique") == nullptr);  // nothing half-registered
  CHECK_THROWS_WITH(load_objective_plugin("/nonexistent/libnothing.so"),
                    Catch::Contains("plugin '/nonexistent/libnothing.so'"));
  CHECK_THROWS_WITH(load_objective_plugin(__FILE__), Catch::Contains("cannot load"));
}

// Run by tests/plugin_example_test.sh with DIVBENCH_EXPECT_OBJECTIVES set: proves that the
// conformance run beside it saw the plugin loaded from DIVBENCH_PLUGIN_PATH.
TEST_CASE("objectives named in DIVBENCH_EXPECT_OBJECTIVES are registered", "[.expect-plugin]") {
  const char* names = std::getenv("DIVBENCH_EXPECT_OBJECTIVES");
  REQUIRE(names != nullptr);
  std::istringstream in(names);
  std::string name;
  while (std::getline(in, name, ',')) {
    INFO(name);
    CHECK(objective_registry().find(name) != nullptr);
  }
}
