#pragma once
// Loading objective plugins (plugin_abi.h) into the objective registry at run time: from
// `--plugin PATH` and from DIVBENCH_PLUGIN_PATH. A plugin's objectives then behave exactly like the
// built-in ones: `divbench list objectives` shows them and the conformance tests cover them.
#include <string>
#include <vector>

#include "common/registry.hpp"
#include "objectives/objective.hpp"

namespace divbench {

// Loads every objective the shared library at `path` defines. Loading the same file twice is a
// no-op. Throws std::runtime_error naming the file and what is wrong: it cannot be opened, it has
// no `divbench_plugin` symbol, it was built for another ABI version, a description is incomplete,
// or it defines an objective name that is already registered (and by whom).
void load_objective_plugin(const std::string& path);

// Loads each entry of a colon-separated list: a shared library, or a directory whose *.so files
// load in name order. Empty entries are skipped.
void load_objective_plugin_path(const std::string& list);

// Loads the list in the environment variable DIVBENCH_PLUGIN_PATH, if set.
void load_objective_plugins_from_environment();

// Registers an objective that the embedding program defines at run time (the Python module's
// objectives written in Python, python/python_objective.hpp). `provenance` says what it is (for
// Python: the class and a hash of its source) and is recorded in run files beside plugin paths.
// Registering a name again replaces the earlier run-time registration (a notebook cell run twice);
// a name that divbench itself or a plugin registered is refused with std::invalid_argument.
void register_runtime_objective(Registry<Objective>::Entry entry, const std::string& provenance);

// Canonical paths of the plugins loaded so far, in loading order, then the provenance of each
// run-time objective (recorded in run files).
std::vector<std::string> loaded_objective_plugins();

}  // namespace divbench
