#include "datasets/idx_file.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace divbench {
namespace {

constexpr std::size_t kMaxDims = 8;

bool known_type(std::uint8_t code) {
  return code == 0x08 || code == 0x09 || code == 0x0B || code == 0x0C || code == 0x0D ||
         code == 0x0E;
}

std::size_t type_size(IdxType type) {
  switch (type) {
    case IdxType::kUbyte:
    case IdxType::kSbyte:
      return 1;
    case IdxType::kInt16:
      return 2;
    case IdxType::kInt32:
    case IdxType::kFloat32:
      return 4;
    case IdxType::kFloat64:
      return 8;
  }
  return 1;
}

std::uint64_t big_endian(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

float value_at(const unsigned char* p, IdxType type) {
  switch (type) {
    case IdxType::kUbyte:
      return static_cast<float>(p[0]);
    case IdxType::kSbyte:
      return static_cast<float>(static_cast<std::int8_t>(p[0]));
    case IdxType::kInt16:
      return static_cast<float>(static_cast<std::int16_t>(big_endian(p, 2)));
    case IdxType::kInt32:
      return static_cast<float>(static_cast<std::int32_t>(big_endian(p, 4)));
    case IdxType::kFloat32:
      return std::bit_cast<float>(static_cast<std::uint32_t>(big_endian(p, 4)));
    case IdxType::kFloat64: {
      // Out-of-range double -> float conversion is undefined behaviour: map it to infinity, which
      // the finiteness check below reports.
      const double d = std::bit_cast<double>(big_endian(p, 8));
      if (std::abs(d) > static_cast<double>(std::numeric_limits<float>::max()))
        return d > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
      return static_cast<float>(d);
    }
  }
  return 0.0F;
}

std::string shape_text(const std::vector<std::uint32_t>& dims) {
  std::string s;
  for (const auto d : dims) s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

}  // namespace

const char* idx_type_name(IdxType type) {
  switch (type) {
    case IdxType::kUbyte:
      return "ubyte";
    case IdxType::kSbyte:
      return "sbyte";
    case IdxType::kInt16:
      return "int16";
    case IdxType::kInt32:
      return "int32";
    case IdxType::kFloat32:
      return "float32";
    case IdxType::kFloat64:
      return "float64";
  }
  return "?";
}

bool looks_like_idx(ByteSpan bytes) {
  return bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 && known_type(bytes[2]) &&
         bytes[3] >= 1 && bytes[3] <= kMaxDims;
}

IdxArray parse_idx(ByteSpan bytes, const std::string& name) {
  if (bytes.size() < 4) {
    throw std::invalid_argument(fmt::format(
        "{}: not an IDX file: {} bytes, fewer than the 4 of the magic number", name, bytes.size()));
  }
  const auto magic = static_cast<std::uint32_t>(big_endian(bytes.data(), 4));
  if (bytes[0] != 0 || bytes[1] != 0) {
    throw std::invalid_argument(
        fmt::format("{}: not an IDX file: magic number 0x{:08x}, expected 0x0000TTDD (two zero "
                    "bytes, a type code TT, the number of dimensions DD)",
                    name, magic));
  }
  if (!known_type(bytes[2])) {
    throw std::invalid_argument(fmt::format(
        "{}: IDX magic number 0x{:08x} has type code 0x{:02x}; expected 0x08 (ubyte), 0x09 "
        "(sbyte), 0x0b (int16), 0x0c (int32), 0x0d (float32) or 0x0e (float64)",
        name, magic, bytes[2]));
  }
  const std::size_t rank = bytes[3];
  if (rank == 0 || rank > kMaxDims) {
    throw std::invalid_argument(fmt::format(
        "{}: IDX magic number 0x{:08x} declares {} dimensions; expected 1 to {}", name, magic,
        rank, kMaxDims));
  }
  const std::size_t header = 4 + 4 * rank;
  if (bytes.size() < header) {
    throw std::invalid_argument(fmt::format(
        "{}: truncated IDX header: {} dimensions need {} bytes of header, the file has {} bytes",
        name, rank, header, bytes.size()));
  }
  IdxArray out;
  out.type = static_cast<IdxType>(bytes[2]);
  std::uint64_t count = 1;
  bool overflow = false;
  for (std::size_t i = 0; i < rank; ++i) {
    const auto d = static_cast<std::uint32_t>(big_endian(bytes.data() + 4 + 4 * i, 4));
    out.dims.push_back(d);
    if (d != 0 && count > std::numeric_limits<std::uint64_t>::max() / 8 / d) overflow = true;
    count *= d;
  }
  const std::size_t size = type_size(out.type);
  const std::size_t data = bytes.size() - header;
  if (overflow || count * size != data) {
    const std::string need =
        overflow ? std::string("more bytes than can exist")
                 : fmt::format("{} bytes of data", count * size);
    throw std::invalid_argument(fmt::format(
        "{}: IDX header dimensions {} of {} need {}, but the file has {} after its {}-byte header "
        "({})",
        name, shape_text(out.dims), idx_type_name(out.type), need, data, header,
        !overflow && count * size > data ? "truncated data" : "the header and the data disagree"));
  }
  if (count == 0) {
    throw std::invalid_argument(
        fmt::format("{}: IDX header dimensions {}: no values", name, shape_text(out.dims)));
  }
  const auto rows = static_cast<Index>(out.dims[0]);
  const auto cols = static_cast<Index>(count / out.dims[0]);
  out.values.resize(rows, cols);
  const unsigned char* p = bytes.data() + header;
  float* v = out.values.data();
  if (out.type == IdxType::kUbyte) {
    for (std::uint64_t i = 0; i < count; ++i) v[i] = static_cast<float>(p[i]);
  } else {
    for (std::uint64_t i = 0; i < count; ++i) v[i] = value_at(p + i * size, out.type);
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!std::isfinite(v[i])) {
      throw std::invalid_argument(fmt::format(
          "{}: value {} (row {}) is not a finite float (NaN, Inf, or beyond float range)", name, i,
          i / static_cast<std::uint64_t>(cols)));
    }
  }
  return out;
}

IdxArray read_idx(const std::string& path) { return parse_idx(read_file_maybe_gzip(path), path); }

std::vector<long long> idx_labels(const IdxArray& array, const std::string& name) {
  if (array.dims.size() != 1) {
    throw std::invalid_argument(fmt::format(
        "{}: labels must be a 1-D IDX array, found {} dimensions", name, array.dims.size()));
  }
  if (array.type == IdxType::kFloat32 || array.type == IdxType::kFloat64) {
    throw std::invalid_argument(
        fmt::format("{}: labels must be integers, found IDX type {}", name, idx_type_name(array.type)));
  }
  std::vector<long long> labels(array.values.size());
  for (Index i = 0; i < array.values.size(); ++i) {
    labels[static_cast<std::size_t>(i)] = static_cast<long long>(array.values.data()[i]);
  }
  return labels;
}

}  // namespace divbench
