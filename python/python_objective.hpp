#pragma once
// Objectives written in Python (issue #23): a Python class with the methods of divbench.Objective
// (python/divbench/objective.py) becomes an objective of the registry, trained by the C++ loop like
// any other. Each call acquires the GIL, hands the outputs to Python as float32 NumPy arrays
// (copies: the objective may keep them), checks what comes back (a loss and gradients of the right
// lengths) and copies the gradients into the training loop's buffers. A Python exception raised by
// the objective propagates out of the run as itself.
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

namespace divbench::python {

// Registers `cls` as the objective `name`: spec "name:key=value,..." sets the parameters
// (`defaults`: name -> default value, in order) and the factory calls cls(**params). `provenance`
// is recorded in run files (objectives/plugin_loader.hpp). Registering a name again replaces an
// earlier Python registration; a built-in or plugin name is refused (ValueError).
void register_objective(const std::string& name, const std::string& summary,
                        const std::string& reference, const pybind11::dict& defaults,
                        const pybind11::object& cls, const std::string& provenance);

// The conformance suite (objectives/objective_conformance.hpp) on the objective `spec` (any
// registered objective, Python or not): a list of (check, detail) pairs, empty when it conforms.
std::vector<std::pair<std::string, std::string>> check_objective(const std::string& spec);

}  // namespace divbench::python
