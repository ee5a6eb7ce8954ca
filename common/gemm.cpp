#include "common/gemm.hpp"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <stdexcept>

#include <fmt/format.h>

namespace divbench {
namespace {

// The CBLAS and OpenBLAS entry points used, declared here so that building needs no BLAS headers.
enum CblasOrder { kCblasRowMajor = 101 };
enum CblasTranspose { kCblasNoTrans = 111, kCblasTrans = 112 };
using SgemmFn = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha,
                         const float* a, int lda, const float* b, int ldb, float beta, float* c,
                         int ldc);
using SetThreadsFn = void (*)(int);
using NameFn = char* (*)();

constexpr double kMinOpenBlasWork = 1 << 20;  // multiply-adds: 256 x 256 x 16 and above

struct Backend {
  SgemmFn sgemm = nullptr;  // nullptr: Eigen
  std::string name;
};

bool has_avx512_for_skylakex() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl");
#else
  return false;
#endif
}

Backend eigen_backend(const std::string& why) {
  return {nullptr, fmt::format("Eigen {}.{}.{} ({})", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
                               EIGEN_MINOR_VERSION, why)};
}

void pin_eigen_cache_sizes() {
  Eigen::setCpuCacheSizes(kEigenCacheSizes.l1, kEigenCacheSizes.l2, kEigenCacheSizes.l3);
}

// At load time, before any Eigen product can run: set on the first gemm() instead, a product made
// before it (Eigen's path inside a layer, a test) would be blocked for this CPU's caches.
[[maybe_unused]] const bool kEigenCacheSizesPinned = (pin_eigen_cache_sizes(), true);

Backend load_backend() {
  const char* wanted = std::getenv("DIVBENCH_GEMM");
  if (wanted != nullptr && std::strcmp(wanted, "eigen") == 0)
    return eigen_backend("DIVBENCH_GEMM=eigen");
  // Read by OpenBLAS when it is loaded, hence before dlopen. A kernel set in the environment is
  // kept: OPENBLAS_CORETYPE=Haswell runs on every x86-64-v3 machine, Intel and AMD, so a pinned
  // build computes the same numbers on both (published/README.md).
  if (has_avx512_for_skylakex() && std::getenv("OPENBLAS_CORETYPE") == nullptr)
    setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
  setenv("OPENBLAS_NUM_THREADS", "1", 1);
  void* lib = nullptr;
  for (const char* name : {"libopenblas.so.0", "libopenblas.so"}) {
    lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (lib != nullptr) break;
  }
  if (lib == nullptr) return eigen_backend("OpenBLAS not found");
  const auto sgemm = reinterpret_cast<SgemmFn>(dlsym(lib, "cblas_sgemm"));
  const auto set_threads = reinterpret_cast<SetThreadsFn>(dlsym(lib, "openblas_set_num_threads"));
  const auto corename = reinterpret_cast<NameFn>(dlsym(lib, "openblas_get_corename"));
  const auto config = reinterpret_cast<NameFn>(dlsym(lib, "openblas_get_config"));
  if (sgemm == nullptr || set_threads == nullptr || corename == nullptr || config == nullptr)
    return eigen_backend("libopenblas lacks cblas_sgemm or openblas_*");
  set_threads(1);
  // openblas_get_config(): "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"
  std::string version = config();
  version = version.substr(0, version.find(' ', std::strlen("OpenBLAS ")));
  return {sgemm, fmt::format("{} ({} kernels, 1 thread)", version, corename())};
}

const Backend& backend() {
  static const Backend b = load_backend();
  return b;
}

GemmObserver observer = nullptr;  // set only by benchmarks
void* observer_context = nullptr;

}  // namespace

void set_gemm_observer(GemmObserver f, void* context) {
  observer = f;
  observer_context = context;
}

bool gemm_has_openblas() { return backend().sgemm != nullptr; }

const std::string& gemm_backend() { return backend().name; }

void gemm(const Eigen::Ref<const Matrix>& a, Op op_a, const Eigen::Ref<const Matrix>& b, Op op_b,
          Eigen::Ref<Matrix> c, bool add) {
  gemm_with(GemmKernel::kAuto, a, op_a, b, op_b, c, add);
}

void gemm_with(GemmKernel kernel, const Eigen::Ref<const Matrix>& a, Op op_a,
               const Eigen::Ref<const Matrix>& b, Op op_b, Eigen::Ref<Matrix> c, bool add) {
  const Index m = c.rows();
  const Index n = c.cols();
  const Index k = op_a == Op::none ? a.cols() : a.rows();
  eigen_assert((op_a == Op::none ? a.rows() : a.cols()) == m);
  eigen_assert((op_b == Op::none ? b.rows() : b.cols()) == k);
  eigen_assert((op_b == Op::none ? b.cols() : b.rows()) == n);
  if (observer != nullptr) observer({m, n, k, op_a, op_b}, observer_context);
  const Backend& be = backend();
  if (kernel == GemmKernel::kOpenBlas && be.sgemm == nullptr)
    throw std::runtime_error("gemm: OpenBLAS is not loaded (" + be.name + ")");
  // Small products (a layer to or from 1, 2 or 16 units) stay with Eigen: they cost little, and
  // OpenBLAS's small-matrix kernels (used up to m n k = 10^6) allocate a buffer on every call,
  // which a training step must not do after warm-up (tests/test_no_allocation.cpp).
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const bool use_openblas =
      kernel == GemmKernel::kOpenBlas ||
      (kernel == GemmKernel::kAuto && be.sgemm != nullptr && work >= kMinOpenBlasWork);
  if (use_openblas) {
    // Row-major, so the leading dimension of each operand is its stored column count.
    be.sgemm(kCblasRowMajor, op_a == Op::none ? kCblasNoTrans : kCblasTrans,
             op_b == Op::none ? kCblasNoTrans : kCblasTrans, static_cast<int>(m),
             static_cast<int>(n), static_cast<int>(k), 1.0f, a.data(),
             static_cast<int>(a.outerStride()), b.data(), static_cast<int>(b.outerStride()), add ? 1.0f : 0.0f,
             c.data(), static_cast<int>(c.outerStride()));
    return;
  }
  if (add) {
    if (op_a == Op::none && op_b == Op::none) c.noalias() += a * b;
    if (op_a == Op::none && op_b == Op::transpose) c.noalias() += a * b.transpose();
    if (op_a == Op::transpose && op_b == Op::none) c.noalias() += a.transpose() * b;
    if (op_a == Op::transpose && op_b == Op::transpose) c.noalias() += a.transpose() * b.transpose();
    return;
  }
  if (op_a == Op::none && op_b == Op::none) c.noalias() = a * b;
  if (op_a == Op::none && op_b == Op::transpose) c.noalias() = a * b.transpose();
  if (op_a == Op::transpose && op_b == Op::none) c.noalias() = a.transpose() * b;
  if (op_a == Op::transpose && op_b == Op::transpose) c.noalias() = a.transpose() * b.transpose();
}

}  // namespace divbench
