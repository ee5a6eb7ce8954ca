#pragma once
// Opening and writing HDF5 files the way every part of divbench needs:
// - reading: errors name the file and say whether it is missing, not HDF5, or damaged;
// - writing: readers see the old file or the complete new one, never a part, and a failed write
//   (a full disk, a vanished directory) is an ordinary error. The file is built in memory (HDF5's
//   core driver, no backing store), and its bytes are written to "<path>.partial", synced and
//   renamed over `path`. Writing through HDF5 itself would leave, after an ENOSPC, a file HDF5
//   cannot close, which crashes the library at exit (libhdf5 1.10).
#include <functional>
#include <string>

#include <H5Cpp.h>

namespace divbench {

// Opens read-only; throws std::runtime_error naming the file when it is missing, not HDF5, or
// unreadable. HDF5's own error printing is turned off: divbench reports errors itself.
H5::H5File open_hdf5_for_reading(const std::string& path);

// `fill` writes the file's contents. On any failure nothing is left behind (the old file, if any,
// is untouched) and std::runtime_error says "PATH: cannot write WHAT: why".
void write_hdf5_atomically(const std::string& path, const std::string& what,
                           const std::function<void(H5::H5File&)>& fill);
// The same for files too large to hold in memory (a merged sweep of 100,000 runs): `fill` writes
// straight to "<path>.partial" on disk, which is closed, fsynced and renamed over `path`. The
// bytes are the same whichever way the same calls are made; they differ from
// write_hdf5_atomically's (the in-memory driver allocates file space in its own steps).
void write_hdf5_streamed(const std::string& path, const std::string& what,
                         const std::function<void(H5::H5File&)>& fill);

// File access properties with a metadata cache of `initial` bytes that HDF5 may resize between
// `min` and `max`; never resized when min == max. HDF5's default (2 MiB, adaptive up to 32 MiB)
// suits files that are searched; files written once or read once per object do better small.
H5::FileAccPropList metadata_cache_access(std::size_t initial, std::size_t min, std::size_t max);

// The variable-length string type every divbench string attribute has.
const H5::StrType& string_type();

// Scalar attributes: each throws std::runtime_error naming `where` (file and group) and the
// attribute when it is missing, is not exactly one value, or has another type class.
H5::Attribute open_attribute(const H5::H5Object& loc, const std::string& name,
                             const std::string& where);
std::string get_string(const H5::H5Object& loc, const std::string& name, const std::string& where);
long long get_int(const H5::H5Object& loc, const std::string& name, const std::string& where);
double get_double(const H5::H5Object& loc, const std::string& name, const std::string& where);

}  // namespace divbench
