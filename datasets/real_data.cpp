#include "datasets/real_data.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "datasets/classifier_cache.hpp"
#include "datasets/classifier_labeller.hpp"
#include "datasets/data_file.hpp"
#include "datasets/deferred_dataset.hpp"
#include "datasets/empirical_dataset.hpp"

namespace divbench {
namespace {

// What every dataset built on the same files shares: the samples and the mode classifier.
struct LabelledSource {
  std::shared_ptr<const Matrix> samples;  // the split the dataset draws from
  std::vector<Index> shape;               // one sample's shape
  CachedClassifier mode_classifier;       // its classifier is null for unlabelled data
  std::vector<double> class_frequencies;  // the data's, the modes' weights
};

// Building a source reads tens of megabytes and may train a classifier: a process builds each
// one once (tests and `divbench kl` make several datasets on the same files).
std::shared_ptr<const LabelledSource> shared_source(
    const std::string& key, const std::function<std::shared_ptr<const LabelledSource>()>& build) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const LabelledSource>> sources;
  const std::lock_guard lock(mutex);
  if (auto existing = sources[key].lock()) return existing;
  auto made = build();
  sources[key] = made;
  return made;
}

Index class_count(const std::vector<long long>& labels, const std::string& what) {
  long long top = 0;
  for (const long long y : labels) {
    if (y < 0) {
      throw std::invalid_argument(
          fmt::format("{}: labels must be integers >= 0, found {}", what, y));
    }
    top = std::max(top, y);
  }
  if (top > 1000) {
    throw std::invalid_argument(fmt::format(
        "{}: labels up to {}: more than 1001 classes is not a classification problem divbench's "
        "mode classifier is meant for",
        what, top));
  }
  return static_cast<Index>(top + 1);
}

// The classifier learns from `train` and is scored on `test`; the class frequencies are those of
// `all` (the labelled data as a whole).
std::shared_ptr<const LabelledSource> labelled_source(const DataFile& train, const DataFile& test,
                                                      const DataFile& all, const DataFile& samples,
                                                      const std::string& what) {
  auto s = std::make_shared<LabelledSource>();
  s->samples = std::make_shared<const Matrix>(samples.x);
  s->shape.assign(samples.shape.begin(), samples.shape.end());
  if (train.labels.empty()) return s;
  const Index classes = std::max(class_count(train.labels, what), class_count(test.labels, what));
  s->mode_classifier = cached_classifier(train, test, classes, ClassifierSettings{}, what);
  s->class_frequencies.assign(static_cast<std::size_t>(classes), 0.0);
  for (const long long y : all.labels) {
    if (y >= classes)
      throw std::invalid_argument(fmt::format("{}: label {} unseen in training", what, y));
    s->class_frequencies[static_cast<std::size_t>(y)] += 1.0;
  }
  for (double& f : s->class_frequencies) f /= static_cast<double>(all.labels.size());
  return s;
}

std::unique_ptr<Dataset> dataset_of(const std::shared_ptr<const LabelledSource>& source, int parts,
                                    const std::string& description) {
  std::shared_ptr<const ModeLabeller> labeller;
  if (const CachedClassifier& c = source->mode_classifier; c.classifier) {
    labeller = std::make_shared<ClassifierLabeller>(c.classifier, source->class_frequencies, parts,
                                                    c.test_accuracy, c.key);
  }
  return std::make_unique<EmpiricalDataset>(description, source->samples, source->shape, parts,
                                            labeller);
}

int parts_of(Spec& spec, int fallback) {
  const long long parts = spec.get_int("parts", fallback);
  if (parts < 1 || parts > 6) {
    throw std::invalid_argument(
        fmt::format("parts: expected 1 to 6 (10^parts modes), found {}", parts));
  }
  return static_cast<int>(parts);
}

// DIR/NAME.gz, or DIR/NAME as MNIST's files are often stored unpacked.
std::string idx_path(const std::string& dir, const std::string& name) {
  std::string gz = fmt::format("{}/{}.gz", dir, name);
  std::string plain = fmt::format("{}/{}", dir, name);
  if (std::filesystem::exists(gz) || !std::filesystem::exists(plain)) return gz;
  return plain;
}

}  // namespace

std::unique_ptr<Dataset> make_fashion_mnist(Spec& spec, int default_parts) {
  const std::string dir = spec.get_string("dir", "/usr/share/datasets/fashion-mnist");
  const std::string split = spec.get_string("split", "train");
  const int parts = default_parts == 1 ? 1 : parts_of(spec, default_parts);
  if (split != "train" && split != "test") {
    throw std::invalid_argument(fmt::format("split: expected train or test, found '{}'", split));
  }
  if (!std::filesystem::is_directory(dir)) {
    throw std::invalid_argument(fmt::format(
        "{}: no such directory (install Debian's dataset-fashion-mnist package, or give dir=DIR "
        "holding the four IDX files)",
        dir));
  }
  // Read when first sampled (datasets/deferred_dataset.hpp): plan and plot need only the shape,
  // 28 x 28 for Fashion-MNIST and MNIST alike (checked when the files are read).
  auto build = [dir, split, parts] {
    const auto source = shared_source("fmnist\n" + dir + "\n" + split, [&] {
      const auto load = [&](const std::string& which) {
        DataFileOptions options;
        options.labels = idx_path(dir, which + "-labels-idx1-ubyte");
        return load_data_file(idx_path(dir, which + "-images-idx3-ubyte"), options);
      };
      const DataFile train = load("train");
      const DataFile test = load("t10k");
      // The stacked benchmark's modes are weighted by the training set's (balanced) classes.
      return labelled_source(train, test, train, split == "train" ? train : test,
                             "fmnist(" + dir + ")");
    });
    return dataset_of(source, parts,
                      parts == 1
                          ? fmt::format("fmnist({}, {})", dir, split)
                          : fmt::format("stacked-fmnist({}, {}, {} parts)", dir, split, parts));
  };
  std::vector<Index> shape{28, 28};
  if (parts > 1) shape.insert(shape.begin(), parts);
  return std::make_unique<DeferredDataset>(std::move(build), std::move(shape));
}

std::unique_ptr<Dataset> make_file_dataset(Spec& spec) {
  const std::string path = spec.get_string("path", "");
  if (path.empty())
    throw std::invalid_argument("dataset 'file' needs path=FILE (or FILE.h5:/dataset)");
  DataFileOptions options;
  options.labels = spec.get_string("labels", "");
  options.csv.label_column = spec.get_string("label-column", "");
  options.csv.header = parse_csv_header(spec.get_string("header", "auto"));
  options.format = spec.get_string("format", "auto");
  options.scale = spec.get_string("scale", "auto");
  const std::string split = spec.get_string("split", "all");
  const double test_fraction = spec.get_double("test-fraction", 0.1);
  const int parts = parts_of(spec, 1);
  const std::string key = fmt::format("file\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}", path, options.labels,
                                      options.csv.label_column, spec.get_string("header", "auto"),
                                      options.format, options.scale, split, test_fraction);
  // Read when first used: its dimension too is in the file. That the files can be opened is
  // checked now, so that a misspelt path is still refused before anything runs.
  for (const std::string& file : {path, options.labels}) {
    if (file.empty()) continue;
    const std::string on_disk = file.substr(
        0, file.find(".h5:/") == std::string::npos ? std::string::npos : file.find(".h5:/") + 3);
    if (std::FILE* f = std::fopen(on_disk.c_str(), "rb"); f != nullptr) {
      std::fclose(f);
    } else {
      throw std::invalid_argument(
          fmt::format("{}: cannot open: {}", on_disk, std::strerror(errno)));
    }
  }
  auto build = [key, path, options, split, test_fraction, parts] {
    const auto source = shared_source(key, [&] {
      const DataFile all = load_data_file(path, options);
      const DataFile samples = split_rows(all, split, test_fraction);
      if (all.labels.empty()) return labelled_source(all, all, all, samples, path);
      // The classifier learns from the training part and is scored on the held-out part,
      // whichever part the dataset draws from.
      return labelled_source(split_rows(all, "train", test_fraction),
                             split_rows(all, "test", test_fraction), all, samples, path);
    });
    return dataset_of(source, parts, fmt::format("file({}, {})", path, split));
  };
  return std::make_unique<DeferredDataset>(std::move(build), std::nullopt);
}

}  // namespace divbench
