#pragma once
// Discriminator outputs for objective tests: the conformance suite's (n standard normals from a
// named stream, scaled).
#include "objectives/objective_conformance.hpp"

namespace divbench::testing {

using divbench::random_outputs;

}  // namespace divbench::testing
