#include "harness/run_summary.hpp"

#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "common/hdf5_io.hpp"

namespace divbench {
namespace {

// The last value of the 1-D float dataset `name` under `group` (NaN when it is empty), read as
// one element: a hyperslab of the last point, not the whole curve.
double last_value(const H5::Group& group, const std::string& name) {
  const H5::DataSet ds = group.openDataSet(name);
  const H5::DataSpace space = ds.getSpace();  // 1-D numbers: check_curves_and_samples said so
  hsize_t n = 0;
  space.getSimpleExtentDims(&n);
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const hsize_t start[1] = {n - 1}, count[1] = {1};
  space.selectHyperslab(H5S_SELECT_SET, count, start);
  const H5::DataSpace one(1, count);
  double value = 0.0;
  ds.read(&value, H5::PredType::NATIVE_DOUBLE, one, space);
  return value;
}

// A 1-D (or, for samples, 2-D) dataset of numbers: what read_run reads from it, checked from its
// header alone. Returns its length (rows). The C API, not the C++ wrappers: a run's summary checks
// 23 datasets, and the wrappers' extra calls (an existence check before the open, a datatype
// object for the class) cost a fifth of the whole read.
hsize_t numeric_extent(const H5::Group& group, const std::string& name, int rank,
                       const std::string& where) {
  const hid_t ds = H5Dopen2(group.getId(), name.c_str(), H5P_DEFAULT);
  if (ds < 0) {
    if (H5Lexists(group.getId(), name.c_str(), H5P_DEFAULT) <= 0)
      throw std::runtime_error(fmt::format("{}: dataset '{}' is missing", where, name));
    throw H5::DataSetIException("numeric_extent", "cannot open dataset " + name);
  }
  const hid_t type = H5Dget_type(ds);
  const H5T_class_t cls = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
  if (type >= 0) H5Tclose(type);
  const hid_t space = H5Dget_space(ds);
  H5Dclose(ds);
  if (space < 0) throw H5::DataSetIException("numeric_extent", "cannot read the dataspace of " + name);
  const int ndims = H5Sget_simple_extent_ndims(space);
  hsize_t dims[2] = {0, 0};
  if (ndims == rank) H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  if ((cls != H5T_INTEGER && cls != H5T_FLOAT) || ndims != rank) {
    throw std::runtime_error(
        fmt::format("{}: dataset '{}' should be {}-D numbers", where, name, rank));
  }
  return dims[0];
}

// What read_run would refuse in the curves and samples, found from the datasets' headers alone:
// the kind and shape of every one (read_run_attributes and read_run_final check the rest). A run
// the summary accepts is a run every reader of the merged file accepts (fuzz/hdf5_fuzzer.cpp
// checks it).
void check_curves_and_samples(const H5::Group& root, const std::string& where) {
  if (!root.nameExists("curves"))
    throw std::runtime_error(fmt::format("{}: group 'curves' is missing", where));
  const H5::Group curves = root.openGroup("curves");
  const std::string curves_where = where + "curves";
  const hsize_t points = numeric_extent(curves, "step", 1, curves_where);
  for (const char* name : {"d_loss", "g_loss"}) (void)numeric_extent(curves, name, 1, curves_where);
  for (const char* group_name : {"objective", "metrics"}) {
    const std::string group_where = fmt::format("{}curves/{}", where, group_name);
    if (!curves.nameExists(group_name)) {
      throw std::runtime_error(fmt::format("{}curves: group '{}' is missing", where, group_name));
    }
    const H5::Group group = curves.openGroup(group_name);
    for (const std::string& name : member_names(group)) {
      const hsize_t n = numeric_extent(group, name, 1, group_where);
      if (n != points) {
        throw std::runtime_error(
            fmt::format("{}: '{}' has {} values for {} steps", group_where, name, n, points));
      }
    }
  }
  (void)numeric_extent(root, "samples", 2, where);
}

}  // namespace

RunSummary read_run_summary(const H5::Group& root, const std::string& where) {
  RunRecord record;  // the attributes and final metrics, read as read_run reads them
  read_run_attributes(root, where, record);
  RunSummary s;
  s.config = read_run_config(root, where);
  check_curves_and_samples(root, where);
  const H5::Group objective = root.openGroup("curves").openGroup("objective");
  for (const std::string& name : member_names(objective))
    s.last_estimates[name] = last_value(objective, name);
  read_run_final(root, where, record);
  s.status = std::move(record.status);
  s.steps_completed = record.steps_completed;
  s.diverged_step = record.diverged_step;
  s.diverged_reason = std::move(record.diverged_reason);
  s.final_metrics = std::move(record.final_metrics);
  if (record.coverage)
    s.final_metrics["modes_total"] = static_cast<double>(record.coverage->modes_total);
  return s;
}

RunSummary read_run_file_summary(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path);
  try {
    return read_run_summary(file.openGroup("/"), path + ":/");
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot read run: {}", path, e.getDetailMsg()));
  }
}

}  // namespace divbench
