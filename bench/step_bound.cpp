// The lower bound of one training step (issue #8): the FLOPs of every matrix product in the step,
// each over the best single-thread rate this machine reaches on that product's shape, measured
// here and now with both kernels divbench has (Eigen's and OpenBLAS's, when loaded).
//   divbench_bench_step_bound BATCH HIDDEN    the reference step at these sizes
//   divbench_bench_step_bound STEP            a step of bench/bench_steps.hpp (r1, unrolled, ...)
// prints one JSON object: flops per step (2 m n k summed over the products), the bound in ms, and
// per shape its count per step and both kernels' GFLOP/s. Everything outside the products (bias,
// activations, losses, Adam) counts as zero time, so the bound is below any real step.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "bench/bench_steps.hpp"
#include "common/gemm.hpp"
#include "harness/trainer.hpp"

namespace {

using divbench::GemmKernel;
using divbench::GemmShape;
using divbench::Op;
using Key = std::tuple<Eigen::Index, Eigen::Index, Eigen::Index, Op, Op>;

void count_shape(const GemmShape& s, void* context) {
  auto& counts = *static_cast<std::map<Key, int>*>(context);
  ++counts[{s.m, s.n, s.k, s.op_a, s.op_b}];
}

// Best seconds per product of this shape with this kernel: the fastest of 7 batches of calls,
// each batch at least 20 ms, on fixed random operands.
double best_seconds(const Key& key, GemmKernel kernel) {
  const auto [m, n, k, op_a, op_b] = key;
  const divbench::Matrix a =
      op_a == Op::none ? divbench::Matrix::Random(m, k) : divbench::Matrix::Random(k, m);
  const divbench::Matrix b =
      op_b == Op::none ? divbench::Matrix::Random(k, n) : divbench::Matrix::Random(n, k);
  divbench::Matrix c(m, n);
  double best = 1e300;
  for (int batch = 0; batch < 7; ++batch) {
    long calls = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0.0;
    do {
      divbench::gemm_with(kernel, a, op_a, b, op_b, c);
      ++calls;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < 0.02);
    best = std::min(best, elapsed / static_cast<double>(calls));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    fmt::print(stderr, "usage: divbench_bench_step_bound BATCH HIDDEN | STEP\n");
    return 2;
  }
  divbench::gemm_backend();  // loads OpenBLAS before anything else runs
  divbench::TrainConfig config;
  if (argc == 3) {
    config.batch_size = std::atol(argv[1]);
    config.g_width = std::atol(argv[2]);
    config.d_width = std::atol(argv[2]);
  } else {
    config = divbench::bench::step_config(argv[1]);
  }
  divbench::Trainer trainer(config);
  for (int i = 0; i < 5; ++i) trainer.step();
  std::map<Key, int> counts;
  divbench::set_gemm_observer(count_shape, &counts);
  trainer.step();
  divbench::set_gemm_observer(nullptr, nullptr);

  double flops = 0.0;
  double bound = 0.0;
  std::string shapes;
  for (const auto& [key, count] : counts) {
    const auto [m, n, k, op_a, op_b] = key;
    const double f = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
    const double eigen = best_seconds(key, GemmKernel::kEigen);
    const double openblas =
        divbench::gemm_has_openblas() ? best_seconds(key, GemmKernel::kOpenBlas) : 1e300;
    flops += count * f;
    bound += count * std::min(eigen, openblas);
    shapes += fmt::format(
        "{}{{\"m\": {}, \"n\": {}, \"k\": {}, \"op\": \"{}{}\", \"count\": {}, "
        "\"eigen_gflops\": {:.1f}, \"openblas_gflops\": {:.1f}}}",
        shapes.empty() ? "" : ", ", m, n, k, op_a == Op::none ? 'N' : 'T',
        op_b == Op::none ? 'N' : 'T', count, f / eigen * 1e-9,
        divbench::gemm_has_openblas() ? f / openblas * 1e-9 : 0.0);
  }
  fmt::print("{{\"flops\": {:.0f}, \"bound_ms\": {:.4f}, \"backend\": \"{}\", \"shapes\": [{}]}}\n",
             flops, bound * 1e3, divbench::gemm_backend(), shapes);
  return 0;
}
