#pragma once
// The IDX format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
//   bytes 0-1  zero;  byte 2  type code;  byte 3  number of dimensions D;
//   then D big-endian uint32 sizes, then the values, big-endian, last dimension fastest.
// Type codes: 0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
// Plain or gzip-compressed files are read alike. Every error names the file and what is wrong:
// a wrong magic number, an unknown type, a header shorter than its D sizes, or sizes whose product
// disagrees with the data that follows (truncated data, or trailing bytes), non-finite values.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/file_bytes.hpp"
#include "common/tensor.hpp"

namespace divbench {

enum class IdxType : std::uint8_t {
  kUbyte = 0x08,
  kSbyte = 0x09,
  kInt16 = 0x0B,
  kInt32 = 0x0C,
  kFloat32 = 0x0D,
  kFloat64 = 0x0E,
};

struct IdxArray {
  std::vector<std::uint32_t> dims;  // as in the header: (n, 28, 28) for images, (n) for labels
  IdxType type = IdxType::kUbyte;
  // (dims[0], product of the other dims) in float, the precision divbench computes in. Integer
  // types up to int16 are exact; int32 beyond 2^24 and float64 are rounded.
  Matrix values;
};

// Parses an IDX file already in memory (gzip undone); `name` is used in errors.
IdxArray parse_idx(ByteSpan bytes, const std::string& name);

// read_file_maybe_gzip + parse_idx.
IdxArray read_idx(const std::string& path);

// Could these bytes be IDX? Two zero bytes, a known type code, 1 to 8 dimensions.
bool looks_like_idx(ByteSpan bytes);

// The values of a 1-D integer-typed array as labels; throws naming `name` otherwise.
std::vector<long long> idx_labels(const IdxArray& array, const std::string& name);

const char* idx_type_name(IdxType type);

}  // namespace divbench
