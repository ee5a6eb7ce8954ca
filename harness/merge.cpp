#include "harness/merge.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "common/hdf5_io.hpp"
#include "harness/index_table.hpp"
#include "harness/merged_file.hpp"
#include "harness/shard_merges.hpp"
#include "harness/summary_prefetch.hpp"
#include "harness/sweep_runner.hpp"  // shard_runs

namespace divbench {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kCloseEvery = 256;  // rows between closing the shard merges (see below)

// The typed column of axis `key` (its values as written in the sweep file for text options).
IndexColumn axis_column(const std::string& key) {
  for (const auto& o : train_options()) {
    if (o.name != key) continue;
    if (std::holds_alternative<long long TrainConfig::*>(o.field))
      return {key, IndexColumn::integer};
    if (std::holds_alternative<double TrainConfig::*>(o.field)) return {key, IndexColumn::real};
  }
  return {key, IndexColumn::text};
}

}  // namespace

std::string shard_merge_path(const std::string& dir, const MergeShard& shard) {
  return (fs::path(dir) / "shards" / fmt::format("merged-{}-of-{}.h5", shard.shard, shard.shards))
      .string();
}

MergeReport merge_sweep(const Sweep& sweep, const std::string& dir, const std::string& out,
                        const MergeShard* shard) {
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

  std::vector<std::size_t> rows;  // the sweep's runs to merge, in sweep order
  if (shard != nullptr) {
    rows = shard_runs(sweep.runs.size(), shard->shard, shard->shards);
  } else {
    rows.resize(sweep.runs.size());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  }
  MergeReport report;
  report.out = out;
  report.planned = static_cast<long long>(rows.size());
  const fs::path runs_dir = fs::path(dir) / "runs";
  if (shard == nullptr && fs::is_directory(runs_dir)) {
    std::set<std::string> planned;
    for (const SweepRun& run : sweep.runs) planned.insert(run.id);
    std::vector<std::string> foreign;
    for (const auto& entry : fs::directory_iterator(runs_dir)) {
      if (entry.path().extension() == ".h5" && planned.count(entry.path().stem().string()) == 0)
        foreign.push_back(entry.path().string());
    }
    std::sort(foreign.begin(), foreign.end());
    report.foreign = std::move(foreign);
  }
  const ShardRuns shard_runs_found =
      shard == nullptr ? find_shard_runs(dir, id, report) : ShardRuns{};
  std::vector<bool> shard_used(shard_runs_found.merges.size(), false);
  OpenFiles shard_files(64);

  std::vector<IndexColumn> columns{{"id", IndexColumn::text}, {"name", IndexColumn::text}};
  for (const std::string& axis : sweep.axes) {
    if (axis != "seed") columns.push_back(axis_column(axis));
  }
  columns.push_back({"seed", IndexColumn::integer});
  columns.push_back({"status", IndexColumn::text});
  columns.push_back({"steps_completed", IndexColumn::integer});
  columns.push_back({"diverged_step", IndexColumn::integer});
  // Final metrics and "objective.<estimate>" columns: the union over the runs, by name.
  std::map<std::string, std::vector<double>> measured;
  const auto record_value = [&](const std::string& name, std::size_t row, double value) {
    auto& values = measured[name];
    values.resize(row, kNaN);  // a column first seen at this row: NaN for the rows before
    values.push_back(value);
  };

  // The run files to read, in order, read by a second process ahead of the copying.
  std::vector<std::string> files, file_ids;
  for (const std::size_t r : rows) {
    if (shard_runs_found.where.count(sweep.runs[r].id) != 0) continue;
    files.push_back((runs_dir / (sweep.runs[r].id + ".h5")).string());
    file_ids.push_back(sweep.runs[r].id);
  }
  const auto prefetch = std::make_unique<SummaryPrefetch>(std::move(files), std::move(file_ids));

  write_hdf5_streamed(out, shard == nullptr ? "merged sweep" : "shard merge", [&](H5::H5File& dst) {
    H5::Group root = dst.openGroup("/");
    create_ordered_group(dst, "runs");
    for (std::size_t row = 0; row < rows.size(); ++row) {
      const SweepRun& run = sweep.runs[rows[row]];
      const std::string target = "runs/" + run.id;
      std::string status = "missing";
      long long steps = 0, diverged_step = -1;
      const auto from_shard = shard_runs_found.where.find(run.id);
      const fs::path file = runs_dir / (run.id + ".h5");
      if (from_shard != shard_runs_found.where.end()) {
        // Already read and checked by the shard's merge: its /index row is this run's row.
        const auto [m, r] = from_shard->second;
        const ShardMerge& merge = shard_runs_found.merges[m];
        H5::H5File& src = shard_files.get(merge.path);
        if (H5Ocopy(src.getId(), target.c_str(), dst.getId(), target.c_str(), H5P_DEFAULT,
                    H5P_DEFAULT) < 0)
          throw std::runtime_error(
              fmt::format("{}: run {} could not be copied", merge.path, run.id));
        shard_used[m] = true;
        ++report.from_shards;
        status = merge.index[merge.status].texts[r];
        steps = merge.index[merge.steps_completed].ints[r];
        diverged_step = merge.index[merge.diverged_step].ints[r];
        // NaN cells too: a column exists when some run has the metric, as in a flat merge.
        for (const std::size_t c : merge.measured)
          record_value(merge.index[c].name, row, merge.index[c].number(r));
      } else {
        const SummaryOutcome o = prefetch->next();
        if (o.kind == SummaryOutcome::missing) {
          report.missing.push_back(fmt::format("{} ({})", run.name, run.id));
        } else if (o.kind == SummaryOutcome::wrong_run) {
          throw std::invalid_argument(o.message);
        } else if (o.kind == SummaryOutcome::unreadable) {
          status = "unreadable";
          report.unreadable.push_back(
              fmt::format("{} ({}): {}", run.name, file.string(), o.message));
        } else {
          // A file whose metadata is damaged past what the summary reads fails here, before
          // anything is linked into the output.
          bool copied = false;
          try {
            const H5::H5File src = open_hdf5_for_reading(file.string());
            copied = H5Ocopy(src.getId(), "/", dst.getId(), target.c_str(), H5P_DEFAULT,
                             H5P_DEFAULT) >= 0;
          } catch (const std::runtime_error&) {
          }
          if (copied) {
            status = o.status;
            steps = o.steps_completed;
            diverged_step = o.diverged_step;
            for (const auto& [name, value] : o.final_metrics) record_value(name, row, value);
            for (const auto& [name, value] : o.last_estimates)
              record_value("objective." + name, row, value);
          } else {
            status = "unreadable";
            if (root.nameExists(target)) H5Ldelete(dst.getId(), target.c_str(), H5P_DEFAULT);
            report.unreadable.push_back(
                fmt::format("{} ({}): HDF5 could not copy it", run.name, file.string()));
          }
        }
      }
      // An open source file keeps about 16 KB for each group copied out of it (in HDF5 1.10,
      // whatever its metadata cache is set to), and HDF5 keeps what it frees on free lists of
      // its own: the shard merges are closed and the lists emptied every kCloseEvery runs, so that
      // memory does not grow with the number of runs (tests/merge_memory_test.sh).
      if (row % kCloseEvery == kCloseEvery - 1) {
        shard_files.close_all();
        H5garbage_collect();
      }
      if (status == "complete") ++report.complete;
      if (status == "diverged") ++report.diverged;
      std::size_t c = 0;
      std::vector<std::pair<std::string, OptionValue>> values;
      columns[c++].texts.push_back(run.id);
      columns[c++].texts.push_back(run.name);
      for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
        if (sweep.axes[a] == "seed") continue;
        IndexColumn& col = columns[c++];
        if (col.kind == IndexColumn::text) {
          col.texts.push_back(run.axis_values[a]);
          continue;
        }
        if (values.empty()) values = to_values(run.config);  // once a row, for numeric axes
        for (const auto& [name, v] : values) {
          if (name != col.name) continue;
          if (col.kind == IndexColumn::integer) col.ints.push_back(std::get<long long>(v));
          if (col.kind == IndexColumn::real) col.reals.push_back(std::get<double>(v));
        }
      }
      columns[c++].ints.push_back(run.config.seed);
      columns[c++].texts.push_back(status);
      const bool have = status == "complete" || status == "diverged";
      columns[c++].ints.push_back(have ? steps : 0);
      columns[c++].ints.push_back(have ? diverged_step : -1);
    }
    report.merged = report.complete + report.diverged;
    // Final metrics first, then the objective estimates, each by name.
    for (const bool estimates : {false, true}) {
      for (auto& [name, values] : measured) {
        if ((name.rfind("objective.", 0) == 0) != estimates) continue;
        values.resize(rows.size(), kNaN);
        columns.push_back({name, IndexColumn::real, {}, std::move(values), {}});
      }
    }
    write_index_table(root, "index", columns, rows.size());
    write_run_options(root, sweep, rows);
    put(root, "merge_schema_version", kMergeSchemaVersion);
    put(root, "schema_version", kRunSchemaVersion);
    put(root, "sweep_id", id);
    put(root, "sweep_path", sweep.path);
    put(root, "sweep_text", sweep.text);
    put(root, "runs_planned", report.planned);
    put(root, "runs_merged", report.merged);
    if (shard != nullptr) {
      put(root, "shard", shard->shard);
      put(root, "shards", shard->shards);
    }
  });
  for (std::size_t f = 0; f < shard_used.size(); ++f)
    if (shard_used[f]) report.shard_files.push_back(shard_runs_found.merges[f].path);
  return report;
}

}  // namespace divbench
