#include "datasets/hdf5_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace divbench {
namespace {

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
  if (!std::filesystem::exists(path))
    throw std::runtime_error(fmt::format("{}: no such file", path));
  try {
    if (!H5::H5File::isHdf5(path))
      throw std::runtime_error(fmt::format("{}: not an HDF5 file", path));
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot open: {}", path, e.getDetailMsg()));
  }
  try {
    return H5::H5File(path, H5F_ACC_RDONLY);
  } catch (const H5::Exception& e) {
    // The signature is there but the file is not readable: most often a copy or a write cut short.
    throw std::runtime_error(fmt::format(
        "{}: an HDF5 file that cannot be opened (truncated or damaged?): {}", path,
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
    throw std::runtime_error(fmt::format("{}: cannot write {}: {} ({})", path, what,
                                         e.getDetailMsg(), e.getFuncName()));
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

}  // namespace divbench
