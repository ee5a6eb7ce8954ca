// Real data as datasets: a labelled file gets classifier modes, Fashion-MNIST and its stacked
// version load from Debian's package, the classifier reaches its accuracy and is cached, and the
// evaluation's mode metrics match closed forms.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "datasets/classifier_cache.hpp"
#include "datasets/classifier_labeller.hpp"
#include "datasets/data_file.hpp"
#include "datasets/dataset_registry.hpp"
#include "harness/evaluation.hpp"
#include "harness/run_training.hpp"
#include "harness/sweep.hpp"
#include "small_config.hpp"
#include "test_dir.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

constexpr const char* kFashionMnist = "/usr/share/datasets/fashion-mnist";

// 3 labelled clusters in 2-D, 200 points each, centres (0,0), (6,0), (0,6), 12 sd apart.
std::string write_clusters() {
  std::string path = (test::test_dir("clusters") / "clusters.csv").string();
  std::ofstream out(path);
  out << "x,y,class\n";
  Rng rng(1, "clusters");
  for (int i = 0; i < 600; ++i) {
    const int c = i % 3;
    out << (c == 1 ? 6.0 : 0.0) + 0.5 * rng.normal() << ","
        << (c == 2 ? 6.0 : 0.0) + 0.5 * rng.normal() << "," << c << "\n";
  }
  return path;
}

const ClassifierLabeller& labeller_of(const Dataset& d) {
  const auto* l = dynamic_cast<const ClassifierLabeller*>(d.mode_labeller());
  REQUIRE(l != nullptr);
  return *l;
}

}  // namespace

TEST_CASE("A labelled file is a dataset whose modes a classifier names", "[data][real]") {
  const std::string path = write_clusters();
  const auto d = make_dataset("file:path=" + path + ",label-column=class");
  CHECK(d->dim() == 2);
  const ClassifierLabeller& l = labeller_of(*d);
  CHECK(l.mode_count() == 3);
  CHECK(l.test_accuracy() >= 0.95);
  for (const double w : l.mode_weights()) CHECK(w == Approx(1.0 / 3.0));

  // Samples are rows of the file.
  Rng rng(0, "test");
  const Matrix s = d->sample(1000, rng);
  const DataFile file = load_data_file(path, [] {
    DataFileOptions o;
    o.csv.label_column = "class";
    return o;
  }());
  for (Index r = 0; r < 20; ++r) {
    bool found = false;
    for (Index i = 0; i < file.x.rows() && !found; ++i) found = file.x.row(i) == s.row(r);
    CHECK(found);
  }

  // Evaluation: all three classes -> 3 modes and a small histogram KL; one class only -> 1 mode
  // and KL(p || uniform) = log 3 exactly, KL(uniform || KT-smoothed p) in closed form.
  const EvaluationSettings settings{.k = 5, .mode_threshold = 3.0, .knn = false};
  const Evaluation all = evaluate(s, d->sample(1000, rng), *d, settings);
  CHECK(all.metrics.at("modes_covered") == 3.0);
  CHECK(all.metrics.at("modes_kl") < 0.01);
  CHECK(all.metrics.count("knn_kl_fwd") == 0);
  Matrix one(300, 2);
  for (Index r = 0; r < 300; ++r) one.row(r) << 6.0F, 0.1F;
  const Evaluation collapsed = evaluate(one, s, *d, settings);
  CHECK(collapsed.metrics.at("modes_covered") == 1.0);
  CHECK(collapsed.metrics.at("modes_kl") == Approx(std::log(3.0)));
  const double kt_seen = 300.5 / 301.5;
  const double kt_unseen = 0.5 / 301.5;
  const double reverse =
      (std::log((1.0 / 3.0) / kt_seen) + 2.0 * std::log((1.0 / 3.0) / kt_unseen)) / 3.0;
  CHECK(collapsed.metrics.at("modes_kl_reverse") == Approx(reverse));
  REQUIRE(collapsed.coverage.has_value());
  CHECK(collapsed.coverage->hq_histogram == std::vector<long long>{0, 300, 0});

  // Stacked: parts concatenated, modes are tuples.
  const auto stacked = make_dataset("file:path=" + path + ",label-column=class,parts=2");
  CHECK(stacked->dim() == 4);
  CHECK(stacked->mode_labeller()->mode_count() == 9);
  Matrix pair(1, 4);
  pair << 0.0F, 6.0F, 6.0F, 0.0F;  // class 2 then class 1: mode 2 + 1 * 3
  CHECK(stacked->mode_labeller()->assign(view(pair)) == std::vector<Index>{5});

  // Unlabelled: no modes. Bad specs: named errors.
  CHECK(make_dataset("file:path=" + path + ",header=yes")->mode_labeller() == nullptr);
  CHECK_THROWS_WITH(make_dataset("file"), Catch::Contains("needs path=FILE"));
  CHECK_THROWS_WITH(make_dataset("file:path=/nonexistent.csv"),
                    Catch::Contains("/nonexistent.csv: cannot open"));
  CHECK_THROWS_WITH(make_dataset("fmnist:dir=/nonexistent"),
                    Catch::Contains("/nonexistent: no such directory (install Debian's "
                                    "dataset-fashion-mnist"));
  CHECK_THROWS_WITH(make_dataset("stacked-fmnist:parts=9"),
                    Catch::Contains("parts: expected 1 to 6"));
}

TEST_CASE("Concurrent runs train a classifier once, a damaged cache file is trained again",
          "[data][real]") {
  const fs::path dir = test::test_dir("cache");
  const char* before = std::getenv("DIVBENCH_CACHE_DIR");
  const std::string saved = before != nullptr ? before : "";
  setenv("DIVBENCH_CACHE_DIR", dir.c_str(), 1);
  DataFileOptions options;
  options.csv.label_column = "class";
  const DataFile all = load_data_file(write_clusters(), options);
  const DataFile train = split_rows(all, "train", 0.2);
  const DataFile test = split_rows(all, "test", 0.2);
  auto a =
      std::async(std::launch::async, [&] { return cached_classifier(train, test, 3, {}, "a"); });
  auto b =
      std::async(std::launch::async, [&] { return cached_classifier(train, test, 3, {}, "b"); });
  const CachedClassifier ca = a.get();
  const CachedClassifier cb = b.get();
  CHECK(ca.trained_now != cb.trained_now);  // one waited on the lock and loaded the other's file
  CHECK(ca.classifier->parameter_values() == cb.classifier->parameter_values());
  CHECK(ca.path == cb.path);
  CHECK(ca.key.size() == 16);
  CHECK(ca.path == (dir / ("classifier-" + ca.key + ".h5")).string());

  std::ofstream(ca.path, std::ios::trunc) << "not HDF5";
  const CachedClassifier again = cached_classifier(train, test, 3, {}, "c");
  CHECK(again.trained_now);
  CHECK(again.classifier->parameter_values() == ca.classifier->parameter_values());
  CHECK_FALSE(cached_classifier(train, test, 3, {}, "d").trained_now);
  if (before != nullptr) {
    setenv("DIVBENCH_CACHE_DIR", saved.c_str(), 1);
  } else {
    unsetenv("DIVBENCH_CACHE_DIR");
  }
}

TEST_CASE("Fashion-MNIST: 784-D in [-1, 1], a classifier of >= 85% test accuracy, cached",
          "[data][real][fmnist]") {
  if (!fs::exists(std::string(kFashionMnist) + "/train-images-idx3-ubyte.gz")) {
    // CTest reports the test skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt).
    WARN("SKIPPED: Fashion-MNIST is not installed (" << kFashionMnist
                                                     << "); scripts/install-deps.sh --test "
                                                        "installs Debian's dataset-fashion-mnist");
    return;
  }
  const auto d = make_dataset("fmnist");
  CHECK(d->dim() == 784);
  const ClassifierLabeller& l = labeller_of(*d);
  CHECK(l.mode_count() == 10);
  WARN("Fashion-MNIST mode classifier: test accuracy " << l.test_accuracy());
  CHECK(l.test_accuracy() >= 0.85);
  Rng rng(0, "test");
  const Matrix x = d->sample(2000, rng);
  CHECK(x.minCoeff() == -1.0F);
  CHECK(x.maxCoeff() == 1.0F);

  // A second classifier for the same data comes from the cache, bit for bit.
  DataFileOptions train_options;
  train_options.labels = std::string(kFashionMnist) + "/train-labels-idx1-ubyte.gz";
  const DataFile train =
      load_data_file(std::string(kFashionMnist) + "/train-images-idx3-ubyte.gz", train_options);
  DataFileOptions test_options;
  test_options.labels = std::string(kFashionMnist) + "/t10k-labels-idx1-ubyte.gz";
  const DataFile test =
      load_data_file(std::string(kFashionMnist) + "/t10k-images-idx3-ubyte.gz", test_options);
  CHECK(train.x.rows() == 60000);
  CHECK(test.x.rows() == 10000);
  const CachedClassifier again = cached_classifier(train, test, 10, {}, "fmnist (test)");
  CHECK_FALSE(again.trained_now);
  CHECK(again.test_accuracy == l.test_accuracy());

  // Stacked: 1000 modes of weight 1/1000 (the classes are balanced); real triples cover
  // nearly all of them with 10000 samples (1000 (1 - e^-10) expected with a perfect classifier).
  const auto stacked = make_dataset("stacked-fmnist");
  CHECK(stacked->dim() == 3 * 784L);
  CHECK(stacked->mode_labeller()->mode_count() == 1000);
  for (const double w : stacked->mode_labeller()->mode_weights()) CHECK(w == Approx(1e-3));
  const Matrix triples = stacked->sample(10000, rng);
  const Evaluation e =
      evaluate(triples, triples, *stacked, {.k = 5, .mode_threshold = 3.0, .knn = false});
  WARN("stacked-fmnist, 10000 real samples: " << e.metrics.at("modes_covered") << " modes, KL "
                                              << e.metrics.at("modes_kl"));
  CHECK(e.metrics.at("modes_covered") >= 990.0);
  CHECK(e.metrics.at("modes_kl") < 0.15);
}

TEST_CASE("A run records the mode classifier its mode counts come from", "[data][real]") {
  TrainConfig c = small_config(3, 20, 32, 16);
  c.dataset = "file:path=" + write_clusters() + ",label-column=class";
  c.knn_metrics = "off";
  const RunRecord r = run_training(c);
  const auto d = make_dataset(c.dataset);
  const ClassifierLabeller& l = labeller_of(*d);
  CHECK(r.dataset_description == d->describe());
  // "...; 3 modes: 1 part(s) x 3 classes of an MLP classifier (NN.NN% test accuracy, key <16 hex>)"
  CHECK_THAT(r.dataset_description, Catch::Contains(fmt::format("({:.2f}% test accuracy, key ",
                                                                100.0 * l.test_accuracy())));
  const std::size_t key = r.dataset_description.find(", key ") + 6;
  CHECK(r.dataset_description.size() == key + 16 + 1);
  CHECK(r.dataset_description.find_first_not_of("0123456789abcdef", key) == key + 16);
}

TEST_CASE("Real-data datasets read nothing until sampled: plan and plot need no data",
          "[data][real]") {
  // A directory without the IDX files: the spec is resolved and the shape known, but the files
  // are read (and found missing) only when a sample is drawn.
  const fs::path empty = test::test_dir("no_idx_files");
  const std::string spec = "stacked-fmnist:dir=" + empty.string();
  std::string resolved;
  const auto d = dataset_registry().make(spec, &resolved);
  CHECK(resolved == spec + ",parts=3,split=train");
  CHECK(d->dim() == 2352);
  CHECK(d->sample_shape() == std::vector<Index>{3, 28, 28});
  Rng rng(0, "t");
  CHECK_THROWS_WITH(d->sample(2, rng), Catch::Contains("train-images-idx3-ubyte"));
  // A sweep over it plans: ids and names, no data read.
  const Sweep s = parse_sweep(
      fmt::format("dataset = {}\nobjective = gan-ns, rkl\nseed = 0..2\n", spec), "fmnist.ini");
  CHECK(s.runs.size() == 6);
  // A misspelt file is still refused at once.
  CHECK_THROWS_WITH(make_dataset("file:path=" + (empty / "missing.csv").string()),
                    Catch::Contains("missing.csv: cannot open"));
}
