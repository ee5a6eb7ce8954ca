#pragma once
// A numeric dataset inside an HDF5 file, named "FILE.h5:/path/to/dataset": 1-D (n samples of one
// value, or n labels) or 2-D (n samples x d), any integer or float type (HDF5 converts it).
#include <string>
#include <vector>

#include <H5Cpp.h>

#include "common/hdf5_file.hpp"

#include "common/tensor.hpp"

namespace divbench {

// Splits "FILE:/dataset" (the last ":/" starts the dataset); false when `spec` has no ":/".
bool split_hdf5_spec(const std::string& spec, std::string& file, std::string& dataset);

// (n, d) float. Throws std::invalid_argument naming file and dataset: missing file or dataset, a
// non-numeric type, rank other than 1 or 2, no samples, non-finite values.
Matrix read_hdf5_array(const std::string& file, const std::string& dataset);

// A 1-D integer dataset as labels.
std::vector<long long> read_hdf5_labels(const std::string& file, const std::string& dataset);

}  // namespace divbench
