// libFuzzer target for the Gaussian-mixture file parser (gmm:file=, divbench kl --modes): any text
// either gives a valid mixture or throws std::invalid_argument.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "datasets/mixture_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace divbench;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto mixture = parse_mixture(text, "fuzz.csv");
    if (mixture->dim() < 1 || mixture->modes().empty()) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
