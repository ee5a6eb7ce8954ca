#include "harness/merge.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "harness/hdf5_io.hpp"
#include "harness/run_file.hpp"

namespace divbench {
namespace {

namespace fs = std::filesystem;

// One column of /index: every cell is 8 bytes (int64, float64, or a variable-length string's
// pointer), so a row is a packed array of 8-byte cells.
struct Column {
  std::string name;
  enum Kind { integer, real, text } kind;
  std::vector<std::int64_t> ints = {};
  std::vector<double> reals = {};
  std::vector<std::string> texts = {};
};

const H5::DataType& hdf5_type(Column::Kind kind) {
  switch (kind) {
    case Column::integer:
      return H5::PredType::NATIVE_INT64;
    case Column::real:
      return H5::PredType::NATIVE_DOUBLE;
    case Column::text:
      break;
  }
  return string_type();
}

void write_index(H5::Group& root, const std::vector<Column>& columns, std::size_t rows) {
  const std::size_t cell = 8;
  static_assert(sizeof(char*) == 8 && sizeof(double) == 8);
  H5::CompType row_type(cell * columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    row_type.insertMember(columns[c].name, c * cell, hdf5_type(columns[c].kind));
  }
  std::vector<unsigned char> buffer(rows * columns.size() * cell);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      unsigned char* at = buffer.data() + (r * columns.size() + c) * cell;
      const Column& col = columns[c];
      if (col.kind == Column::integer) std::memcpy(at, &col.ints[r], cell);
      if (col.kind == Column::real) std::memcpy(at, &col.reals[r], cell);
      if (col.kind == Column::text) {
        const char* p = col.texts[r].c_str();
        std::memcpy(at, &p, cell);
      }
    }
  }
  const hsize_t dims[1] = {rows};
  H5::DataSet index = root.createDataSet("index", row_type, H5::DataSpace(1, dims));
  if (rows > 0) index.write(buffer.data(), row_type);
}

// The typed value of option `key` in `config`, for an axis column.
Column axis_column(const std::string& key) {
  for (const auto& o : train_options()) {
    if (o.name != key) continue;
    if (std::holds_alternative<long long TrainConfig::*>(o.field)) return {key, Column::integer};
    if (std::holds_alternative<double TrainConfig::*>(o.field)) return {key, Column::real};
  }
  return {key, Column::text};
}

}  // namespace

MergeReport merge_sweep(const Sweep& sweep, const std::string& dir, const std::string& out) {
  const std::string id = sweep_id(sweep);
  H5::Exception::dontPrint();
  if (fs::exists(out)) {
    std::string other;
    try {
      const H5::H5File existing = open_hdf5_for_reading(out);
      other = get_string(existing.openGroup("/"), "sweep_id", out);
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format(
          "{}: exists and is not a merged sweep ({}); remove it or choose another --out", out,
          e.what()));
    }
    if (other != id) {
      throw std::runtime_error(fmt::format(
          "{}: holds the merge of sweep {}, not of this sweep {} ({}); remove it or choose "
          "another --out",
          out, other, id, sweep.path));
    }
  }

  MergeReport report;
  report.out = out;
  report.planned = static_cast<long long>(sweep.runs.size());
  const fs::path runs_dir = fs::path(dir) / "runs";
  std::set<std::string> planned;
  for (const SweepRun& run : sweep.runs) planned.insert(run.id);
  if (fs::is_directory(runs_dir)) {
    std::vector<std::string> foreign;
    for (const auto& entry : fs::directory_iterator(runs_dir)) {
      if (entry.path().extension() == ".h5" && planned.count(entry.path().stem().string()) == 0)
        foreign.push_back(entry.path().string());
    }
    std::sort(foreign.begin(), foreign.end());
    report.foreign = std::move(foreign);
  }

  // Read every planned run that has a file; the index gets a row for every planned run.
  std::vector<Column> columns{{"id", Column::text}, {"name", Column::text}};
  for (const std::string& axis : sweep.axes) {
    if (axis != "seed") columns.push_back(axis_column(axis));
  }
  columns.push_back({"seed", Column::integer});
  columns.push_back({"status", Column::text});
  columns.push_back({"steps_completed", Column::integer});
  columns.push_back({"diverged_step", Column::integer});
  std::vector<std::string> present;  // ids of runs copied in
  std::map<std::string, std::vector<double>> finals;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t r = 0; r < sweep.runs.size(); ++r) {
    const SweepRun& run = sweep.runs[r];
    const fs::path file = runs_dir / (run.id + ".h5");
    std::string status = "missing";
    RunRecord record;
    if (!fs::exists(file)) {
      report.missing.push_back(fmt::format("{} ({})", run.name, run.id));
    } else {
      try {
        record = read_run_file(file.string());
        if (run_id(record.config) != run.id) {
          throw std::invalid_argument(fmt::format(
              "{}: holds run {} ({}), not run {} its name says", file.string(),
              run_id(record.config), identity_text(record.config).substr(0, 60), run.id));
        }
        status = record.status;
        present.push_back(run.id);
        ++(status == "diverged" ? report.diverged : report.complete);
      } catch (const std::runtime_error& e) {
        status = "unreadable";
        report.unreadable.push_back(fmt::format("{} ({}): {}", run.name, file.string(), e.what()));
      }
    }
    std::size_t c = 0;
    columns[c++].texts.push_back(run.id);
    columns[c++].texts.push_back(run.name);
    for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
      if (sweep.axes[a] == "seed") continue;
      Column& col = columns[c++];
      const OptionValue value = [&] {
        for (const auto& [name, v] : to_values(run.config))
          if (name == col.name) return v;
        return OptionValue(std::string());
      }();
      if (col.kind == Column::integer) col.ints.push_back(std::get<long long>(value));
      if (col.kind == Column::real) col.reals.push_back(std::get<double>(value));
      if (col.kind == Column::text) col.texts.push_back(run.axis_values[a]);
    }
    columns[c++].ints.push_back(run.config.seed);
    columns[c++].texts.push_back(status);
    const bool have = status == "complete" || status == "diverged";
    columns[c++].ints.push_back(have ? record.steps_completed : 0);
    columns[c++].ints.push_back(have ? record.diverged_step : -1);
    for (auto& [name, values] : finals) values.push_back(nan);
    if (have) {
      for (const auto& [name, value] : record.final_metrics) {
        auto& values = finals[name];
        values.resize(r + 1, nan);
        values[r] = value;
      }
      if (record.coverage) {
        auto& values = finals["modes_total"];
        values.resize(r + 1, nan);
        values[r] = static_cast<double>(record.coverage->modes_total);
      }
    }
  }
  for (auto& [name, values] : finals) {
    values.resize(sweep.runs.size(), nan);
    columns.push_back({name, Column::real, {}, values, {}});
  }
  report.merged = static_cast<long long>(present.size());

  std::vector<std::pair<std::string, std::string>> sources;
  sources.reserve(present.size());
  for (const std::string& run : present)
    sources.emplace_back((runs_dir / (run + ".h5")).string(), run);
  write_hdf5_atomically(out, "merged sweep", [&](H5::H5File& dst) {
    H5::Group root = dst.openGroup("/");
    put(root, "merge_schema_version", kMergeSchemaVersion);
    put(root, "schema_version", kRunSchemaVersion);
    put(root, "sweep_id", id);
    put(root, "sweep_path", sweep.path);
    put(root, "sweep_text", sweep.text);
    put(root, "runs_planned", report.planned);
    put(root, "runs_merged", report.merged);
    write_index(root, columns, sweep.runs.size());
    create_ordered_group(dst, "runs");
    copy_files_into(dst, "runs", sources);
  });
  return report;
}

}  // namespace divbench
