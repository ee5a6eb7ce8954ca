#pragma once
// Every objective divbench knows, registered explicitly in objective_registry.cpp: adding one is
// one file plus one line there. The conformance tests loop over this registry.
#include "common/registry.hpp"
#include "objectives/objective.hpp"

namespace divbench {

using ObjectiveRegistry = Registry<Objective>;

const ObjectiveRegistry& objective_registry();

// Shorthand for objective_registry().make(spec), spec "name" or "name:key=value,...".
std::unique_ptr<Objective> make_objective(std::string_view spec);

}  // namespace divbench
