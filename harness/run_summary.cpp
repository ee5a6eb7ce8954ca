#include "harness/run_summary.hpp"

#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/hdf5_io.hpp"

namespace divbench {
namespace {

// The last value of the 1-D float dataset `name` under `group` (NaN when it is empty), read as
// one element: a hyperslab of the last point, not the whole curve.
double last_value(const H5::Group& group, const std::string& name, const std::string& where) {
  const H5::DataSet ds = group.openDataSet(name);
  const H5::DataSpace space = ds.getSpace();
  if (space.getSimpleExtentNdims() != 1)
    throw std::runtime_error(fmt::format("{}: dataset '{}' should be 1-D", where, name));
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
// header alone. Returns its length (rows).
hsize_t numeric_extent(const H5::Group& group, const std::string& name, int rank,
                       const std::string& where) {
  if (!group.nameExists(name))
    throw std::runtime_error(fmt::format("{}: dataset '{}' is missing", where, name));
  const H5::DataSet ds = group.openDataSet(name);
  const H5T_class_t cls = ds.getTypeClass();
  const H5::DataSpace space = ds.getSpace();
  if ((cls != H5T_INTEGER && cls != H5T_FLOAT) || space.getSimpleExtentNdims() != rank) {
    throw std::runtime_error(
        fmt::format("{}: dataset '{}' should be {}-D numbers", where, name, rank));
  }
  hsize_t dims[2] = {0, 0};
  space.getSimpleExtentDims(dims);
  return dims[0];
}

// Everything else read_run would refuse, found without reading a curve or a sample: the
// attributes it reads, and the kind and shape of every dataset. A run the summary accepts is a
// run every reader of the merged file accepts (fuzz/hdf5_fuzzer.cpp checks it).
void check_as_read_run_would(const H5::Group& root, const std::string& where) {
  for (const char* name : {"divbench_version", "git_commit", "build_type", "build_flags",
                           "compiler", "start_time", "end_time", "plugins"})
    (void)get_string(root, name, where);
  for (const char* name :
       {"gemm_backend", "cpu", "dataset_description", "sample_shape", "diverged_reason"})
    if (root.attrExists(name)) (void)get_string(root, name, where);
  (void)get_double(root, "train_seconds", where);
  (void)get_double(root, "eval_seconds", where);
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
  if (root.nameExists("final")) {
    const H5::Group fin = root.openGroup("final");
    const std::string fw = where + "final";
    if (fin.attrExists("modes_covered")) {
      (void)get_int(fin, "modes_total", fw);
      (void)get_double(fin, "hq_fraction", fw);
      (void)numeric_extent(fin, "hq_histogram", 1, fw);
    }
  }
}

}  // namespace

RunSummary read_run_summary(const H5::Group& root, const std::string& where) {
  RunSummary s;
  const long long schema = get_int(root, "schema_version", where);
  if (schema != kRunSchemaVersion) {
    throw std::runtime_error(
        fmt::format("{}: schema_version {} is not supported (this divbench reads {})", where,
                    schema, kRunSchemaVersion));
  }
  s.status = get_string(root, "status", where);
  s.diverged_step = get_int(root, "diverged_step", where);
  s.steps_completed = get_int(root, "steps_completed", where);
  if (root.attrExists("diverged_reason"))
    s.diverged_reason = get_string(root, "diverged_reason", where);
  s.config = read_run_config(root, where);

  if (!root.nameExists("curves"))
    throw std::runtime_error(fmt::format("{}: group 'curves' is missing", where));
  const H5::Group curves = root.openGroup("curves");
  if (!curves.nameExists("objective"))
    throw std::runtime_error(fmt::format("{}curves: group 'objective' is missing", where));
  const H5::Group objective = curves.openGroup("objective");
  const std::string objective_where = where + "curves/objective";
  for (const std::string& name : member_names(objective))
    s.last_estimates[name] = last_value(objective, name, objective_where);
  check_as_read_run_would(root, where);

  if (root.nameExists("final")) {
    const H5::Group fin = root.openGroup("final");
    const std::string fw = where + "final";
    for (int i = 0; i < fin.getNumAttrs(); ++i) {
      const std::string name = fin.openAttribute(static_cast<unsigned>(i)).getName();
      // Mode counts are stored as integers, every other final metric as a float.
      s.final_metrics[name] = name == "modes_covered" || name == "modes_total"
                                  ? static_cast<double>(get_int(fin, name, fw))
                                  : get_double(fin, name, fw);
    }
  }
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
