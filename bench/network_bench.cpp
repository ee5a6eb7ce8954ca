// Steps of the networks of issue #19, timed by Google Benchmark; bench/compare.py runs each next to
// its PyTorch twin in bench/torch_networks.py and prints the ratio.
//  pacgan step   one D update and one G update at PacGAN's 2-D sizes (Lin et al. 2018): G
//                z(2) -> 4 x [400, no bias, BatchNorm, ReLU] -> 2 (no bias); D 2 -> 3 x maxout(200,
//                5 pieces) -> 1; batch 100; N(0, 0.02) initialisation; Adam 1e-4 (0.8, 0.999);
//                the non-saturating loss; D sees real and generated samples in one batch.
//  gp step       the parameter gradient of a gradient penalty mean_i (‖∇ₓD(x_i)‖ − 1)² at 256
//                points, D the reference 2 -> 256 -> 256 -> 1 ReLU: forward, input gradient, then
//                the forward-over-reverse pass (models/network.hpp).
// Training methods of issue #20, whole steps of the trainer at the reference sizes (G z(16) ->
// 256 -> 256 -> 2 ReLU, D 2 -> 256 -> 256 -> 1 ReLU, batch 256, Adam 1e-4 (0.5, 0.999)):
//  wgan-gp step  one critic update of the WGAN loss with the gradient penalty (lambda 10, fresh
//                interpolates), then one generator update;
//  r1 step       one D update of the logistic loss with R1 (gamma 10) on the real batch, then G;
//  pacgan2 step  the PacGAN step above with packing 2: D 4 -> 3 x maxout(200, 5) -> 1 sees 100
//                packs of 2 real and of 2 generated samples (200 of each), then G.
//  unrolled step the non-saturating loss with --schedule unrolled:k=5 (Metz et al. 2017, eq. 12):
//                5 Adam updates of D on one batch, G's gradient through all 5 (second-order term
//                included), D keeping the first update, then G's update.
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

divbench::TrainConfig reference_with(const char* objective, const char* regulariser) {
  divbench::TrainConfig config;
  config.objective = objective;
  config.regulariser = regulariser;
  return config;
}

void time_steps(benchmark::State& state, const divbench::TrainConfig& config) {
  divbench::Trainer trainer(config);
  for (int i = 0; i < 5; ++i) trainer.step();
  for (auto _ : state) benchmark::DoNotOptimize(trainer.step());
}

void BM_WganGpStep(benchmark::State& state) {
  time_steps(state, reference_with("wgan:clip=0", "gp"));
}

void BM_R1Step(benchmark::State& state) { time_steps(state, reference_with("gan-ns", "r1")); }

void BM_Pacgan2Step(benchmark::State& state) {
  divbench::TrainConfig config;
  config.latent_dim = 2;
  config.batch_size = 100;
  config.beta1 = 0.8;
  config.pack = 2;
  config.generator = "mlp:widths=400-400-400-400,norm=batch,momentum=0.05,bias=false,init=normal:std=0.02";
  config.discriminator = "maxout:widths=200-200-200,pieces=5,init=normal:std=0.02";
  time_steps(state, config);
}

void BM_UnrolledStep(benchmark::State& state) {
  divbench::TrainConfig config = reference_with("gan-ns", "none");
  config.schedule = "unrolled:k=5";
  time_steps(state, config);
}

}  // namespace

BENCHMARK(BM_WganGpStep)->Name("wgan_gp_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_R1Step)->Name("r1_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Pacgan2Step)->Name("pacgan2_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_UnrolledStep)->Name("unrolled_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_PacganStep)->Name("pacgan_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_GradientPenalty)->Name("gp_step")->Unit(benchmark::kMillisecond)->MinTime(2.0);

BENCHMARK_MAIN();
