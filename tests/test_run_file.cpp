// Run files: an HDF5 round trip of every field, collections, atomic writes and clear errors.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <catch2/catch.hpp>

#include "harness/collect.hpp"
#include "harness/machine.hpp"
#include "harness/run_file.hpp"
#include "test_dir.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) { return test::test_dir(name); }

RunRecord example_record() {
  RunRecord r;
  r.config.dataset = "ring:k=12";
  r.config.objective = "gan-minimax";
  r.config.seed = 17;
  r.config.steps = 300;
  r.config.g_lr = 3e-4;
  r.config.activation = "leaky-relu";
  r.status = "diverged";
  r.diverged_step = 250;
  r.diverged_reason = "generator loss is inf";
  r.steps_completed = 250;
  r.curves.step = {100, 200, 250};
  r.curves.d_loss = {1.25, 0.5, std::numeric_limits<double>::quiet_NaN()};
  r.curves.g_loss = {0.75, 2.0, std::numeric_limits<double>::infinity()};
  r.curves.objective["kl_fwd"] = {0.5, 0.25, std::numeric_limits<double>::quiet_NaN()};
  r.curves.objective["jsd"] = {0.125, 0.0625, 0.03125};
  r.curves.metrics["knn_kl_fwd"] = {2.5, 1.25, std::numeric_limits<double>::quiet_NaN()};
  r.plugins = {"/opt/plugins/libalpha.so", "/home/me/libmine.so"};
  r.final_metrics = {{"knn_kl_rev", 0.375},  {"precision", 0.5}, {"hq_fraction", 0.4},
                     {"modes_covered", 3.0}, {"modes_kl", 0.25}, {"modes_kl_reverse", 1.5}};
  r.eval_seconds = 1.5;
  r.samples = Matrix::Random(7, 2);
  r.coverage = ModeCoverage{3, 12, 0.4, {1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
  r.coverage->kl_modes = 0.25;  // after the assignment: the optional is empty before it
  r.coverage->kl_modes_reverse = 1.5;
  r.start_time = "2026-11-25T06:00:00Z";
  r.end_time = "2026-11-25T06:01:00Z";
  r.train_seconds = 60.5;
  r.divbench_version = "0.1.0";
  r.git_commit = "abc";
  r.build_type = "Release";
  r.build_flags = "-O3";
  r.compiler = "GNU 12";
  r.cpu = "Example CPU (family 6, model 207, stepping 2), 2 logical CPUs";
  r.sample_shape = "3x28x28";
  r.dataset_description =
      "stacked-fmnist: 60000 samples x 3 part(s), 2352-D; 1000 modes: 3 part(s) x 10 classes of "
      "an MLP classifier (88.47% test accuracy, key b4a88a946f089a68)";
  r.network_description = "generator: mlp:widths=8, MLP 2-8-2 [layer0: linear 2->8; ...]";
  return r;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("a run record survives an HDF5 round trip exactly", "[storage]") {
  const fs::path dir = temp_dir("roundtrip");
  const std::string path = (dir / "run.h5").string();
  const RunRecord w = example_record();
  write_run_file(path, w);
  CHECK_FALSE(fs::exists(path + ".partial"));
  const RunRecord r = read_run_file(path);
  CHECK(to_values(r.config) == to_values(w.config));
  CHECK(r.status == w.status);
  CHECK(r.diverged_step == w.diverged_step);
  CHECK(r.diverged_reason == w.diverged_reason);
  CHECK(r.steps_completed == w.steps_completed);
  CHECK(r.curves.step == w.curves.step);
  CHECK(same_bits(r.curves.d_loss, w.curves.d_loss));  // NaN kept
  CHECK(same_bits(r.curves.g_loss, w.curves.g_loss));  // Inf kept
  REQUIRE(r.curves.objective.size() == 2);
  CHECK(same_bits(r.curves.objective.at("kl_fwd"), w.curves.objective.at("kl_fwd")));
  CHECK(same_bits(r.curves.objective.at("jsd"), w.curves.objective.at("jsd")));
  CHECK(r.plugins == w.plugins);
  REQUIRE(r.curves.metrics.size() == 1);
  CHECK(same_bits(r.curves.metrics.at("knn_kl_fwd"), w.curves.metrics.at("knn_kl_fwd")));
  CHECK(r.final_metrics == w.final_metrics);
  REQUIRE(r.coverage.has_value());
  CHECK(r.coverage->kl_modes == 0.25);
  CHECK(r.coverage->kl_modes_reverse == 1.5);
  CHECK(r.eval_seconds == 1.5);
  CHECK(r.samples == w.samples);
  CHECK(r.coverage->modes_covered == 3);
  CHECK(r.coverage->hq_histogram == w.coverage->hq_histogram);
  CHECK(r.start_time == w.start_time);
  CHECK(r.end_time == w.end_time);
  CHECK(r.train_seconds == w.train_seconds);
  CHECK(r.git_commit == w.git_commit);
  CHECK(r.build_flags == w.build_flags);
  CHECK(r.cpu == w.cpu);
  CHECK(r.dataset_description == w.dataset_description);
  CHECK(r.network_description == w.network_description);
  CHECK(r.sample_shape == "3x28x28");
}

TEST_CASE("run files of schema 2 (before network descriptions) still read, newer ones do not",
          "[storage]") {
  const fs::path dir = temp_dir("schema");
  const std::string path = (dir / "run.h5").string();
  write_run_file(path, example_record());
  const auto set_schema = [&](long long version) {
    H5::H5File f(path, H5F_ACC_RDWR);
    H5::Group root = f.openGroup("/");
    root.removeAttr("schema_version");
    root.createAttribute("schema_version", H5::PredType::NATIVE_INT64, H5::DataSpace())
        .write(H5::PredType::NATIVE_INT64, &version);
    if (root.attrExists("network_description")) root.removeAttr("network_description");
  };
  set_schema(2);
  const RunRecord r = read_run_file(path);
  CHECK(r.network_description.empty());
  CHECK(r.final_metrics == example_record().final_metrics);
  set_schema(3);  // schema 3 without its network_description: refused, naming it
  CHECK_THROWS_WITH(read_run_file(path), Catch::Contains("attribute 'network_description' is missing"));
  set_schema(4);
  CHECK_THROWS_WITH(read_run_file(path),
                    Catch::Contains("schema_version 4 is not supported (this divbench reads 2 to 3)"));
}

TEST_CASE("the CPU a run was computed on, from /proc/cpuinfo", "[storage]") {
  const std::string two =
      "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 207\n"
      "model name\t: Intel(R) Xeon(R) Processor\nstepping\t: 2\n\n"
      "processor\t: 1\ncpu family\t: 6\nmodel\t\t: 207\nmodel name\t: Intel(R) Xeon(R) Processor\n";
  CHECK(describe_cpuinfo(two) ==
        "Intel(R) Xeon(R) Processor (family 6, model 207, stepping 2), 2 logical CPUs");
  CHECK(describe_cpuinfo("processor : 0\nmodel name : Neoverse\n") == "Neoverse, 1 logical CPU");
  CHECK(describe_cpuinfo("") == "unknown");
  CHECK(describe_cpuinfo("processor : 0\n") == "unknown CPU, 1 logical CPU");
  CHECK_FALSE(cpu_description().empty());
}

TEST_CASE("collections hold runs under /runs and read back", "[storage]") {
  const fs::path dir = temp_dir("collect");
  RunRecord a = example_record();
  RunRecord b = example_record();
  b.config.seed = 18;
  b.coverage.reset();
  write_run_file((dir / "a.h5").string(), a);
  write_run_file((dir / "b.h5").string(), b);
  const std::string out = (dir / "all.h5").string();
  collect_runs(out, {(dir / "a.h5").string(), (dir / "b.h5").string()}, {"a", "b"});
  const auto runs = read_runs(out);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].first == "a");
  CHECK(runs[1].second.config.seed == 18);
  CHECK_FALSE(runs[1].second.coverage.has_value());
  CHECK(runs[0].second.samples == a.samples);
  // Nothing stays open: a leaked group kept the written file open inside HDF5, and writing it
  // again in the same process failed (found by the results fuzzer).
  CHECK(H5Fget_obj_count(H5F_OBJ_ALL,
                         H5F_OBJ_FILE | H5F_OBJ_GROUP | H5F_OBJ_DATASET | H5F_OBJ_ATTR) == 0);
  collect_runs(out, {(dir / "b.h5").string()}, {"b"});
  CHECK(read_runs(out).size() == 1);
  CHECK_THROWS_WITH(
      collect_runs(out, {(dir / "a.h5").string(), (dir / "b.h5").string()}, {"x", "x"}),
      Catch::Contains("run name 'x' is used twice"));
}

TEST_CASE("unreadable or incomplete run files give errors that name the file", "[storage]") {
  const fs::path dir = temp_dir("bad");
  CHECK_THROWS_WITH(read_run_file((dir / "missing.h5").string()),
                    Catch::Contains("missing.h5: no such file"));
  std::ofstream((dir / "text.h5").string()) << "not hdf5";
  CHECK_THROWS_WITH(read_run_file((dir / "text.h5").string()),
                    Catch::Contains("text.h5: not an HDF5 file"));
  { H5::H5File f((dir / "empty.h5").string(), H5F_ACC_TRUNC); }
  CHECK_THROWS_WITH(read_run_file((dir / "empty.h5").string()),
                    Catch::Contains("empty.h5:/: attribute 'schema_version' is missing"));
  // An attribute that should be one number holds an array (found by the results fuzzer: it was
  // read into one double, past its end).
  const std::string arrays = (dir / "arrays.h5").string();
  write_run_file(arrays, example_record());
  {
    H5::H5File f(arrays, H5F_ACC_RDWR);
    H5::Group fin = f.openGroup("final");
    fin.removeAttr("precision");
    const hsize_t n[1] = {48};
    const std::vector<double> values(48, 0.5);
    fin.createAttribute("precision", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, n))
        .write(H5::PredType::NATIVE_DOUBLE, values.data());
  }
  CHECK_THROWS_WITH(read_run_file(arrays),
                    Catch::Contains("arrays.h5:/final: attribute 'precision' should be one value, "
                                    "found 48"));
  CHECK_THROWS_WITH(check_writable("/nonexistent/dir/run.h5"),
                    Catch::Contains("directory '/nonexistent/dir' does not exist"));
  CHECK_NOTHROW(check_writable((dir / "ok.h5").string()));
  CHECK_FALSE(fs::exists(dir / "ok.h5.partial"));
}
