#pragma once
// Discriminator outputs for objective tests: n standard normals from a named stream, scaled.
#include <cstdint>
#include <vector>

#include "common/rng.hpp"

namespace divbench::testing {

inline std::vector<float> random_outputs(std::size_t n, std::uint64_t seed, float scale) {
  Rng rng(seed, "outputs");
  std::vector<float> v(n);
  rng.fill_normal(v.data(), static_cast<std::int64_t>(n));
  for (auto& x : v) x *= scale;
  return v;
}

}  // namespace divbench::testing
