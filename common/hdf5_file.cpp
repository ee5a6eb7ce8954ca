#include "common/hdf5_file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>

namespace divbench {
namespace {

constexpr std::uintmax_t kWholeFileBytes = std::uintmax_t{16} << 20;

// Writes all of `bytes` to `path` and fsyncs it; throws std::runtime_error with strerror.
void write_bytes_synced(const std::string& path, const std::vector<char>& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      ::close(fd);
      throw std::runtime_error(std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw std::runtime_error(std::strerror(errno));
}

}  // namespace

H5::H5File open_hdf5_for_reading(const std::string& path) {
  H5::Exception::dontPrint();
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    if (!std::filesystem::exists(path))
      throw std::runtime_error(fmt::format("{}: no such file", path));
    throw std::runtime_error(fmt::format("{}: cannot open: {}", path, error.message()));
  }
  try {
    // A small file (a run file, a checkpoint) is read whole by the core driver in one read,
    // instead of HDF5's many small reads of its metadata: the merge of 5,000 tiny runs took 9 %
    // less CPU and 5 % less time (bench/sweep_scale.cpp's runs, 2026-12-06). Whether the file is
    // HDF5 at all is asked only when opening fails, for the message.
    if (size <= kWholeFileBytes) {
      H5::FileAccPropList whole;
      H5Pset_fapl_core(whole.getId(), std::size_t{1} << 20, 0);
      return H5::H5File(path, H5F_ACC_RDONLY, H5::FileCreatPropList::DEFAULT, whole);
    }
    return H5::H5File(path, H5F_ACC_RDONLY);
  } catch (const H5::Exception& e) {
    bool hdf5 = false;
    try {
      hdf5 = H5::H5File::isHdf5(path);
    } catch (const H5::Exception& is) {
      throw std::runtime_error(fmt::format("{}: cannot open: {}", path, is.getDetailMsg()));
    }
    if (!hdf5) throw std::runtime_error(fmt::format("{}: not an HDF5 file", path));
    // The signature is there but the file is not readable: most often a copy or a write cut short.
    throw std::runtime_error(
        fmt::format("{}: an HDF5 file that cannot be opened (truncated or damaged?): {}", path,
                    e.getDetailMsg()));
  }
}

void write_hdf5_atomically(const std::string& path, const std::string& what,
                           const std::function<void(H5::H5File&)>& fill) {
  H5::Exception::dontPrint();
  std::vector<char> image;
  try {
    H5::FileAccPropList in_memory;
    // 1 MiB growth steps; no backing store: nothing touches the disk until the bytes are ready.
    H5Pset_fapl_core(in_memory.getId(), std::size_t{1} << 20, 0);
    H5::H5File file(path, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, in_memory);
    fill(file);
    file.flush(H5F_SCOPE_GLOBAL);
    const ssize_t size = H5Fget_file_image(file.getId(), nullptr, 0);
    if (size < 0) throw std::runtime_error("HDF5 could not size the file image");
    image.resize(static_cast<std::size_t>(size));
    if (H5Fget_file_image(file.getId(), image.data(), image.size()) != size)
      throw std::runtime_error("HDF5 could not copy the file image");
  } catch (const H5::Exception& e) {
    throw std::runtime_error(
        fmt::format("{}: cannot write {}: {} ({})", path, what, e.getDetailMsg(), e.getFuncName()));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: cannot write {}: {}", path, what, e.what()));
  }
  const std::string partial = path + ".partial";
  try {
    write_bytes_synced(partial, image);
    std::filesystem::rename(partial, path);
  } catch (const std::exception& e) {
    std::remove(partial.c_str());
    throw std::runtime_error(fmt::format("{}: cannot write {}: {}", path, what, e.what()));
  }
}

H5::FileAccPropList metadata_cache_access(std::size_t initial, std::size_t min, std::size_t max) {
  H5::FileAccPropList fapl;
  H5AC_cache_config_t cache;
  cache.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  H5Pget_mdc_config(fapl.getId(), &cache);
  cache.set_initial_size = true;
  cache.initial_size = initial;
  cache.min_size = min;
  cache.max_size = max;
  if (min == max) {
    cache.incr_mode = H5C_incr__off;
    cache.flash_incr_mode = H5C_flash_incr__off;
    cache.decr_mode = H5C_decr__off;
  }
  H5Pset_mdc_config(fapl.getId(), &cache);
  return fapl;
}

void write_hdf5_streamed(const std::string& path, const std::string& what,
                         const std::function<void(H5::H5File&)>& fill) {
  H5::Exception::dontPrint();
  const std::string partial = path + ".partial";
  try {
    {
      // Objects are written once and not visited again: a small fixed metadata cache (256 KiB;
      // HDF5's adaptive default grows to megabytes and spends its time managing them) and metadata
      // allocated in 1 MiB blocks merge 10,000 runs about 20 % faster (bench/sweep_scale.cpp).
      const std::size_t cache = std::size_t{256} << 10;
      H5::FileAccPropList fapl = metadata_cache_access(cache, cache, cache);
      H5Pset_meta_block_size(fapl.getId(), hsize_t{1} << 20);
      H5::H5File file(partial, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, fapl);
      fill(file);
      file.close();
    }
    const int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(std::strerror(errno));
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!synced) throw std::runtime_error(std::strerror(error));
    std::filesystem::rename(partial, path);
  } catch (const H5::Exception& e) {
    std::remove(partial.c_str());
    throw std::runtime_error(
        fmt::format("{}: cannot write {}: {} ({})", path, what, e.getDetailMsg(), e.getFuncName()));
  } catch (const std::exception& e) {
    std::remove(partial.c_str());
    throw std::runtime_error(fmt::format("{}: cannot write {}: {}", path, what, e.what()));
  }
}

const H5::StrType& string_type() {
  static const H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  return type;
}

// Every attribute divbench reads is one value: reading an array attribute into one would write
// past it (found by fuzz/hdf5_fuzzer.cpp: a stack-buffer-overflow on a 48-element "double").
H5::Attribute open_attribute(const H5::H5Object& loc, const std::string& name,
                             const std::string& where) {
  if (!loc.attrExists(name)) {
    throw std::runtime_error(fmt::format("{}: attribute '{}' is missing", where, name));
  }
  H5::Attribute attr = loc.openAttribute(name);
  const hssize_t n = attr.getSpace().getSimpleExtentNpoints();
  if (n != 1) {
    throw std::runtime_error(
        fmt::format("{}: attribute '{}' should be one value, found {}", where, name, n));
  }
  return attr;
}

namespace {

// An HDF5 C id, closed when it goes out of scope.
class OpenId {
 public:
  OpenId(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  OpenId(const OpenId&) = delete;
  OpenId& operator=(const OpenId&) = delete;
  ~OpenId() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

[[noreturn]] void fail(const std::string& name, const char* what) {
  throw H5::AttributeIException("get attribute", fmt::format("{} {}", what, name));
}

// The scalar attribute `name` of class `cls`, with open_attribute's checks and messages, read into
// `out` as `memory_type`. Written against the C API: the summary of a run reads about 70
// attributes, and the C++ wrappers' extra calls (an existence check before each open, a datatype
// object for each class test) were a third of what reading a run's summary cost
// (bench/sweep_scale.cpp: the resume check and the merge's reading process).
void read_scalar(const H5::H5Object& loc, const std::string& name, const std::string& where,
                 H5T_class_t cls, const char* kind, hid_t memory_type, void* out) {
  const OpenId attr(H5Aopen(loc.getId(), name.c_str(), H5P_DEFAULT), H5Aclose);
  if (attr.get() < 0) {
    if (H5Aexists(loc.getId(), name.c_str()) == 0) {
      throw std::runtime_error(fmt::format("{}: attribute '{}' is missing", where, name));
    }
    fail(name, "cannot open attribute");
  }
  const OpenId space(H5Aget_space(attr.get()), H5Sclose);
  if (space.get() < 0) fail(name, "cannot read the dataspace of attribute");
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n != 1) {
    throw std::runtime_error(
        fmt::format("{}: attribute '{}' should be one value, found {}", where, name, n));
  }
  const OpenId type(H5Aget_type(attr.get()), H5Tclose);
  if (type.get() < 0) fail(name, "cannot read the datatype of attribute");
  if (H5Tget_class(type.get()) != cls) {
    throw std::runtime_error(fmt::format("{}: attribute '{}' should be {}", where, name, kind));
  }
  if (H5Aread(attr.get(), memory_type, out) < 0) fail(name, "cannot read attribute");
}

}  // namespace

std::string get_string(const H5::H5Object& loc, const std::string& name, const std::string& where) {
  char* text = nullptr;
  read_scalar(loc, name, where, H5T_STRING, "a string", string_type().getId(), &text);
  std::string value = text == nullptr ? std::string() : std::string(text);
  H5free_memory(text);
  return value;
}
long long get_int(const H5::H5Object& loc, const std::string& name, const std::string& where) {
  std::int64_t value = 0;
  read_scalar(loc, name, where, H5T_INTEGER, "an integer", H5T_NATIVE_INT64, &value);
  return value;
}
double get_double(const H5::H5Object& loc, const std::string& name, const std::string& where) {
  double value = 0.0;
  read_scalar(loc, name, where, H5T_FLOAT, "a float", H5T_NATIVE_DOUBLE, &value);
  return value;
}

}  // namespace divbench
