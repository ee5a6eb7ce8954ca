// Writes, as JSON, a network built from a spec with its weights, buffers and inputs, and divbench's
// second-order results on them, for bench/torch_networks.py --check to recompute with PyTorch's
// autograd (an independent implementation of the same maths):
//  - the gradient penalty P = Σ_i (‖∇ₓ_i Σ D‖ − 1)² (its parameter and input gradients);
//  - the Hessian-vector product of L = Σ w ⊙ y + ½ Σ q ⊙ y² along random (ẋ, θ̇).
//   divbench_bench_second_order SPEC IN OUT BATCH SEED train|eval OUT.json
#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/rng.hpp"
#include "models/network_registry.hpp"

using namespace divbench;

namespace {

std::string numbers(const float* v, Index n) {
  std::vector<double> d(v, v + n);
  return fmt::format("[{}]", fmt::join(d, ","));
}
std::string numbers(const Matrix& m) { return numbers(m.data(), m.size()); }

Matrix random_matrix(Index rows, Index cols, Rng& rng) {
  Matrix m(rows, cols);
  rng.fill_normal(m.data(), m.size());
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr, "usage: %s SPEC IN OUT BATCH SEED train|eval OUT.json\n", argv[0]);
    return 2;
  }
  const std::string spec = argv[1];
  const Index in = std::stol(argv[2]), out = std::stol(argv[3]), batch = std::stol(argv[4]);
  const auto seed = static_cast<std::uint64_t>(std::stoull(argv[5]));
  const bool eval = std::string(argv[6]) == "eval";
  std::string resolved;
  auto net = network_registry().make(spec, &resolved, NetworkShape{in, out, "", "relu", 0.2, "identity"});
  Rng rng(seed, "second-order");
  net->initialise(rng);
  // A few training forwards: running statistics and power-iteration vectors away from their start.
  for (int i = 0; i < 3; ++i) net->forward(view(random_matrix(batch, in, rng)));
  net->set_phase(eval ? Phase::kEval : Phase::kTrain);
  const Matrix x = random_matrix(batch, in, rng);
  const Matrix w = random_matrix(batch, out, rng);
  const Matrix q = random_matrix(batch, out, rng);
  const Matrix x_dot = random_matrix(batch, in, rng);

  // The forward that every result below is taken at (in training, it advances the state once
  // more: the buffers are written after it).
  const Matrix y = net->forward(view(x));
  std::string layers;
  for (std::size_t l = 0; l < net->size(); ++l) {
    layers += fmt::format("{}\"{}\"", l ? "," : "", net->layer(l).describe());
  }
  std::string params, buffers, theta_dot;
  for (const auto& p : net->parameters()) {
    params += fmt::format("{}\"{}\":{}", params.empty() ? "" : ",", p.name, numbers(p.value, p.size));
  }
  for (const auto& b : net->buffers()) {
    buffers += fmt::format("{}\"{}\":{}", buffers.empty() ? "" : ",", b.name, numbers(b.value, b.size));
  }

  // Gradient penalty (out must be 1 for it to be a penalty of a critic; for out > 1 it is that of
  // Σ over the outputs).
  const Matrix ones = Matrix::Ones(batch, out);
  const Matrix g = net->backward(view(ones), {.parameters = false, .input = true});
  Matrix u(batch, in);
  for (Index r = 0; r < batch; ++r) {
    const float norm = g.row(r).norm();
    u.row(r) = 2.0F * (norm - 1.0F) / norm * g.row(r);
  }
  net->zero_parameter_tangents();
  net->forward_tangent(view(u));
  const Matrix zeros = Matrix::Zero(batch, out);
  const Matrix gp_input = net->backward_tangent(view(zeros), {.parameters = true, .input = true});
  std::string gp_params;
  for (const auto& p : net->parameters()) {
    gp_params += fmt::format("{}\"{}\":{}", gp_params.empty() ? "" : ",", p.name,
                             numbers(p.grad_tangent, p.size));
  }

  // Hessian-vector product.
  const Matrix dy = (w.array() + q.array() * y.array()).matrix();
  net->backward(view(dy), {.parameters = true, .input = true});
  for (const auto& p : net->parameters()) {
    const Matrix t = random_matrix(1, p.size, rng);
    std::copy_n(t.data(), p.size, p.tangent);
    theta_dot += fmt::format("{}\"{}\":{}", theta_dot.empty() ? "" : ",", p.name, numbers(t));
  }
  const Matrix y_dot = net->forward_tangent(view(x_dot));
  const Matrix dy_dot = (q.array() * y_dot.array()).matrix();
  const Matrix hv_input = net->backward_tangent(view(dy_dot), {.parameters = true, .input = true});
  std::string hv_params;
  for (const auto& p : net->parameters()) {
    hv_params += fmt::format("{}\"{}\":{}", hv_params.empty() ? "" : ",", p.name,
                             numbers(p.grad_tangent, p.size));
  }

  std::ofstream f(argv[7]);
  f << fmt::format(
      "{{\"spec\":\"{}\",\"phase\":\"{}\",\"in\":{},\"out\":{},\"batch\":{},\"layers\":[{}],"
      "\"parameters\":{{{}}},\"buffers\":{{{}}},\"x\":{},\"w\":{},\"q\":{},\"x_dot\":{},"
      "\"theta_dot\":{{{}}},\"y\":{},\"gp_parameters\":{{{}}},\"gp_input\":{},"
      "\"hvp_parameters\":{{{}}},\"hvp_input\":{}}}\n",
      resolved, eval ? "eval" : "train", in, out, batch, layers, params, buffers, numbers(x),
      numbers(w), numbers(q), numbers(x_dot), theta_dot, numbers(y), gp_params, numbers(gp_input),
      hv_params, numbers(hv_input));
  return f.good() ? 0 : 1;
}
