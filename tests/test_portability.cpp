// What makes a run the same on every CPU that runs the binary: no vendor-specific approximations
// (exact_sqrt instead of Eigen's vrsqrtps-based sqrt) and Eigen's product blocking computed for
// fixed cache sizes instead of this CPU's. tests/check_no_approximate_instructions.sh checks the
// binaries for the instructions themselves.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include <catch2/catch.hpp>

#include "common/exact_sqrt.hpp"
#include "common/gemm.hpp"

using namespace divbench;

namespace {

template <class Float, class Bits>
Float from_bits(Bits b) {
  Float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

template <class Float, class Bits>
Bits to_bits(Float f) {
  Bits b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Random bit patterns of non-negative floats (all exponents, normal and subnormal) and the
// special values, in an array whose length is not a multiple of any packet size, so that packet
// and scalar tails are both exercised.
template <class Float, class Bits, class Array>
Array sqrt_inputs() {
  std::mt19937_64 rng(7);
  constexpr Bits kSignBit = Bits{1} << (8 * sizeof(Bits) - 1);
  Array x(1037);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    x[i] = from_bits<Float, Bits>(static_cast<Bits>(rng()) & ~kSignBit);
  x.head(8) << Float(0), Float(1), Float(2), Float(4), std::numeric_limits<Float>::denorm_min(),
      std::numeric_limits<Float>::min(), std::numeric_limits<Float>::max(),
      std::numeric_limits<Float>::infinity();
  return x;
}

}  // namespace

TEST_CASE("exact_sqrt is std::sqrt bitwise, in packets and in the scalar tail", "[portability]") {
  SECTION("float") {
    const Eigen::ArrayXf x = sqrt_inputs<float, std::uint32_t, Eigen::ArrayXf>();
    const Eigen::ArrayXf y = exact_sqrt(x);
    // A composed expression too, as Adam and BatchNorm use it.
    const Eigen::ArrayXf z = exact_sqrt(x * 0.5F + 1e-8F).inverse();
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      INFO("x = " << x[i]);
      CHECK(to_bits<float, std::uint32_t>(y[i]) == to_bits<float, std::uint32_t>(std::sqrt(x[i])));
      const float expected = 1.0F / std::sqrt(x[i] * 0.5F + 1e-8F);
      CHECK(to_bits<float, std::uint32_t>(z[i]) == to_bits<float, std::uint32_t>(expected));
    }
  }
  SECTION("double") {
    const Eigen::ArrayXd x = sqrt_inputs<double, std::uint64_t, Eigen::ArrayXd>();
    const Eigen::ArrayXd y = exact_sqrt(x);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      INFO("x = " << x[i]);
      CHECK(to_bits<double, std::uint64_t>(y[i]) == to_bits<double, std::uint64_t>(std::sqrt(x[i])));
    }
  }
  SECTION("correctly rounded: exact on perfect squares, where an approximation often is not") {
    Eigen::ArrayXf squares(4096);
    for (Eigen::Index i = 0; i < squares.size(); ++i) squares[i] = static_cast<float>(i * i);
    const Eigen::ArrayXf roots = exact_sqrt(squares);
    for (Eigen::Index i = 0; i < squares.size(); ++i) CHECK(roots[i] == static_cast<float>(i));
  }
}

TEST_CASE("Eigen's products are blocked for fixed cache sizes, not this CPU's", "[portability]") {
  (void)gemm_backend();
  CHECK(Eigen::l1CacheSize() == kEigenCacheSizes.l1);
  CHECK(Eigen::l2CacheSize() == kEigenCacheSizes.l2);
  CHECK(Eigen::l3CacheSize() == kEigenCacheSizes.l3);
}
