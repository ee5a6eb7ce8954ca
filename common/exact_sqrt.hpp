#pragma once
// The correctly rounded square root of an Eigen array expression, vectorised: exact_sqrt(a).
//
// Why not a.sqrt(): with EIGEN_FAST_MATH (Eigen 3.4's default), Eigen's vectorised float sqrt is
// an approximate reciprocal square root (vrsqrtps) refined by one Newton step (Eigen's
// arch/AVX/MathFunctions.h). That result is 1 to 2 bits less accurate than IEEE sqrt and, worse for
// a benchmark, not the same on every CPU: the approximation table behind vrsqrtps is the vendor's
// own (Intel's and AMD's differ), so the same binary trained the same run to different numbers on
// an Intel and an AMD machine (published/README.md, 2026-12-07). sqrtps is IEEE 754's
// correctly rounded square root on every x86 CPU, as std::sqrt is on every platform, so this
// functor gives bitwise the same result everywhere, packet or scalar. EIGEN_FAST_MATH stays on
// for the rest (its tanh and erf approximations use only exactly rounded operations, so they are
// the same on every CPU); tests/check_no_approximate_instructions.sh checks that no vrsqrt or vrcp
// instruction is left in the binaries.
#include <cmath>

#include <Eigen/Core>

namespace divbench {

struct ExactSqrtOp {
  float operator()(float x) const { return std::sqrt(x); }
  double operator()(double x) const { return std::sqrt(x); }
#if defined(EIGEN_VECTORIZE_SSE2)
  Eigen::internal::Packet4f packetOp(const Eigen::internal::Packet4f& x) const {
    return _mm_sqrt_ps(x);
  }
  Eigen::internal::Packet2d packetOp(const Eigen::internal::Packet2d& x) const {
    return _mm_sqrt_pd(x);
  }
#endif
#if defined(EIGEN_VECTORIZE_AVX)
  Eigen::internal::Packet8f packetOp(const Eigen::internal::Packet8f& x) const {
    return _mm256_sqrt_ps(x);
  }
  Eigen::internal::Packet4d packetOp(const Eigen::internal::Packet4d& x) const {
    return _mm256_sqrt_pd(x);
  }
#endif
#if defined(EIGEN_VECTORIZE_AVX512)
  Eigen::internal::Packet16f packetOp(const Eigen::internal::Packet16f& x) const {
    return _mm512_sqrt_ps(x);
  }
  Eigen::internal::Packet8d packetOp(const Eigen::internal::Packet8d& x) const {
    return _mm512_sqrt_pd(x);
  }
#endif
};

// a.unaryExpr(ExactSqrtOp()) for any float or double array expression.
template <class Derived>
auto exact_sqrt(const Eigen::ArrayBase<Derived>& a) {
  return a.unaryExpr(ExactSqrtOp());
}

}  // namespace divbench

namespace Eigen::internal {
// Vectorised on x86 (every packet size Eigen may choose there has an overload above); elsewhere
// element by element, which is still exact.
template <>
struct functor_traits<divbench::ExactSqrtOp> {
  enum {
    Cost = 5 * NumTraits<float>::MulCost,
#if defined(EIGEN_VECTORIZE_SSE2)
    PacketAccess = true
#else
    PacketAccess = false
#endif
  };
};
}  // namespace Eigen::internal
