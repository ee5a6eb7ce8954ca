// Regularisers: each penalty's value and parameter gradient against closed forms on a linear
// discriminator (GP of D(x) = w·x + c is λ(‖w‖ − t)² with gradient 2λ(‖w‖ − t) w/‖w‖; R1 is γ/2‖w‖²
// with gradient γw) and against central differences in double of an independent double-precision
// re-implementation on a tanh network, whose input gradient is written out by hand.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "harness/regulariser_registry.hpp"
#include "models/mlp.hpp"
#include "tests/gradient_check.hpp"

using namespace divbench;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Parameter gradients of `d` set to zero (a penalty adds to them).
void zero_grads(Network& d) {
  for (const ParameterRef& p : d.parameters()) std::fill_n(p.grad, p.size, 0.0F);
}

VectorXd grad_of(const ParameterRef& p) {
  return Eigen::Map<const Eigen::VectorXf>(p.grad, p.size).cast<double>();
}

// The penalty's value and its added gradient, from a fresh regulariser, at update `update`.
struct Applied {
  double value;
  std::vector<VectorXd> grads;
};

Applied apply(const std::string& spec, Network& d, const Matrix& real, const Matrix& fake,
              long long update, Rng rng) {
  zero_grads(d);
  const auto reg = make_regulariser(spec);
  const double value = reg->add_penalty_gradient(d, {view(real), view(fake), update}, rng);
  Applied out{value, {}};
  for (const ParameterRef& p : d.parameters()) out.grads.push_back(grad_of(p));
  return out;
}

}  // namespace

TEST_CASE("regularisers on a linear discriminator match their closed forms", "[regularisers]") {
  Mlp d({3, 1}, Activation::parse("relu"));  // D(x) = w·x + c
  Rng init(1, "linear");
  d.initialise(init);
  const auto params = d.parameters();
  const VectorXd w = Eigen::Map<const Eigen::VectorXf>(params[0].value, 3).cast<double>();
  const double norm = w.norm();
  Rng rng(2, "batches");
  const Matrix real = testing::random_matrix(8, 3, rng);
  const Matrix fake = testing::random_matrix(8, 3, rng);
  const auto check = [&](const std::string& spec, double value, const VectorXd& grad_w,
                         long long update = 0) {
    INFO(spec);
    const Applied a = apply(spec, d, real, fake, update, Rng(3, "regulariser"));
    CHECK(a.value == Approx(value).epsilon(1e-5).margin(1e-9));
    for (Index i = 0; i < 3; ++i) CHECK(a.grads[0](i) == Approx(grad_w(i)).epsilon(1e-5).margin(1e-7));
    CHECK(a.grads[1](0) == Approx(0.0).margin(1e-7));  // the bias does not change ∇ₓD
  };
  check("gp", 10.0 * (norm - 1.0) * (norm - 1.0), 20.0 * (norm - 1.0) / norm * w);
  check("gp:lambda=2,target=0.5", 2.0 * (norm - 0.5) * (norm - 0.5), 4.0 * (norm - 0.5) / norm * w);
  check("r1", 5.0 * norm * norm, 10.0 * w);
  check("r2:gamma=0.1", 0.05 * norm * norm, 0.1 * w);
  // Lazy: at every 4th update, 4 times the penalty; between them nothing.
  check("r1:gamma=1,every=4", 4.0 * 0.5 * norm * norm, 4.0 * w, 8);
  check("r1:gamma=1,every=4", 0.0, VectorXd::Zero(3), 9);
  const double s = std::sqrt(norm * norm + 1e-4);
  check("dragan", 10.0 * (s - 1.0) * (s - 1.0), 20.0 * (s - 1.0) / s * w);
  check("dragan:perturb=studiogan", 10.0 * (norm - 1.0) * (norm - 1.0),
        20.0 * (norm - 1.0) / norm * w);
  check("none", 0.0, VectorXd::Zero(3));
}

TEST_CASE("regularisers' gradients against finite differences in double on a tanh network",
          "[regularisers][gradient]") {
  // D(x) = w2ᵀ tanh(W1ᵀ x + b1) + b2, W1 (3, 5), so ∇ₓD = W1 (w2 ⊙ (1 − tanh²(W1ᵀx + b1))).
  Mlp d({3, 5, 1}, Activation::parse("tanh"));
  Rng init(4, "tanh");
  d.initialise(init);
  Rng rng(5, "batches");
  const Matrix real = testing::random_matrix(6, 3, rng);
  const Matrix fake = testing::random_matrix(6, 3, rng, 2.0F);
  const auto params = d.parameters();
  testing::Params theta;
  for (const auto& p : params)
    theta.emplace_back(Eigen::Map<const Eigen::VectorXf>(p.value, p.size).cast<double>());

  const auto input_gradient = [](const testing::Params& t, const VectorXd& x) {
    const Eigen::Map<const Eigen::Matrix<double, 3, 5, Eigen::RowMajor>> w1(t[0].data());
    const VectorXd a = (w1.transpose() * x + t[1]).array().tanh();
    return VectorXd(w1 * (t[2].array() * (1.0 - a.array().square())).matrix());
  };
  // The points each penalty is evaluated at, drawn as it draws them, and φ of the norm.
  struct Case {
    std::string spec;
    std::function<MatrixXd(Rng&)> points;
    std::function<double(double)> phi;
  };
  const MatrixXd r = real.cast<double>();
  const MatrixXd f = fake.cast<double>();
  const std::vector<Case> cases = {
      {"gp:lambda=3",
       [&](Rng& g) {
         std::vector<float> eps(6);
         g.fill_uniform(eps.data(), 6, 0.0F, 1.0F);
         MatrixXd x(6, 3);
         for (int i = 0; i < 6; ++i) {
           // As the regulariser computes the interpolates: in float.
           const RowVector xi = real.row(i) + eps[static_cast<std::size_t>(i)] * (fake.row(i) - real.row(i));
           x.row(i) = xi.cast<double>();
         }
         return x;
       },
       [](double n) { return 3.0 * (n - 1.0) * (n - 1.0); }},
      {"r1:gamma=2", [&](Rng&) { return r; }, [](double n) { return n * n; }},
      {"r2:gamma=2", [&](Rng&) { return f; }, [](double n) { return n * n; }},
  };
  for (const Case& c : cases) {
    SECTION(c.spec) {
      const Rng stream(6, "regulariser");
      Rng replay = stream;
      const MatrixXd x = c.points(replay);
      const auto penalty = [&](const testing::Params& t) {
        double total = 0.0;
        for (Index i = 0; i < x.rows(); ++i) total += c.phi(input_gradient(t, x.row(i).transpose()).norm());
        return total / static_cast<double>(x.rows());
      };
      const Applied a = apply(c.spec, d, real, fake, 0, stream);
      CHECK(a.value == Approx(penalty(theta)).epsilon(1e-5));
      const double h = 1e-6;
      for (std::size_t k = 0; k < theta.size(); ++k) {
        for (Index i = 0; i < theta[k].size(); ++i) {
          testing::Params plus = theta, minus = theta;
          plus[k](i) += h;
          minus[k](i) -= h;
          const double fd = (penalty(plus) - penalty(minus)) / (2 * h);
          INFO(fmt::format("{} parameter {} [{}]: fd {} analytic {}", c.spec, params[k].name, i, fd,
                           a.grads[k](i)));
          CHECK(testing::close(fd, a.grads[k](i)));
        }
      }
    }
  }
}

TEST_CASE("weight clipping clips after the update, and bad regulariser specs name the key",
          "[regularisers]") {
  Mlp d({2, 4, 1}, Activation::parse("relu"));
  Rng init(7, "clip");
  d.initialise(init);
  const auto reg = make_regulariser("clip:c=0.05");
  reg->after_update(d.parameters());
  for (const ParameterRef& p : d.parameters()) {
    for (Index i = 0; i < p.size; ++i) CHECK(std::abs(p.value[i]) <= 0.05F);
  }
  CHECK_THROWS_WITH(make_regulariser("gp:lambda=-1"), Catch::Contains("lambda must be > 0"));
  CHECK_THROWS_WITH(make_regulariser("r1:every=0"), Catch::Contains("every must be an integer >= 1"));
  CHECK_THROWS_WITH(make_regulariser("dragan:perturb=other"),
                    Catch::Contains("perturb must be compare-gan or studiogan"));
  CHECK_THROWS_WITH(make_regulariser("gpp"), Catch::Contains("did you mean 'gp'") &&
                                                 Catch::Contains("r1, r2, dragan, clip"));
  std::string resolved;
  make_regulariser("gp", &resolved);
  CHECK(resolved == "gp:lambda=10,target=1");
}
