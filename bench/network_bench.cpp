// Steps of the networks of issue #19 and the training methods of issue #20, timed by Google
// Benchmark; bench/compare.py runs each next to its PyTorch twin in bench/torch_networks.py and
// prints the ratio. The trainer steps (pacgan, pacgan2, wgan-gp, r1, unrolled) are configured in
// bench/bench_steps.hpp, which bench/step_bound.cpp bounds. Besides them:
//  gp step       the parameter gradient of a gradient penalty mean_i (‖∇ₓD(x_i)‖ − 1)² at 256
//                points, D the reference 2 -> 256 -> 256 -> 1 ReLU: forward, input gradient, then
//                the forward-over-reverse pass (models/network.hpp).
#include <benchmark/benchmark.h>

#include "bench/bench_steps.hpp"
#include "harness/trainer.hpp"
#include "models/mlp.hpp"

namespace {

void BM_GradientPenalty(benchmark::State& state) {
  using namespace divbench;
  const Index batch = 256;
  Mlp d({2, 256, 256, 1}, Activation::parse("relu"));
  Rng rng(0, "bench");
  d.initialise(rng);
  Matrix x(batch, 2);
  rng.fill_normal(x.data(), x.size());
  const Matrix ones = Matrix::Ones(batch, 1);
  const Matrix zeros = Matrix::Zero(batch, 1);
  Matrix u(batch, 2);
  d.zero_parameter_tangents();
  const float* first_grad_tangent = d.parameters().front().grad_tangent;
  for (auto _ : state) {
    d.forward(view(x));
    const ConstMatrixView g = d.backward(view(ones), {.parameters = false, .input = true});
    // u = d/dg of mean_i (‖g_i‖ − 1)²
    for (Index r = 0; r < batch; ++r) {
      const float norm = g.row(r).norm();
      u.row(r) = (2.0F / static_cast<float>(batch)) * (norm - 1.0F) / norm * g.row(r);
    }
    d.forward_tangent(view(u));
    d.backward_tangent(view(zeros), {.parameters = true, .input = false});
    benchmark::DoNotOptimize(first_grad_tangent[0]);
  }
}

void time_steps(benchmark::State& state, const char* name) {
  divbench::Trainer trainer(divbench::bench::step_config(name));
  for (int i = 0; i < 5; ++i) trainer.step();
  for (auto _ : state) benchmark::DoNotOptimize(trainer.step());
}

}  // namespace

BENCHMARK_CAPTURE(time_steps, wgan_gp, "wgan-gp")
    ->Name("wgan_gp_step")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK_CAPTURE(time_steps, r1, "r1")
    ->Name("r1_step")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK_CAPTURE(time_steps, pacgan2, "pacgan2")
    ->Name("pacgan2_step")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK_CAPTURE(time_steps, unrolled, "unrolled")
    ->Name("unrolled_step")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK_CAPTURE(time_steps, pacgan, "pacgan")
    ->Name("pacgan_step")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK(BM_GradientPenalty)->Name("gp_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);

BENCHMARK_MAIN();
