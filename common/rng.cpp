#include "common/rng.hpp"

#include <cmath>
#include <numbers>

namespace divbench {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

__extension__ using Uint128 = unsigned __int128;  // GCC/Clang extension, for Lemire's method

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// A pair of independent standard normals from two uniforms (Box–Muller). u1 is mapped to (0, 1]
// so that log(u1) is finite.
void box_muller(Rng& rng, double& a, double& b) {
  const double u1 = 1.0 - rng.uniform();
  const double u2 = rng.uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  a = radius * std::cos(angle);
  b = radius * std::sin(angle);
}

}  // namespace

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

Rng::Rng(std::uint64_t seed, std::string_view name) {
  std::uint64_t x = seed ^ fnv1a(name);
  for (auto& word : s_) word = splitmix64(x);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::below(std::uint64_t n) {
  // Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019.
  Uint128 m = static_cast<Uint128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<Uint128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double Rng::normal() {
  double a = 0.0;
  double b = 0.0;
  box_muller(*this, a, b);
  return a;
}

void Rng::fill_normal(float* out, std::int64_t n) {
  std::int64_t i = 0;
  for (; i + 1 < n; i += 2) {
    double a = 0.0;
    double b = 0.0;
    box_muller(*this, a, b);
    out[i] = static_cast<float>(a);
    out[i + 1] = static_cast<float>(b);
  }
  if (i < n) out[i] = static_cast<float>(normal());
}

void Rng::fill_uniform(float* out, std::int64_t n, float lo, float hi) {
  const double width = static_cast<double>(hi) - lo;
  for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(lo + width * uniform());
}

}  // namespace divbench
