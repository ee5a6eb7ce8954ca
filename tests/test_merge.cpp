// Merged sweeps (harness/merge.hpp): a merge of shard merges is the same bytes as one merge of
// the whole sweep, and tables read from /index, /config and /options are the tables read from
// every run's whole group.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include "harness/merge.hpp"
#include "harness/merged_file.hpp"
#include "harness/run_file.hpp"
#include "harness/run_training.hpp"
#include "harness/sweep.hpp"
#include "results/table.hpp"
#include "test_dir.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

// Nine tiny runs, one objective with an override section (so a non-axis option varies), and
// fkl resolved to "fkl:clamp=10" in the runs' options but written "fkl" on its axis.
const char* kSweep =
    "objective = gan-ns, rkl, fkl\nseed = 0..2\nsteps = 4\nbatch-size = 16\ng-width = 8\n"
    "d-width = 8\neval-every = 2\neval-samples = 40\nfinal-samples = 60\nestimate-samples = 16\n"
    "samples = 20\n[objective.rkl]\nd-lr = 2e-4\n";

// The sweep's run files, trained for real, in a fresh directory (run `skip` is left missing).
fs::path sweep_dir(const std::string& name, const Sweep& sweep, std::size_t skip) {
  const fs::path dir = test::test_dir(name);
  fs::create_directories(dir / "runs");
  for (std::size_t r = 0; r < sweep.runs.size(); ++r) {
    if (r == skip) continue;
    write_run_file((dir / "runs" / (sweep.runs[r].id + ".h5")).string(),
                   run_training(sweep.runs[r].config));
  }
  return dir;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a merge of shard merges is the same bytes as one merge of the sweep", "[merge]") {
  const Sweep sweep = parse_sweep(kSweep, "s.ini");
  const fs::path dir = sweep_dir("hierarchical", sweep, 4);
  const std::string out = (dir / "merged.h5").string();
  const MergeReport flat = merge_sweep(sweep, dir.string(), out);
  CHECK(flat.merged == 8);
  CHECK(flat.missing.size() == 1);
  const std::string reference = bytes_of(out);
  // Idempotent: merging again writes the same bytes.
  merge_sweep(sweep, dir.string(), out);
  CHECK(bytes_of(out) == reference);

  fs::create_directories(dir / "shards");
  for (long long s = 0; s < 3; ++s) {
    const MergeShard shard{s, 3};
    const MergeReport r =
        merge_sweep(sweep, dir.string(), shard_merge_path(dir.string(), shard), &shard);
    CHECK(r.planned == 3);
  }
  fs::remove(out);
  const MergeReport from_shards = merge_sweep(sweep, dir.string(), out);
  CHECK(from_shards.from_shards == 8);
  CHECK(from_shards.shard_files.size() == 3);
  CHECK(from_shards.missing.size() == 1);
  CHECK(bytes_of(out) == reference);

  SECTION("some runs from shard merges, the rest from run files") {
    fs::remove(shard_merge_path(dir.string(), {1, 3}));
    const MergeReport r = merge_sweep(sweep, dir.string(), out);
    CHECK(r.from_shards == 6);  // shards 0 and 2 hold runs 0,3,6 and 2,5,8; 1 and 7 from files
    CHECK(bytes_of(out) == reference);
  }
  SECTION("run files deleted after their shard's merge") {
    for (const SweepRun& run : sweep.runs) fs::remove(dir / "runs" / (run.id + ".h5"));
    merge_sweep(sweep, dir.string(), out);
    CHECK(bytes_of(out) == reference);
  }
  SECTION("a shard merge of another sweep is left out") {
    const Sweep other = parse_sweep("objective = gan-ns\nseed = 0..1\nsteps = 4\n", "o.ini");
    const fs::path other_dir = sweep_dir("other", other, 99);
    const MergeShard shard{0, 1};
    merge_sweep(other, other_dir.string(), (dir / "shards" / "other.h5").string(), &shard);
    const MergeReport r = merge_sweep(sweep, dir.string(), out);
    CHECK(r.foreign.size() == 1);
    CHECK(bytes_of(out) == reference);
  }
}

TEST_CASE("tables from a merged sweep's index are the tables from its runs", "[merge]") {
  const Sweep sweep = parse_sweep(kSweep, "s.ini");
  const fs::path dir = sweep_dir("index-table", sweep, 99);
  const std::string out = (dir / "merged.h5").string();
  merge_sweep(sweep, dir.string(), out);
  REQUIRE(has_run_index(out));
  const auto whole = read_runs(out);
  const auto indexed = read_index_runs(out);
  REQUIRE(indexed.size() == whole.size());
  for (std::size_t r = 0; r < whole.size(); ++r) {
    INFO(whole[r].first);
    CHECK(indexed[r].first == whole[r].first);
    // Every option but the output paths, resolved ("fkl:clamp=10"), as the run stored it.
    CHECK(identity_text(indexed[r].second.config) == identity_text(whole[r].second.config));
    CHECK(indexed[r].second.config.d_lr == whole[r].second.config.d_lr);
    CHECK(indexed[r].second.status == whole[r].second.status);
    CHECK(indexed[r].second.steps_completed == whole[r].second.steps_completed);
    for (const auto& [name, value] : whole[r].second.final_metrics) {
      INFO(name);
      const double got = indexed[r].second.final_metrics.at(name);
      CHECK(std::memcmp(&got, &value, sizeof got) == 0);  // bit for bit, NaN included
    }
    REQUIRE(whole[r].second.coverage.has_value() == indexed[r].second.coverage.has_value());
    if (whole[r].second.coverage) {
      CHECK(indexed[r].second.coverage->modes_total == whole[r].second.coverage->modes_total);
    }
  }
  for (const auto& [rows, cols, where] :
       {std::tuple{"objective", "", ""}, std::tuple{"d-lr", "seed", ""},
        std::tuple{"seed", "objective", "fkl"}}) {
    TableOptions options;
    options.rows = rows;
    options.cols = cols;
    if (std::string(where) != "") options.where = {{"objective", where}};
    options.metrics = {"modes", "kl_rev", "objective.kl_rev", "hq"};
    INFO(rows << " x " << cols);
    CHECK(render_table(build_table(indexed, options)) == render_table(build_table(whole, options)));
  }
}
