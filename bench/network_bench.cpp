// Steps of the networks of issue #19, timed by Google Benchmark; bench/compare.py runs each next to
// its PyTorch twin in bench/torch_networks.py and prints the ratio.
//  pacgan step   one D update and one G update at PacGAN's 2-D sizes (Lin et al. 2018): G
//                z(2) -> 4 x [400, no bias, BatchNorm, ReLU] -> 2 (no bias); D 2 -> 3 x maxout(200,
//                5 pieces) -> 1; batch 100; N(0, 0.02) initialisation; Adam 1e-4 (0.8, 0.999);
//                the non-saturating loss; D sees real and generated samples in one batch.
//  gp step       the parameter gradient of a gradient penalty mean_i (‖∇ₓD(x_i)‖ − 1)² at 256
//                points, D the reference 2 -> 256 -> 256 -> 1 ReLU: forward, input gradient, then
//                the forward-over-reverse pass (models/network.hpp).
#include <benchmark/benchmark.h>

#include "harness/trainer.hpp"
#include "models/mlp.hpp"

namespace {

void BM_PacganStep(benchmark::State& state) {
  divbench::TrainConfig config;
  config.latent_dim = 2;
  config.batch_size = 100;
  config.beta1 = 0.8;
  config.generator = "mlp:widths=400-400-400-400,norm=batch,momentum=0.05,bias=false,init=normal:std=0.02";
  config.discriminator = "maxout:widths=200-200-200,pieces=5,init=normal:std=0.02";
  divbench::Trainer trainer(config);
  for (int i = 0; i < 5; ++i) trainer.step();
  for (auto _ : state) benchmark::DoNotOptimize(trainer.step());
}

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

}  // namespace

BENCHMARK(BM_PacganStep)->Name("pacgan_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_GradientPenalty)->Name("gp_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);

BENCHMARK_MAIN();
