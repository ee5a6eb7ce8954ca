// libFuzzer target for the IDX parser and the gzip layer under it: any bytes either parse or
// throw std::invalid_argument; nothing else (no crash, no sanitizer report, no other exception).
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "datasets/file_bytes.hpp"
#include "datasets/idx_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace divbench;
  const ByteSpan input(data, size);
  try {
    // A bounded output keeps decompression bombs from exhausting the fuzzer's memory.
    const Bytes plain = is_gzip(input) ? gunzip(input, "fuzz.gz", std::size_t{64} << 20)
                                       : Bytes(input.begin(), input.end());
    (void)looks_like_idx(plain);
    const IdxArray a = parse_idx(plain, "fuzz");
    if (a.values.rows() != static_cast<Index>(a.dims[0])) __builtin_trap();
    if (a.dims.size() == 1) (void)idx_labels(a, "fuzz");
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
