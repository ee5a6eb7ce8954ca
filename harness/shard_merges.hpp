#pragma once
// The shard merges a merge of the whole sweep takes runs from (harness/merge.hpp): the files
// under DIR/shards written by `divbench merge DIR --shard i/n` for this sweep, what their /index
// rows say, and a few of them kept open while their runs are copied.
#include <filesystem>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <H5Cpp.h>

#include "harness/index_table.hpp"
#include "harness/merge.hpp"

namespace divbench {

// Shard merges are read-only sources used again and again (the runs of shard i are every n-th
// run of the sweep): up to `capacity` are kept open, the least recently used closed first.
class OpenFiles {
 public:
  explicit OpenFiles(std::size_t capacity) : capacity_(capacity) {}
  void close_all() {
    open_.clear();
    order_.clear();
  }
  // The file at `path`, opened read-only if it is not open yet.
  H5::H5File& get(const std::string& path);

 private:
  std::size_t capacity_;
  std::list<std::string> order_;  // most recently used first
  std::unordered_map<std::string,
                     std::pair<std::unique_ptr<H5::H5File>, std::list<std::string>::iterator>>
      open_;
};

// One shard merge of this sweep: its /index, and which of its columns say what.
struct ShardMerge {
  std::string path;
  std::vector<IndexColumn> index;
  std::size_t status = 0, steps_completed = 0, diverged_step = 0;  // columns of `index`
  std::vector<std::size_t> measured;  // the measured columns (merged_file.hpp), in order
};

// What the shard merges of this sweep under DIR/shards hold: for each run copied into one, the
// merge and its /index row.
struct ShardRuns {
  std::vector<ShardMerge> merges;
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> where;  // id -> merge, row
};

// Reads every shard merge of sweep `id` under `dir`/shards; files of other sweeps go to
// report.foreign, damaged ones to report.unreadable (their runs are then read from run files).
ShardRuns find_shard_runs(const std::filesystem::path& dir, const std::string& id,
                          MergeReport& report);

}  // namespace divbench
