#pragma once
// Reading sample sets for `divbench kl`: a CSV file with one sample per row (numeric cells, an
// optional header line), or a 1-D or 2-D numeric dataset inside an HDF5 file written
// "file.h5:/path". Errors name the file and what is wrong: for CSV the line and column of a bad
// cell, ragged rows, empty files; for HDF5 a missing file, dataset or a non-numeric type.
#include <string>

#include "metrics/nearest_neighbors.hpp"

namespace divbench {

// (n, d) in double. Throws std::invalid_argument with the message described above.
PointMatrix read_samples(const std::string& spec);

}  // namespace divbench
