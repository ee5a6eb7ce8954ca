#include "harness/shard_merges.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/hdf5_io.hpp"
#include "harness/merged_file.hpp"  // measured_columns

namespace divbench {

namespace fs = std::filesystem;

H5::H5File& OpenFiles::get(const std::string& path) {
  const auto it = open_.find(path);
  if (it != open_.end()) {
    order_.splice(order_.begin(), order_, it->second.second);
    return *it->second.first;
  }
  if (open_.size() == capacity_) {
    open_.erase(order_.back());
    order_.pop_back();
  }
  // A small metadata cache each: a source is read once per run, never searched twice.
  const H5::FileAccPropList fapl =
      metadata_cache_access(std::size_t{256} << 10, std::size_t{128} << 10, std::size_t{1} << 20);
  order_.push_front(path);
  auto file =
      std::make_unique<H5::H5File>(path, H5F_ACC_RDONLY, H5::FileCreatPropList::DEFAULT, fapl);
  H5::H5File& ref = *file;
  open_.emplace(path, std::make_pair(std::move(file), order_.begin()));
  return ref;
}

ShardRuns find_shard_runs(const fs::path& dir, const std::string& id, MergeReport& report) {
  ShardRuns s;
  const fs::path shards_dir = dir / "shards";
  if (!fs::is_directory(shards_dir)) return s;
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(shards_dir)) {
    if (entry.path().extension() == ".h5") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    std::vector<IndexColumn> index;
    try {
      const H5::H5File file = open_hdf5_for_reading(path);
      const H5::Group root = file.openGroup("/");
      if (!root.attrExists("shards") || get_string(root, "sweep_id", path) != id ||
          get_int(root, "merge_schema_version", path) != kMergeSchemaVersion) {
        report.foreign.push_back(path);
        continue;
      }
      index = read_index_table(root, "index", path);
    } catch (const std::exception& e) {
      report.unreadable.push_back(fmt::format("shard merge {}: {}", path, e.what()));
      continue;
    } catch (const H5::Exception& e) {
      report.unreadable.push_back(fmt::format("shard merge {}: {}", path, e.getDetailMsg()));
      continue;
    }
    const IndexColumn* ids = find_column(index, "id");
    const IndexColumn* status = find_column(index, "status");
    const IndexColumn* steps = find_column(index, "steps_completed");
    const IndexColumn* diverged = find_column(index, "diverged_step");
    if (ids == nullptr || status == nullptr || steps == nullptr || diverged == nullptr ||
        ids->kind != IndexColumn::text || status->kind != IndexColumn::text ||
        steps->kind != IndexColumn::integer || diverged->kind != IndexColumn::integer) {
      report.unreadable.push_back(fmt::format(
          "shard merge {}: /index lacks id, status, steps_completed or diverged_step", path));
      continue;
    }
    for (std::size_t r = 0; r < ids->texts.size(); ++r) {
      if (status->texts[r] == "complete" || status->texts[r] == "diverged")
        s.where.emplace(ids->texts[r], std::make_pair(s.merges.size(), r));
    }
    ShardMerge merge;
    merge.path = path;
    merge.status = static_cast<std::size_t>(status - index.data());
    merge.steps_completed = static_cast<std::size_t>(steps - index.data());
    merge.diverged_step = static_cast<std::size_t>(diverged - index.data());
    for (const IndexColumn* c : measured_columns(index))
      merge.measured.push_back(static_cast<std::size_t>(c - index.data()));
    merge.index = std::move(index);
    s.merges.push_back(std::move(merge));
  }
  return s;
}

}  // namespace divbench
