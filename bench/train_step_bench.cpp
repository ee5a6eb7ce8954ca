// One training step (one D update + one G update) at the reference configuration and a small one.
// Reference: G z(16) -> 256 ReLU -> 256 ReLU -> 2; D 2 -> 256 ReLU -> 256 ReLU -> 1; batch 256;
// Adam lr 1e-4, betas (0.5, 0.999); gan-ns; ring8. Small: batch 64, hidden 128.
// bench/compare.py runs this next to bench/torch_reference.py and prints the ratios.
#include <benchmark/benchmark.h>

#include "harness/trainer.hpp"

namespace {

void BM_TrainStep(benchmark::State& state) {
  divbench::TrainConfig config;
  config.batch_size = state.range(0);
  config.g_width = state.range(1);
  config.d_width = state.range(1);
  divbench::Trainer trainer(config);
  for (int i = 0; i < 5; ++i) trainer.step();  // warm-up: buffers reach their final size
  for (auto _ : state) {
    benchmark::DoNotOptimize(trainer.step());
  }
}

}  // namespace

BENCHMARK(BM_TrainStep)
    ->ArgNames({"batch", "hidden"})
    ->Args({256, 256})
    ->Args({64, 128})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

BENCHMARK_MAIN();
