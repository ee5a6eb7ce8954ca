#pragma once
// Every dataset divbench knows, registered explicitly in dataset_registry.cpp.
#include "common/registry.hpp"
#include "datasets/dataset.hpp"

namespace divbench {

using DatasetRegistry = Registry<Dataset>;

// The built-in datasets: ring8, grid25, ring, grid, mog1d, gmm, fmnist, stacked-fmnist, file.
const DatasetRegistry& dataset_registry();

// Shorthand for dataset_registry().make(spec).
std::unique_ptr<Dataset> make_dataset(std::string_view spec);

}  // namespace divbench
