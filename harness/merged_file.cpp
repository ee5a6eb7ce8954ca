#include "harness/merged_file.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "common/hdf5_io.hpp"
#include "harness/index_table.hpp"
#include "harness/run_file.hpp"

namespace divbench {
namespace {

IndexColumn::Kind kind_of(const OptionValue& v) {
  if (std::holds_alternative<long long>(v)) return IndexColumn::integer;
  if (std::holds_alternative<double>(v)) return IndexColumn::real;
  return IndexColumn::text;
}

void push(IndexColumn& col, const OptionValue& v) {
  if (col.kind == IndexColumn::integer) col.ints.push_back(std::get<long long>(v));
  if (col.kind == IndexColumn::real) col.reals.push_back(std::get<double>(v));
  if (col.kind == IndexColumn::text) col.texts.push_back(std::get<std::string>(v));
}

OptionValue cell(const IndexColumn& col, std::size_t row) {
  if (col.kind == IndexColumn::integer) return static_cast<long long>(col.ints[row]);
  if (col.kind == IndexColumn::real) return col.reals[row];
  return col.texts[row];
}

// Options whose value is the option's own, not the run's (output paths) are not a run's options.
bool is_output_path(const std::string& name) {
  for (const auto& o : train_options())
    if (o.name == name) return o.role == OptionRole::output_path;
  return false;
}

}  // namespace

std::vector<const IndexColumn*> measured_columns(const std::vector<IndexColumn>& index) {
  std::vector<const IndexColumn*> measured;
  bool after = false;
  for (const IndexColumn& c : index) {
    if (after && c.kind != IndexColumn::text) measured.push_back(&c);
    after = after || c.name == "diverged_step";
  }
  return measured;
}

void write_run_options(H5::Group& root, const Sweep& sweep, const std::vector<std::size_t>& rows) {
  const auto& options = train_options();
  std::vector<bool> varies(options.size(), false);
  if (!sweep.runs.empty()) {
    const auto first = to_values(sweep.runs.front().config);
    for (const SweepRun& run : sweep.runs) {
      const auto values = to_values(run.config);
      for (std::size_t i = 0; i < options.size(); ++i)
        varies[i] = varies[i] || values[i].second != first[i].second;
    }
  }
  H5::PropList gcpl(H5P_GROUP_CREATE);
  H5Pset_obj_track_times(gcpl.getId(), 0);
  const hid_t gid = H5Gcreate2(root.getId(), "config", H5P_DEFAULT, gcpl.getId(), H5P_DEFAULT);
  if (gid < 0) throw H5::GroupIException("write_run_options", "cannot create group config");
  H5Gclose(gid);
  H5::Group config = root.openGroup("config");
  std::vector<IndexColumn> columns{{"id", IndexColumn::text}};
  const auto reference = to_values(sweep.runs.empty() ? TrainConfig{} : sweep.runs.front().config);
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (options[i].role == OptionRole::output_path) continue;
    if (varies[i]) {
      columns.push_back({options[i].name, kind_of(reference[i].second)});
    } else {
      std::visit([&](const auto& v) { put(config, options[i].name, v); }, reference[i].second);
    }
  }
  for (const std::size_t r : rows) {
    const auto values = to_values(sweep.runs[r].config);
    columns[0].texts.push_back(sweep.runs[r].id);
    std::size_t c = 1;
    for (std::size_t i = 0; i < options.size(); ++i) {
      if (options[i].role != OptionRole::output_path && varies[i])
        push(columns[c++], values[i].second);
    }
  }
  write_index_table(root, "options", columns, rows.size());
}

bool has_run_index(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path);
  const H5::Group root = file.openGroup("/");
  return root.attrExists("merge_schema_version") &&
         get_int(root, "merge_schema_version", path) >= 2 && root.nameExists("index") &&
         root.nameExists("options") && root.nameExists("config");
}

std::vector<std::pair<std::string, RunRecord>> read_index_runs(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path);
  std::vector<std::pair<std::string, RunRecord>> out;
  try {
    const H5::Group root = file.openGroup("/");
    const std::vector<IndexColumn> index = read_index_table(root, "index", path);
    const std::vector<IndexColumn> options = read_index_table(root, "options", path);
    TrainConfig shared;
    const H5::Group config = root.openGroup("config");
    const std::string config_where = path + ":/config";
    for (int i = 0; i < config.getNumAttrs(); ++i) {
      const H5::Attribute attr = config.openAttribute(static_cast<unsigned>(i));
      const std::string name = attr.getName();
      const H5T_class_t cls = attr.getTypeClass();
      const OptionValue value =
          cls == H5T_INTEGER ? OptionValue(get_int(config, name, config_where))
          : cls == H5T_FLOAT ? OptionValue(get_double(config, name, config_where))
                             : OptionValue(get_string(config, name, config_where));
      try {
        set_value(shared, name, value);
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error(fmt::format("{}: {}", config_where, e.what()));
      }
    }
    const auto need = [&](const std::vector<IndexColumn>& table, const char* name,
                          IndexColumn::Kind kind) -> const IndexColumn& {
      const IndexColumn* c = find_column(table, name);
      if (c == nullptr || c->kind != kind)
        throw std::runtime_error(
            fmt::format("{}: /index or /options lacks column '{}'", path, name));
      return *c;
    };
    const IndexColumn& ids = need(index, "id", IndexColumn::text);
    const IndexColumn& status = need(index, "status", IndexColumn::text);
    const IndexColumn& steps = need(index, "steps_completed", IndexColumn::integer);
    const IndexColumn& diverged = need(index, "diverged_step", IndexColumn::integer);
    const IndexColumn& option_ids = need(options, "id", IndexColumn::text);
    if (option_ids.texts != ids.texts)
      throw std::runtime_error(fmt::format("{}: /options and /index list other runs", path));
    const std::vector<const IndexColumn*> measured = measured_columns(index);
    static const std::string prefix = "objective.";
    for (std::size_t r = 0; r < ids.texts.size(); ++r) {
      if (status.texts[r] != "complete" && status.texts[r] != "diverged") continue;
      RunRecord run;
      run.config = shared;
      for (std::size_t c = 1; c < options.size(); ++c) {
        if (is_output_path(options[c].name)) continue;
        try {
          set_value(run.config, options[c].name, cell(options[c], r));
        } catch (const std::invalid_argument& e) {
          throw std::runtime_error(fmt::format("{}:/options: {}", path, e.what()));
        }
      }
      run.status = status.texts[r];
      run.steps_completed = steps.ints[r];
      run.diverged_step = diverged.ints[r];
      double modes_total = std::nan("");
      for (const IndexColumn* c : measured) {
        const double v = c->number(r);
        if (c->name.rfind(prefix, 0) == 0) {
          run.curves.objective[c->name.substr(prefix.size())] = {v};
        } else if (c->name == "modes_total") {
          modes_total = v;
        } else {
          run.final_metrics[c->name] = v;
        }
      }
      const auto covered = run.final_metrics.find("modes_covered");
      // Mode counts are integers stored as float64 cells: only those a count can be are counts.
      const auto is_count = [](double v) { return std::isfinite(v) && std::fabs(v) < 1e15; };
      if (covered != run.final_metrics.end() && is_count(covered->second) &&
          is_count(modes_total)) {
        ModeCoverage coverage;
        coverage.modes_covered = static_cast<long long>(covered->second);
        coverage.modes_total = static_cast<long long>(modes_total);
        const auto metric = [&](const char* key) {
          const auto it = run.final_metrics.find(key);
          return it == run.final_metrics.end() ? std::nan("") : it->second;
        };
        coverage.hq_fraction = metric("hq_fraction");
        coverage.kl_modes = metric("modes_kl");
        coverage.kl_modes_reverse = metric("modes_kl_reverse");
        run.coverage = coverage;
      }
      out.emplace_back(ids.texts[r], std::move(run));
    }
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot read the index: {}", path, e.getDetailMsg()));
  }
  return out;
}

std::vector<std::pair<std::string, RunRecord>> read_runs_for_table(const std::string& path) {
  return has_run_index(path) ? read_index_runs(path) : read_runs(path);
}

}  // namespace divbench
