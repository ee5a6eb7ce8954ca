#pragma once
// Whole data files as bytes, with gzip undone: the loaders parse from memory, so a parser sees
// exactly the bytes a fuzzer gives it, and "the header disagrees with the file's length" is a
// comparison of two numbers.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace divbench {

using Bytes = std::vector<unsigned char>;
using ByteSpan = std::span<const unsigned char>;

// Decompressed data larger than this is refused (a corrupt or hostile file must not exhaust
// memory); 8 GiB holds Fashion-MNIST 170 times over.
inline constexpr std::size_t kMaxDecompressedBytes = std::size_t{8} << 30;

// The file's bytes. Throws std::invalid_argument "PATH: cannot open: <reason>".
Bytes read_file_bytes(const std::string& path);

// Starts with the gzip magic number 1f 8b (RFC 1952).
bool is_gzip(ByteSpan bytes);

// Decompresses a gzip stream (several members one after another, as gzip allows). Throws
// std::invalid_argument naming `name` for corrupt data, a truncated stream, trailing bytes that
// are not gzip, or output larger than `max_output`.
Bytes gunzip(ByteSpan bytes, const std::string& name,
             std::size_t max_output = kMaxDecompressedBytes);

// read_file_bytes, then gunzip when the content is gzip (whatever the file is called).
Bytes read_file_maybe_gzip(const std::string& path);

}  // namespace divbench
