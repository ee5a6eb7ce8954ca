#include "datasets/hdf5_array.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace divbench {
namespace {

// The dataset, checked to be numeric of rank 1 or 2 with at least one row; dims[1] is 1 for 1-D.
H5::DataSet open_numeric(const H5::H5File& file, const std::string& path,
                         const std::string& dataset, hsize_t (&dims)[2], bool integer_only) {
  if (!file.nameExists(dataset)) {
    throw std::invalid_argument(fmt::format("{}: no dataset '{}'", path, dataset));
  }
  H5::DataSet ds = file.openDataSet(dataset);
  const H5T_class_t type = ds.getTypeClass();
  if (integer_only ? type != H5T_INTEGER : (type != H5T_FLOAT && type != H5T_INTEGER)) {
    throw std::invalid_argument(fmt::format("{}:{}: expected {} dataset", path, dataset,
                                            integer_only ? "an integer" : "a numeric"));
  }
  const H5::DataSpace space = ds.getSpace();
  const int rank = space.getSimpleExtentNdims();
  if (rank != 1 && rank != 2) {
    throw std::invalid_argument(
        fmt::format("{}:{}: expected a 1-D or 2-D dataset (samples x dimensions), found {}-D", path,
                    dataset, rank));
  }
  dims[0] = 0;
  dims[1] = 1;
  space.getSimpleExtentDims(dims);
  if (dims[0] == 0 || dims[1] == 0) {
    throw std::invalid_argument(fmt::format("{}:{}: no samples", path, dataset));
  }
  return ds;
}

// Opens `dataset` of the file at `path` as open_numeric does and hands it to read(ds, dims); every
// failure becomes std::invalid_argument naming the file and the dataset.
template <class Read>
auto read_numeric(const std::string& path, const std::string& dataset, bool integer_only,
                  Read&& read) {
  H5::H5File file;
  try {
    file = open_hdf5_for_reading(path);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
  try {
    hsize_t dims[2];
    const H5::DataSet ds = open_numeric(file, path, dataset, dims, integer_only);
    return read(ds, dims);
  } catch (const H5::Exception& e) {
    throw std::invalid_argument(
        fmt::format("{}:{}: cannot read: {}", path, dataset, e.getDetailMsg()));
  }
}

}  // namespace

bool split_hdf5_spec(const std::string& spec, std::string& file, std::string& dataset) {
  const auto colon = spec.rfind(":/");
  if (colon == std::string::npos) return false;
  file = spec.substr(0, colon);
  dataset = spec.substr(colon + 1);
  return true;
}

Matrix read_hdf5_array(const std::string& path, const std::string& dataset) {
  return read_numeric(path, dataset, false, [&](const H5::DataSet& ds, const hsize_t* dims) {
    Matrix out(static_cast<Index>(dims[0]), static_cast<Index>(dims[1]));
    ds.read(out.data(), H5::PredType::NATIVE_FLOAT);  // HDF5 converts the stored type
    if (!out.allFinite()) {
      throw std::invalid_argument(fmt::format(
          "{}:{}: non-finite values (NaN, Inf, or beyond float range)", path, dataset));
    }
    return out;
  });
}

std::vector<long long> read_hdf5_labels(const std::string& path, const std::string& dataset) {
  return read_numeric(path, dataset, true, [&](const H5::DataSet& ds, const hsize_t* dims) {
    if (dims[1] != 1) {
      throw std::invalid_argument(
          fmt::format("{}:{}: labels must be 1-D, found {} columns", path, dataset, dims[1]));
    }
    std::vector<long long> out(dims[0]);
    ds.read(out.data(), H5::PredType::NATIVE_LLONG);
    return out;
  });
}

}  // namespace divbench
