#include "datasets/file_bytes.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <zlib.h>

namespace divbench {

Bytes read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::invalid_argument(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw std::invalid_argument(fmt::format("{}: read error", path));
  return bytes;
}

bool is_gzip(ByteSpan bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

Bytes gunzip(ByteSpan bytes, const std::string& name, std::size_t max_output) {
  z_stream z{};
  // 16 + MAX_WBITS: a gzip wrapper, not zlib (zlib manual, inflateInit2).
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
    throw std::runtime_error(fmt::format("{}: zlib could not start", name));
  }
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  Bytes out;
  std::size_t offset = 0;
  std::size_t member = 1;
  const auto fail = [&](const std::string& what) {
    throw std::invalid_argument(fmt::format("{}: gzip error in member {} (compressed byte {}): {}",
                                            name, member, offset, what));
  };
  // zlib counts in uInt; feed and drain in bounded chunks.
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  while (true) {
    const std::size_t in_now = std::min(kChunk, bytes.size() - offset);
    z.next_in = const_cast<Bytef*>(bytes.data() + offset);  // zlib's API is not const-correct
    z.avail_in = static_cast<uInt>(in_now);
    const std::size_t before = out.size();
    out.resize(before + kChunk);
    z.next_out = out.data() + before;
    z.avail_out = static_cast<uInt>(kChunk);
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.resize(before + (kChunk - z.avail_out));
    offset += in_now - z.avail_in;
    if (out.size() > max_output) fail("decompressed data exceeds the limit");
    if (rc == Z_STREAM_END) {
      if (offset == bytes.size()) return out;
      // Another member may follow (RFC 1952 2.2); anything else is trailing garbage.
      if (!is_gzip(bytes.subspan(offset))) {
        fail(fmt::format("{} bytes after the end of the gzip stream are not gzip data",
                         bytes.size() - offset));
      }
      if (inflateReset(&z) != Z_OK) fail("zlib could not restart");
      ++member;
      continue;
    }
    if (rc == Z_DATA_ERROR) fail(z.msg != nullptr ? z.msg : "corrupt data");
    if (rc == Z_MEM_ERROR) fail("out of memory");
    if (rc == Z_NEED_DICT) fail("a preset dictionary is required");
    // All input used, output space left over, no end marker: the stream was cut short.
    const bool starved = offset == bytes.size() && z.avail_out != 0;
    if ((rc == Z_OK || rc == Z_BUF_ERROR) && starved) {
      fail("truncated: the stream ends before its end marker");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) fail(fmt::format("zlib error {}", rc));
  }
}

Bytes read_file_maybe_gzip(const std::string& path) {
  Bytes bytes = read_file_bytes(path);
  if (is_gzip(bytes)) return gunzip(bytes, path);
  return bytes;
}

}  // namespace divbench
