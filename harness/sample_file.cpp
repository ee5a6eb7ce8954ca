#include "harness/sample_file.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "harness/run_file.hpp"

namespace divbench {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_cell(std::string_view cell, double& value) {
  const std::string_view t = trim(cell);
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  return !t.empty() && ec == std::errc() && ptr == t.data() + t.size();
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  while (true) {
    const auto comma = line.find(',');
    cells.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) return cells;
    line.remove_prefix(comma + 1);
  }
}

PointMatrix read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(fmt::format("{}: cannot open", path));
  std::vector<double> values;
  std::size_t columns = 0;
  std::string line;
  long long line_number = 0;
  long long rows = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (trim(line).empty()) continue;
    const auto cells = split(line);
    std::vector<double> row(cells.size());
    std::size_t bad = cells.size();
    for (std::size_t c = 0; c < cells.size() && bad == cells.size(); ++c) {
      if (!parse_cell(cells[c], row[c])) bad = c;
    }
    if (bad != cells.size()) {
      if (rows == 0 && columns == 0) {  // a header line: names, not numbers
        columns = cells.size();
        continue;
      }
      throw std::invalid_argument(fmt::format("{}:{}: column {}: expected a number, found '{}'",
                                              path, line_number, bad + 1, trim(cells[bad])));
    }
    if (columns == 0) columns = cells.size();
    if (cells.size() != columns) {
      throw std::invalid_argument(fmt::format("{}:{}: expected {} columns, found {}", path,
                                              line_number, columns, cells.size()));
    }
    values.insert(values.end(), row.begin(), row.end());
    ++rows;
  }
  if (rows == 0)
    throw std::invalid_argument(fmt::format("{}: no samples (the file has no numeric rows)", path));
  PointMatrix out(rows, static_cast<Eigen::Index>(columns));
  std::copy(values.begin(), values.end(), out.data());
  return out;
}

PointMatrix read_hdf5(const std::string& path, const std::string& dataset) {
  H5::H5File file;
  try {
    file = open_hdf5_for_reading(path);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
  try {
    if (!file.nameExists(dataset)) {
      throw std::invalid_argument(fmt::format("{}: no dataset '{}'", path, dataset));
    }
    const H5::DataSet ds = file.openDataSet(dataset);
    const H5T_class_t type = ds.getTypeClass();
    if (type != H5T_FLOAT && type != H5T_INTEGER) {
      throw std::invalid_argument(fmt::format("{}:{}: expected a numeric dataset", path, dataset));
    }
    const H5::DataSpace space = ds.getSpace();
    const int rank = space.getSimpleExtentNdims();
    if (rank != 1 && rank != 2) {
      throw std::invalid_argument(
          fmt::format("{}:{}: expected a 1-D or 2-D dataset (samples x dimensions), found {}-D",
                      path, dataset, rank));
    }
    hsize_t dims[2] = {0, 1};
    space.getSimpleExtentDims(dims);
    if (dims[0] == 0) throw std::invalid_argument(fmt::format("{}:{}: no samples", path, dataset));
    PointMatrix out(static_cast<Eigen::Index>(dims[0]), static_cast<Eigen::Index>(dims[1]));
    ds.read(out.data(), H5::PredType::NATIVE_DOUBLE);  // HDF5 converts the stored type
    return out;
  } catch (const H5::Exception& e) {
    throw std::invalid_argument(
        fmt::format("{}:{}: cannot read: {}", path, dataset, e.getDetailMsg()));
  }
}

}  // namespace

PointMatrix read_samples(const std::string& spec) {
  // "file.h5:/path" names a dataset in an HDF5 file; anything else is a CSV file.
  const auto colon = spec.find(":/");
  if (colon != std::string::npos) return read_hdf5(spec.substr(0, colon), spec.substr(colon + 1));
  return read_csv(spec);
}

}  // namespace divbench
