#include "harness/run_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "common/hdf5_io.hpp"

namespace divbench {

void write_curves(H5::Group& parent, const Curves& c) {
  H5::Group curves = parent.createGroup("curves");
  put_vector(curves, "step", c.step, H5::PredType::NATIVE_LLONG);
  put_vector(curves, "d_loss", c.d_loss, H5::PredType::NATIVE_DOUBLE);
  put_vector(curves, "g_loss", c.g_loss, H5::PredType::NATIVE_DOUBLE);
  for (const auto& [group_name, series] :
       {std::pair{"objective", &c.objective}, std::pair{"metrics", &c.metrics}}) {
    H5::Group group = curves.createGroup(group_name);
    for (const auto& [name, values] : *series)
      put_vector(group, name, values, H5::PredType::NATIVE_DOUBLE);
  }
}

Curves read_curves(const H5::Group& root, const std::string& where) {
  Curves c;
  if (!root.nameExists("curves"))
    throw std::runtime_error(fmt::format("{}: group 'curves' is missing", where));
  const H5::Group curves = root.openGroup("curves");
  c.step = get_vector<long long>(curves, "step", H5::PredType::NATIVE_LLONG, where + "curves");
  c.d_loss = get_vector<double>(curves, "d_loss", H5::PredType::NATIVE_DOUBLE, where + "curves");
  c.g_loss = get_vector<double>(curves, "g_loss", H5::PredType::NATIVE_DOUBLE, where + "curves");
  for (const auto& [group_name, series] :
       {std::pair{"objective", &c.objective}, std::pair{"metrics", &c.metrics}}) {
    const std::string group_where = fmt::format("{}curves/{}", where, group_name);
    if (!curves.nameExists(group_name)) {
      throw std::runtime_error(fmt::format("{}curves: group '{}' is missing", where, group_name));
    }
    const H5::Group group = curves.openGroup(group_name);
    for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
      const std::string name = group.getObjnameByIdx(i);
      auto values = get_vector<double>(group, name, H5::PredType::NATIVE_DOUBLE, group_where);
      if (values.size() != c.step.size()) {
        throw std::runtime_error(fmt::format("{}: '{}' has {} values for {} steps", group_where,
                                             name, values.size(), c.step.size()));
      }
      series->emplace(name, std::move(values));
    }
  }
  return c;
}

void write_run(H5::Group& root, const RunRecord& r) {
  put(root, "schema_version", kRunSchemaVersion);
  put(root, "divbench_version", r.divbench_version);
  put(root, "git_commit", r.git_commit);
  put(root, "build_type", r.build_type);
  put(root, "build_flags", r.build_flags);
  put(root, "compiler", r.compiler);
  put(root, "gemm_backend", r.gemm_backend);
  put(root, "cpu", r.cpu);
  put(root, "dataset_description", r.dataset_description);
  put(root, "network_description", r.network_description);
  put(root, "sample_shape", r.sample_shape);
  put(root, "seed", r.config.seed);
  put(root, "status", r.status);
  put(root, "diverged_step", r.diverged_step);
  put(root, "diverged_reason", r.diverged_reason);
  put(root, "steps_completed", r.steps_completed);
  put(root, "start_time", r.start_time);
  put(root, "end_time", r.end_time);
  put(root, "train_seconds", r.train_seconds);
  put(root, "eval_seconds", r.eval_seconds);
  std::string plugins;
  for (const auto& p : r.plugins) plugins += (plugins.empty() ? "" : "\n") + p;
  put(root, "plugins", plugins);

  H5::Group config = root.createGroup("config");
  for (const auto& [name, value] : to_values(r.config)) {
    std::visit([&, &n = name](const auto& v) { put(config, n, v); }, value);
  }

  write_curves(root, r.curves);

  const hsize_t dims[2] = {static_cast<hsize_t>(r.samples.rows()),
                           static_cast<hsize_t>(r.samples.cols())};
  H5::DataSet samples =
      root.createDataSet("samples", H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, dims),
                         dataset_properties(r.samples.size() * sizeof(float)));
  if (r.samples.size() > 0) samples.write(r.samples.data(), H5::PredType::NATIVE_FLOAT);

  H5::Group final_group = root.createGroup("final");
  for (const auto& [name, value] : r.final_metrics) {
    if (name != "modes_covered") put(final_group, name, value);  // stored as an integer below
  }
  if (r.coverage) {
    put(final_group, "modes_covered", r.coverage->modes_covered);
    put(final_group, "modes_total", r.coverage->modes_total);
    if (r.final_metrics.count("hq_fraction") == 0)
      put(final_group, "hq_fraction", r.coverage->hq_fraction);
    put_vector(final_group, "hq_histogram", r.coverage->hq_histogram, H5::PredType::NATIVE_LLONG);
  }
}

TrainConfig read_run_config(const H5::Group& root, const std::string& where) {
  TrainConfig out;
  if (!root.nameExists("config"))
    throw std::runtime_error(fmt::format("{}: group 'config' is missing", where));
  const H5::Group config = root.openGroup("config");
  const std::string config_where = where + "config";
  const auto values = to_values(out);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& [name, value] = values[i];
    // Files written before an option existed hold its default.
    if (train_options()[i].omit_at_default && !config.attrExists(name)) continue;
    const OptionValue read = std::visit(
        [&, &n = name](const auto& v) -> OptionValue {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, long long>) return get_int(config, n, config_where);
          if constexpr (std::is_same_v<T, double>) return get_double(config, n, config_where);
          if constexpr (std::is_same_v<T, std::string>) return get_string(config, n, config_where);
        },
        value);
    set_value(out, name, read);
  }

  return out;
}

void read_run_attributes(const H5::Group& root, const std::string& where, RunRecord& r) {
  const long long schema = get_int(root, "schema_version", where);
  if (schema < kOldestRunSchemaVersion || schema > kRunSchemaVersion) {
    throw std::runtime_error(
        fmt::format("{}: schema_version {} is not supported (this divbench reads {} to {})", where,
                    schema, kOldestRunSchemaVersion, kRunSchemaVersion));
  }
  r.divbench_version = get_string(root, "divbench_version", where);
  r.git_commit = get_string(root, "git_commit", where);
  r.build_type = get_string(root, "build_type", where);
  r.build_flags = get_string(root, "build_flags", where);
  r.compiler = get_string(root, "compiler", where);
  if (root.attrExists("gemm_backend")) r.gemm_backend = get_string(root, "gemm_backend", where);
  if (root.attrExists("cpu")) r.cpu = get_string(root, "cpu", where);
  if (root.attrExists("dataset_description"))
    r.dataset_description = get_string(root, "dataset_description", where);
  if (root.attrExists("sample_shape")) r.sample_shape = get_string(root, "sample_shape", where);
  if (schema >= 3) r.network_description = get_string(root, "network_description", where);
  r.status = get_string(root, "status", where);
  r.diverged_step = get_int(root, "diverged_step", where);
  if (root.attrExists("diverged_reason"))
    r.diverged_reason = get_string(root, "diverged_reason", where);
  r.steps_completed = get_int(root, "steps_completed", where);
  r.start_time = get_string(root, "start_time", where);
  r.end_time = get_string(root, "end_time", where);
  r.train_seconds = get_double(root, "train_seconds", where);
  r.eval_seconds = get_double(root, "eval_seconds", where);
  const std::string plugins = get_string(root, "plugins", where);
  for (std::size_t start = 0; start < plugins.size();) {
    const std::size_t end = std::min(plugins.find('\n', start), plugins.size());
    r.plugins.push_back(plugins.substr(start, end - start));
    start = end + 1;
  }
}

void read_run_final(const H5::Group& root, const std::string& where, RunRecord& r) {
  if (root.nameExists("final")) {
    const H5::Group fin = root.openGroup("final");
    const std::string fw = where + "final";
    for (int i = 0; i < fin.getNumAttrs(); ++i) {
      const std::string name = fin.openAttribute(static_cast<unsigned>(i)).getName();
      if (name != "modes_covered" && name != "modes_total") {
        r.final_metrics[name] = get_double(fin, name, fw);
      }
    }
    if (fin.attrExists("modes_covered")) {
      ModeCoverage c;
      c.modes_covered = get_int(fin, "modes_covered", fw);
      c.modes_total = get_int(fin, "modes_total", fw);
      c.hq_fraction = get_double(fin, "hq_fraction", fw);
      c.hq_histogram = get_vector<long long>(fin, "hq_histogram", H5::PredType::NATIVE_LLONG, fw);
      const auto metric = [&](const char* key) {
        const auto it = r.final_metrics.find(key);
        return it == r.final_metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
      };
      c.kl_modes = metric("modes_kl");
      c.kl_modes_reverse = metric("modes_kl_reverse");
      r.final_metrics["modes_covered"] = static_cast<double>(c.modes_covered);
      r.coverage = c;
    }
  }
}

RunRecord read_run(const H5::Group& root, const std::string& where) {
  RunRecord r;
  read_run_attributes(root, where, r);
  r.config = read_run_config(root, where);

  r.curves = read_curves(root, where);

  if (!root.nameExists("samples"))
    throw std::runtime_error(fmt::format("{}: dataset 'samples' is missing", where));
  const H5::DataSet samples = root.openDataSet("samples");
  const H5::DataSpace space = samples.getSpace();
  if (space.getSimpleExtentNdims() != 2) {
    throw std::runtime_error(fmt::format("{}: dataset 'samples' should be 2-D", where));
  }
  hsize_t dims[2] = {0, 0};
  space.getSimpleExtentDims(dims);
  r.samples.resize(static_cast<Index>(dims[0]), static_cast<Index>(dims[1]));
  if (r.samples.size() > 0) samples.read(r.samples.data(), H5::PredType::NATIVE_FLOAT);

  read_run_final(root, where, r);
  return r;
}

void check_writable(const std::string& path) {
  const std::filesystem::path p(path);
  const std::filesystem::path dir =
      p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir)) {
    throw std::invalid_argument(
        fmt::format("{}: directory '{}' does not exist", path, dir.string()));
  }
  const std::string probe = path + ".partial";
  std::FILE* f = std::fopen(probe.c_str(), "w");
  if (f == nullptr) {
    throw std::invalid_argument(
        fmt::format("{}: cannot write there: {}", path, std::strerror(errno)));
  }
  std::fclose(f);
  std::remove(probe.c_str());
}

void write_run_file(const std::string& path, const RunRecord& record) {
  write_hdf5_atomically(path, "run file", [&](H5::H5File& file) {
    H5::Group root = file.openGroup("/");
    write_run(root, record);
  });
}

RunRecord read_run_file(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path);
  try {
    return read_run(file.openGroup("/"), path + ":/");
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot read run: {}", path, e.getDetailMsg()));
  }
}

void for_each_run(const std::string& path,
                  const std::function<void(const std::string&, RunRecord&&)>& visit) {
  const H5::H5File file = open_hdf5_for_reading(path);
  std::vector<std::string> names{"/"};
  try {
    if (file.nameExists("runs")) names = member_names(file.openGroup("runs"));
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot read runs: {}", path, e.getDetailMsg()));
  }
  for (const std::string& name : names) visit(name, *read_named_run(file, path, name));
}

std::optional<RunRecord> read_named_run(const H5::H5File& file, const std::string& path,
                                        const std::string& name) {
  try {
    if (name == "/") {
      if (file.nameExists("runs")) return std::nullopt;
      return read_run(file.openGroup("/"), path + ":/");
    }
    if (!file.nameExists("runs")) return std::nullopt;
    const H5::Group runs = file.openGroup("runs");
    if (!runs.nameExists(name)) return std::nullopt;
    return read_run(runs.openGroup(name), fmt::format("{}:/runs/{}/", path, name));
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot read runs: {}", path, e.getDetailMsg()));
  }
}

std::vector<std::pair<std::string, RunRecord>> read_runs(const std::string& path) {
  std::vector<std::pair<std::string, RunRecord>> out;
  for_each_run(path, [&](const std::string& name, RunRecord&& run) {
    out.emplace_back(name, std::move(run));
  });
  return out;
}

}  // namespace divbench
