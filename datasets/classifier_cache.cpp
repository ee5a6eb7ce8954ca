#include "datasets/classifier_cache.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <sys/file.h>
#include <unistd.h>

#include <H5Cpp.h>
#include <fcntl.h>
#include <fmt/format.h>

#include "common/hdf5_file.hpp"
#include "common/rng.hpp"

namespace divbench {
namespace {

template <class T>
std::uint64_t hash_of(const T* data, std::size_t count) {
  return fnv1a(std::string_view(reinterpret_cast<const char*>(data), count * sizeof(T)));
}

std::string cache_key(const DataFile& train, const DataFile& test, Index classes,
                      const ClassifierSettings& settings) {
  const std::string text = fmt::format(
      "{}\nclasses={}\ntrain={}x{}:{:016x}:{:016x}\ntest={}x{}:{:016x}:{:016x}\n", settings.text(),
      classes, train.x.rows(), train.x.cols(), hash_of(train.x.data(), train.x.size()),
      hash_of(train.labels.data(), train.labels.size()), test.x.rows(), test.x.cols(),
      hash_of(test.x.data(), test.x.size()), hash_of(test.labels.data(), test.labels.size()));
  return fmt::format("{:016x}", fnv1a(text));
}

// Holds an exclusive flock on `path` for its lifetime (no-op when the file system refuses).
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

bool load(const std::string& path, const std::string& key, MlpClassifier& classifier,
          double& accuracy) {
  if (!std::filesystem::exists(path)) return false;
  try {
    const H5::H5File file = open_hdf5_for_reading(path);
    if (get_string(file, "key", path) != key) return false;
    accuracy = get_double(file, "test_accuracy", path);
    const H5::DataSet ds = file.openDataSet("parameters");
    std::vector<float> values(static_cast<std::size_t>(ds.getSpace().getSimpleExtentNpoints()));
    ds.read(values.data(), H5::PredType::NATIVE_FLOAT);
    classifier.set_parameter_values(values);
    return true;
  } catch (const std::exception&) {
    return false;
  } catch (const H5::Exception&) {
    return false;
  }
}

void save(const std::string& path, const std::string& key, MlpClassifier& classifier,
          double accuracy, const std::string& what) {
  write_hdf5_atomically(path, "classifier cache", [&](H5::H5File& file) {
    const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
    const H5::DataSpace scalar(H5S_SCALAR);
    const auto put_text = [&](const char* name, const std::string& value) {
      file.createAttribute(name, str, scalar).write(str, value);
    };
    put_text("key", key);
    put_text("data", what);
    put_text("settings", classifier.settings().text());
    file.createAttribute("test_accuracy", H5::PredType::NATIVE_DOUBLE, scalar)
        .write(H5::PredType::NATIVE_DOUBLE, &accuracy);
    const std::vector<float> values = classifier.parameter_values();
    const hsize_t n = values.size();
    file.createDataSet("parameters", H5::PredType::NATIVE_FLOAT, H5::DataSpace(1, &n))
        .write(values.data(), H5::PredType::NATIVE_FLOAT);
  });
}

}  // namespace

std::string classifier_cache_dir() {
  if (const char* d = std::getenv("DIVBENCH_CACHE_DIR"); d != nullptr && *d != '\0') return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x != '\0')
    return std::string(x) + "/divbench";
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0')
    return std::string(h) + "/.cache/divbench";
  return "/tmp/divbench-cache";
}

CachedClassifier cached_classifier(const DataFile& train, const DataFile& test, Index classes,
                                   const ClassifierSettings& settings, const std::string& what) {
  CachedClassifier out;
  out.classifier = std::make_shared<MlpClassifier>(train.x.cols(), classes, settings);
  const std::string key = cache_key(train, test, classes, settings);
  out.key = key;
  const std::string dir = classifier_cache_dir();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  out.path = fmt::format("{}/classifier-{}.h5", dir, key);
  const FileLock lock(out.path + ".lock");
  if (load(out.path, key, *out.classifier, out.test_accuracy)) return out;

  fmt::print(stderr, "training the mode classifier of {} ({} samples; once, cached in {})\n", what,
             train.x.rows(), out.path);
  const auto start = std::chrono::steady_clock::now();
  out.classifier->train(train.x, train.labels);
  out.test_accuracy = out.classifier->accuracy(test.x, test.labels);
  out.trained_now = true;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print(stderr, "mode classifier of {}: {:.2f}% test accuracy ({} test samples), {:.1f} s\n",
             what, 100.0 * out.test_accuracy, test.x.rows(), seconds);
  try {
    save(out.path, key, *out.classifier, out.test_accuracy, what);
  } catch (const std::exception& e) {
    fmt::print(stderr, "warning: could not cache the classifier in {}: {}\n", out.path, e.what());
  } catch (const H5::Exception& e) {
    fmt::print(stderr, "warning: could not cache the classifier in {}: {}\n", out.path,
               e.getDetailMsg());
  }
  return out;
}

}  // namespace divbench
