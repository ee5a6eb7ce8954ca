#pragma once
// Small typed helpers over the HDF5 C++ API for run files and checkpoints: scalar attributes
// (string, int64, double) and 1-D datasets. Readers check the stored type and throw
// std::runtime_error naming `where` (file and group) and the missing or mistyped item.
#include <stdexcept>
#include <string>
#include <vector>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "common/hdf5_file.hpp"  // opening, atomic writing, scalar attribute readers

namespace divbench {

// Copies the root of each file in `sources` into `parent`/<name> (H5Ocopy: every group, dataset
// and attribute, bit for bit). Throws std::runtime_error naming the file that could not be copied.
void copy_files_into(H5::H5File& dst, const std::string& parent,
                     const std::vector<std::pair<std::string, std::string>>& sources_and_names);

// A group that remembers the order its members were created in, so that readers list them in that
// order (a merged sweep's runs in sweep order) rather than by name.
H5::Group create_ordered_group(H5::Group& parent, const std::string& name);
// The names of a group's members: in creation order when the group tracks it, else by name.
std::vector<std::string> member_names(const H5::Group& group);

// Creation properties of a dataset of `bytes` bytes written once: compact layout (the data in the
// object header, no separate allocation) up to kCompactBytes, contiguous beyond; no timestamps.
inline constexpr std::size_t kCompactBytes = 16 * 1024;
H5::DSetCreatPropList dataset_properties(std::size_t bytes);

void put(H5::H5Object& loc, const std::string& name, const std::string& value);
void put(H5::H5Object& loc, const std::string& name, long long value);
void put(H5::H5Object& loc, const std::string& name, double value);

template <class T>
void put_vector(H5::Group& group, const std::string& name, const std::vector<T>& values,
                const H5::PredType& type) {
  const hsize_t dims[1] = {values.size()};
  H5::DataSet ds = group.createDataSet(name, type, H5::DataSpace(1, dims),
                                       dataset_properties(values.size() * sizeof(T)));
  if (!values.empty()) ds.write(values.data(), type);
}

template <class T>
std::vector<T> get_vector(const H5::Group& group, const std::string& name, const H5::PredType& type,
                          const std::string& where) {
  if (!group.nameExists(name))
    throw std::runtime_error(fmt::format("{}: dataset '{}' is missing", where, name));
  const H5::DataSet ds = group.openDataSet(name);
  const H5::DataSpace space = ds.getSpace();
  if (space.getSimpleExtentNdims() != 1) {
    throw std::runtime_error(fmt::format("{}: dataset '{}' should be 1-D", where, name));
  }
  hsize_t n = 0;
  space.getSimpleExtentDims(&n);
  std::vector<T> values(n);
  if (n > 0) ds.read(values.data(), type);
  return values;
}

}  // namespace divbench
