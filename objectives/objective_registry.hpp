#pragma once
// Every objective divbench knows, registered explicitly in objective_registry.cpp: adding one is
// one file plus one line there. Plugins (plugin_loader.hpp) add theirs at run time. The
// conformance tests loop over this registry, plugins included.
#include <string>

#include "common/registry.hpp"
#include "objectives/objective.hpp"

namespace divbench {

using ObjectiveRegistry = Registry<Objective>;

const ObjectiveRegistry& objective_registry();
// For the plugin loader only.
ObjectiveRegistry& mutable_objective_registry();

// Shorthand for objective_registry().make(spec, resolved), spec "name" or "name:key=value,...".
std::unique_ptr<Objective> make_objective(std::string_view spec, std::string* resolved = nullptr);

}  // namespace divbench
