#include "common/hdf5_io.hpp"

#include <cstdint>
#include <stdexcept>

namespace divbench {

void copy_files_into(H5::H5File& dst, const std::string& parent,
                     const std::vector<std::pair<std::string, std::string>>& sources_and_names) {
  for (const auto& [source, name] : sources_and_names) {
    const H5::H5File src(source, H5F_ACC_RDONLY);
    const std::string target = fmt::format("{}/{}", parent, name);
    if (H5Ocopy(src.getId(), "/", dst.getId(), target.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
      throw std::runtime_error(
          fmt::format("{}: could not be copied into {}", source, dst.getFileName()));
    }
  }
}

H5::DSetCreatPropList dataset_properties(std::size_t bytes) {
  H5::DSetCreatPropList dcpl;
  if (bytes <= kCompactBytes) dcpl.setLayout(H5D_COMPACT);
  H5Pset_obj_track_times(dcpl.getId(), 0);
  return dcpl;
}

void put(H5::H5Object& loc, const std::string& name, const std::string& value) {
  loc.createAttribute(name, string_type(), H5::DataSpace(H5S_SCALAR)).write(string_type(), value);
}
void put(H5::H5Object& loc, const std::string& name, long long value) {
  const auto v = static_cast<std::int64_t>(value);
  loc.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_INT64, &v);
}
void put(H5::H5Object& loc, const std::string& name, double value) {
  loc.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_DOUBLE, &value);
}

// HDF5 1.10's C++ objects built from a C id take a reference of their own, so wrapping the id of
// H5Gcreate2 or H5Gget_create_plist would leak one: the group stayed open, which kept the whole
// (in-memory) file open after it was written (found by fuzz/hdf5_fuzzer.cpp). The C ids are
// closed here and the C++ object opened by name.
H5::Group create_ordered_group(H5::Group& parent, const std::string& name) {
  H5::PropList gcpl(H5P_GROUP_CREATE);
  H5Pset_link_creation_order(gcpl.getId(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  H5Pset_obj_track_times(gcpl.getId(), 0);  // no timestamp: the same members, the same bytes
  const hid_t id = H5Gcreate2(parent.getId(), name.c_str(), H5P_DEFAULT, gcpl.getId(), H5P_DEFAULT);
  if (id < 0) throw H5::GroupIException("create_ordered_group", "cannot create group " + name);
  H5Gclose(id);
  return parent.openGroup(name);
}

std::vector<std::string> member_names(const H5::Group& group) {
  std::vector<std::string> names;
  const hsize_t n = group.getNumObjs();
  const hid_t gcpl = H5Gget_create_plist(group.getId());
  if (gcpl < 0) throw H5::GroupIException("member_names", "cannot read the group's properties");
  unsigned flags = 0;
  H5Pget_link_creation_order(gcpl, &flags);
  H5Pclose(gcpl);
  const H5_index_t index =
      (flags & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  for (hsize_t i = 0; i < n; ++i) {
    const ssize_t size =
        H5Lget_name_by_idx(group.getId(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0) throw H5::GroupIException("member_names", "cannot list the group");
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(group.getId(), ".", index, H5_ITER_INC, i, name.data(),
                       static_cast<std::size_t>(size) + 1, H5P_DEFAULT);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace divbench
