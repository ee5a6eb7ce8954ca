#pragma once
// Seeded random numbers with independent named streams.
//
// Generator: xoshiro256** (Blackman & Vigna 2018), seeded through splitmix64. Each stream's state
// is derived from (seed, stream name), so streams never share state: drawing more from "noise"
// never shifts "data" or "evaluation". Normals use Box–Muller without a cached spare, so the state
// is exactly the four words (easy to checkpoint) and results do not depend on call grouping.
#include <array>
#include <cstdint>
#include <string_view>

namespace divbench {

class Rng {
 public:
  using State = std::array<std::uint64_t, 4>;

  // The stream named `name` for run seed `seed`.
  Rng(std::uint64_t seed, std::string_view name);
  explicit Rng(const State& state) : s_(state) {}

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Uniform integer in [0, n), unbiased (Lemire's multiply-shift with rejection).
  std::uint64_t below(std::uint64_t n);
  // Standard normal (Box–Muller; uses two uniforms, returns one value).
  double normal();
  // Fills out[0..n) with standard normals (Box–Muller, both values of each pair used).
  void fill_normal(float* out, std::int64_t n);
  void fill_uniform(float* out, std::int64_t n, float lo, float hi);

  const State& state() const { return s_; }

 private:
  State s_;
};

// 64-bit FNV-1a of a string: the stream name's contribution to its seed.
std::uint64_t fnv1a(std::string_view text);

}  // namespace divbench
