#pragma once
// Matrix products of the networks, C = op(A) op(B) for row-major float matrices, through the
// fastest single-threaded kernel this machine has.
//
// Nearly all of a training step is products of 256-wide layers (issue #8: 97.7 % of the FLOPs).
// Eigen 3.4's own product reaches about 43 % of this CPU's fp32 peak; OpenBLAS's AVX-512 kernels
// reach about 90 %, but Debian's OpenBLAS 0.3.21 does not recognise newer CPUs (Zen 4/5) and falls
// back to AVX2 kernels unless OPENBLAS_CORETYPE says otherwise, an environment variable it reads
// when it is loaded. So OpenBLAS is loaded here at run time (dlopen), after the kernel choice has
// been made from the CPU's own feature flags: SkylakeX kernels on any CPU with AVX-512 F, CD, BW,
// DQ and VL, OpenBLAS's own choice otherwise; a kernel named in OPENBLAS_CORETYPE is kept (the
// published experiments' recipe sets Haswell, which every x86-64-v3 CPU runs). It runs on one
// thread (OPENBLAS_NUM_THREADS=1 and openblas_set_num_threads(1)): a BLAS that splits a product
// across threads sums in an order that depends on the split. With one thread and a fixed kernel,
// products are bitwise reproducible on a given machine and build.
//
// Without OpenBLAS (libopenblas0 not installed), or with DIVBENCH_GEMM=eigen, Eigen's product is
// used. The choice is part of a run's provenance (gemm_backend()).
//
// Eigen's products (the small ones here, and any elsewhere) are blocked for fixed cache sizes,
// not for the CPU's: see kEigenCacheSizes.
#include <cstddef>
#include <string>

#include "common/tensor.hpp"

namespace divbench {

enum class Op { none, transpose };

// The cache sizes Eigen computes its product blocking for (Eigen::setCpuCacheSizes, set when this
// library is loaded). Eigen reads them from CPUID by default, and the blocking decides the order of
// the sums over k (kc, from L1) and which rows go through its remainder kernels (mc, from L1 and
// L2): computeProductBlockingSizes in Eigen 3.4's GeneralBlockPanelKernel.h. With the CPU's own
// sizes the same binary computed the same run to different numbers on a CPU with 48 KiB L1 and
// 2 MiB L2 and one with 32 KiB and 512 KiB (published/README.md, 2026-12-07); fixed sizes make the
// products a function of the binary alone. These are the smaller machine's (AMD Zen 3): products
// on Eigen's path are small (under 2^20 multiply-adds), so the blocking costs little either way.
struct EigenCacheSizes {
  std::ptrdiff_t l1, l2, l3;
};
inline constexpr EigenCacheSizes kEigenCacheSizes{32 * 1024, 512 * 1024, 32 * 1024 * 1024};

// c = op_a(a) * op_b(b), or c += op_a(a) * op_b(b) when `add`; c must already have the product's
// shape.
void gemm(const Eigen::Ref<const Matrix>& a, Op op_a, const Eigen::Ref<const Matrix>& b, Op op_b,
          Eigen::Ref<Matrix> c, bool add = false);

// For benchmarks: which kernel a product must use. kAuto is gemm()'s own choice (OpenBLAS from
// 2^20 multiply-adds when loaded, else Eigen); kOpenBlas throws std::runtime_error when OpenBLAS
// is not loaded.
enum class GemmKernel { kAuto, kEigen, kOpenBlas };
void gemm_with(GemmKernel kernel, const Eigen::Ref<const Matrix>& a, Op op_a,
               const Eigen::Ref<const Matrix>& b, Op op_b, Eigen::Ref<Matrix> c, bool add = false);
bool gemm_has_openblas();

// For benchmarks: the shape of every product gemm() computes is passed to the observer while one
// is set (nullptr to stop). bench/step_bound.cpp counts a training step's products this way.
struct GemmShape {
  Index m, n, k;
  Op op_a, op_b;
};
using GemmObserver = void (*)(const GemmShape& shape, void* context);
void set_gemm_observer(GemmObserver observer, void* context);

// "OpenBLAS 0.3.21 (SKYLAKEX kernels, 1 thread)" or "Eigen 3.4.0 (...)"; loads the back end on
// first use. Call it early in main(): it may set environment variables, which is safe only before
// other threads exist.
const std::string& gemm_backend();

}  // namespace divbench
