#pragma once
// Reads a Gaussian mixture from a CSV file, one component per line:
//   weight, mean_1, ..., mean_d, std_1, ..., std_d
// Blank lines and lines starting with '#' are skipped. Every error names the file and the line.
#include <memory>
#include <string>
#include <string_view>

#include "datasets/gaussian_mixture.hpp"

namespace divbench {

std::unique_ptr<GaussianMixture> read_mixture_file(const std::string& path);

// The same from text already in memory (gzip undone); `path` names it in errors.
std::unique_ptr<GaussianMixture> parse_mixture(std::string_view text, const std::string& path);

}  // namespace divbench
