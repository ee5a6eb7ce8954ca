#include "datasets/mixture_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "common/spec.hpp"
#include "datasets/file_bytes.hpp"

namespace divbench {

std::unique_ptr<GaussianMixture> parse_mixture(std::string_view text, const std::string& path) {
  std::vector<std::vector<double>> rows;
  std::istringstream in{std::string(text)};
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::vector<double> row;
    std::size_t start = 0;
    for (int column = 1;; ++column) {
      const auto comma = line.find(',', start);
      std::string cell =
          line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!cell.empty() && cell.back() == '\r') cell.pop_back();
      row.push_back(parse_double(cell, fmt::format("{}:{}: column {}", path, line_no, column)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (row.size() < 3 || row.size() % 2 == 0) {
      throw std::invalid_argument(fmt::format(
          "{}:{}: expected weight, d means and d stds (an odd number >= 3 of columns), found {}",
          path, line_no, row.size()));
    }
    if (!rows.empty() && row.size() != rows.front().size()) {
      throw std::invalid_argument(fmt::format("{}:{}: {} columns, but the first component has {}",
                                              path, line_no, row.size(), rows.front().size()));
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw std::invalid_argument(fmt::format("{}: no mixture components", path));
  const auto k = static_cast<Index>(rows.size());
  const auto d = static_cast<Index>((rows.front().size() - 1) / 2);
  Eigen::VectorXd weights(k);
  Eigen::MatrixXd means(k, d);
  Eigen::MatrixXd stds(k, d);
  for (Index i = 0; i < k; ++i) {
    weights[i] = rows[i][0];
    for (Index j = 0; j < d; ++j) {
      means(i, j) = rows[i][1 + j];
      stds(i, j) = rows[i][1 + d + j];
    }
  }
  try {
    return std::make_unique<GaussianMixture>(fmt::format("gmm({})", path), weights, means, stds);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{}: {}", path, e.what()));
  }
}

std::unique_ptr<GaussianMixture> read_mixture_file(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) throw std::invalid_argument(fmt::format("{}: cannot open mixture file", path));
  const Bytes bytes = read_file_maybe_gzip(path);
  return parse_mixture(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                       path);
}

}  // namespace divbench
