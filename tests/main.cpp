// Catch2 v2 entry point for the unit tests. Objective plugins listed in DIVBENCH_PLUGIN_PATH are
// loaded first, so that the conformance tests over the registry cover them too
// (tests/plugin_example_test.sh runs them that way on examples/plugin).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "objectives/plugin_loader.hpp"

int main(int argc, char* argv[]) {
  try {
    divbench::load_objective_plugins_from_environment();
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
  return Catch::Session().run(argc, argv);
}
