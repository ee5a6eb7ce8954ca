// Backward passes of every layer type and of whole networks against finite differences; PyTorch's
// initialisation bounds; buffer reuse across batch sizes.
#include <cmath>
#include <cstring>
#include <string>

#include <catch2/catch.hpp>

#include "models/affine_gaussian.hpp"
#include "common/gemm.hpp"
#include "models/linear.hpp"
#include "models/mlp.hpp"
#include "tests/gradient_check.hpp"

using namespace divbench;
using divbench::testing::check_model_gradients;
using divbench::testing::Params;
using divbench::testing::random_matrix;

namespace {

// Element-wise activation in double, from its definition.
double activate(const std::string& name, double v, double slope) {
  if (name == "relu") return v > 0 ? v : 0.0;
  if (name == "leaky-relu") return v > 0 ? v : slope * v;
  if (name == "tanh") return std::tanh(v);
  return v;
}

// Independent double-precision MLP forward: y_l = act(y_{l-1} W_l + b_l), W_l row-major (in, out).
divbench::testing::ReferenceForward reference_mlp(const std::vector<Index>& widths,
                                                  const std::string& hidden,
                                                  const std::string& output, double slope) {
  return [=](const Params& p, const Eigen::MatrixXd& x) {
    Eigen::MatrixXd y = x;
    const std::size_t depth = widths.size() - 1;
    for (std::size_t l = 0; l < depth; ++l) {
      const Index in = widths[l];
      const Index out = widths[l + 1];
      Eigen::MatrixXd next(y.rows(), out);
      for (Index r = 0; r < y.rows(); ++r) {
        for (Index j = 0; j < out; ++j) {
          double v = p[2 * l + 1](j);
          for (Index i = 0; i < in; ++i) v += y(r, i) * p[2 * l](i * out + j);
          next(r, j) = activate(l + 1 == depth ? output : hidden, v, slope);
        }
      }
      y = next;
    }
    return y;
  };
}

// Independent affine forward: x_j = mu_j + sum_{k <= j} L_jk z_k (L row-major, lower part only).
Eigen::MatrixXd reference_affine(const Params& p, const Eigen::MatrixXd& z) {
  const Index d = z.cols();
  Eigen::MatrixXd x(z.rows(), d);
  for (Index r = 0; r < z.rows(); ++r) {
    for (Index j = 0; j < d; ++j) {
      double v = p[0](j);
      for (Index k = 0; k <= j; ++k) v += p[1](j * d + k) * z(r, k);
      x(r, j) = v;
    }
  }
  return x;
}

}  // namespace

TEST_CASE("single linear layer (identity output): parameter and input gradients",
          "[models][gradient]") {
  Rng rng(1, "test");
  Mlp layer({3, 4}, Activation{}, Activation{});
  layer.initialise(rng);
  check_model_gradients(layer, random_matrix(5, 3, rng), random_matrix(5, 4, rng),
                        reference_mlp({3, 4}, "identity", "identity", 0.0));
}

TEST_CASE("each activation as the output of a layer: gradients", "[models][gradient]") {
  for (const char* name : {"relu", "leaky-relu", "tanh", "identity"}) {
    SECTION(name) {
      Rng rng(2, name);
      Mlp layer({3, 6}, Activation{}, Activation::parse(name, 0.1F));
      layer.initialise(rng);
      check_model_gradients(layer, random_matrix(7, 3, rng), random_matrix(7, 6, rng),
                            reference_mlp({3, 6}, "identity", name, 0.1F));
    }
  }
}

TEST_CASE("whole MLPs with two hidden layers and every hidden activation", "[models][gradient]") {
  for (const char* name : {"relu", "leaky-relu", "tanh"}) {
    SECTION(name) {
      Rng rng(3, name);
      Mlp mlp({4, 16, 16, 2}, Activation::parse(name, 0.2F), Activation::parse("tanh"));
      mlp.initialise(rng);
      check_model_gradients(mlp, random_matrix(6, 4, rng), random_matrix(6, 2, rng),
                            reference_mlp({4, 16, 16, 2}, name, "tanh", 0.2F));
    }
  }
}

TEST_CASE("discriminator-shaped MLP with a scalar logit output", "[models][gradient]") {
  Rng rng(4, "x");
  Mlp mlp({2, 8, 1}, Activation::parse("relu"));
  mlp.initialise(rng);
  check_model_gradients(mlp, random_matrix(9, 2, rng), random_matrix(9, 1, rng),
                        reference_mlp({2, 8, 1}, "relu", "identity", 0.0));
}

TEST_CASE("affine Gaussian generator: gradients for mu and L and z", "[models][gradient]") {
  Rng rng(5, "affine");
  AffineGaussian g(3);
  g.mu() << 0.5F, -1.0F, 2.0F;
  g.scale() << 1.0F, 0.0F, 0.0F, 0.3F, 0.8F, 0.0F, -0.2F, 0.4F, 1.5F;
  check_model_gradients(g, random_matrix(8, 3, rng), random_matrix(8, 3, rng), reference_affine);
  // The strict upper triangle is not a parameter.
  const auto params = g.parameters();
  const Eigen::Map<const Matrix> dl(params[1].grad, 3, 3);
  CHECK(dl(0, 1) == 0.0F);
  CHECK(dl(0, 2) == 0.0F);
  CHECK(dl(1, 2) == 0.0F);
}

TEST_CASE("affine Gaussian samples have mean mu and covariance L L^T", "[models]") {
  AffineGaussian g(2);
  g.mu() << 1.0F, -2.0F;
  g.scale() << 2.0F, 0.0F, 0.5F, 0.25F;
  Rng rng(6, "z");
  const Matrix z = random_matrix(200000, 2, rng);
  const Matrix x = g.forward(view(z));
  const Eigen::RowVectorXd mean = x.cast<double>().colwise().mean();
  const Eigen::MatrixXd centred = x.cast<double>().rowwise() - mean;
  const Eigen::MatrixXd cov = centred.transpose() * centred / (x.rows() - 1.0);
  const Matrix expected = g.covariance();
  // Standard errors at n = 2e5 are below 0.01 for these scales.
  CHECK(mean(0) == Approx(1.0).margin(0.02));
  CHECK(mean(1) == Approx(-2.0).margin(0.02));
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) CHECK(cov(i, j) == Approx(expected(i, j)).margin(0.03));
  }
}

TEST_CASE("Linear initialisation matches PyTorch's nn.Linear bounds", "[models]") {
  Rng rng(7, "init");
  Linear layer(256, 64);
  layer.initialise(rng, Init{});
  const float bound = 1.0F / 16.0F;  // 1/sqrt(fan_in)
  CHECK(layer.weight().maxCoeff() <= bound);
  CHECK(layer.weight().minCoeff() >= -bound);
  CHECK(layer.bias().cwiseAbs().maxCoeff() <= bound);
  // U(-b, b) has variance b^2/3.
  const double var = layer.weight().cast<double>().array().square().mean();
  CHECK(var == Approx(bound * bound / 3.0).epsilon(0.03));
}

TEST_CASE("MLP gives the same outputs for a batch whatever batch sizes came before", "[models]") {
  Rng rng(8, "b");
  Mlp mlp({2, 8, 8, 1}, Activation::parse("relu"));
  mlp.initialise(rng);
  const Matrix x = random_matrix(10, 2, rng);
  const Matrix first = mlp.forward(view(x));
  const Matrix big = random_matrix(50, 2, rng);
  mlp.forward(view(big));
  const Matrix again = mlp.forward(view(x));
  CHECK(first == again);
  CHECK_THROWS_WITH(mlp.forward(view(random_matrix(3, 5, rng))),
                    Catch::Contains("5 columns, expected 2"));
}

TEST_CASE(
    "gemm: every transpose combination matches a double-precision product, bitwise repeatable",
    "[models][gemm]") {
  INFO("back end: " << gemm_backend());
  // Sizes below and above the threshold at which OpenBLAS takes over from Eigen.
  struct Shape {
    Index m, n, k;
  };
  for (const Shape s :
       {Shape{7, 5, 3}, Shape{256, 2, 256}, Shape{256, 256, 256}, Shape{100, 300, 64}}) {
    for (const Op op_a : {Op::none, Op::transpose}) {
      for (const Op op_b : {Op::none, Op::transpose}) {
        INFO(s.m << "x" << s.n << "x" << s.k << " op_a " << int(op_a) << " op_b " << int(op_b));
        const Matrix a =
            op_a == Op::none ? Matrix(Matrix::Random(s.m, s.k)) : Matrix(Matrix::Random(s.k, s.m));
        const Matrix b =
            op_b == Op::none ? Matrix(Matrix::Random(s.k, s.n)) : Matrix(Matrix::Random(s.n, s.k));
        Matrix c(s.m, s.n), again(s.m, s.n);
        gemm(a, op_a, b, op_b, c);
        gemm(a, op_a, b, op_b, again);
        const Eigen::MatrixXd da = a.cast<double>(), db = b.cast<double>();
        const Eigen::MatrixXd exact = (op_a == Op::none ? da : Eigen::MatrixXd(da.transpose())) *
                                      (op_b == Op::none ? db : Eigen::MatrixXd(db.transpose()));
        // float rounding of k products of numbers in [-1, 1]: well within 1e-5 k.
        CHECK((c.cast<double>() - exact).cwiseAbs().maxCoeff() < 1e-5 * static_cast<double>(s.k));
        CHECK(std::memcmp(c.data(), again.data(), sizeof(float) * c.size()) == 0);
        // Each kernel forced (what bench/step_bound.cpp times), and the shape observer.
        std::vector<GemmShape> seen;
        set_gemm_observer(
            [](const GemmShape& shape, void* context) {
              static_cast<std::vector<GemmShape>*>(context)->push_back(shape);
            },
            &seen);
        for (const GemmKernel kernel : {GemmKernel::kEigen, GemmKernel::kOpenBlas}) {
          if (kernel == GemmKernel::kOpenBlas && !gemm_has_openblas()) {
            CHECK_THROWS_WITH(gemm_with(kernel, a, op_a, b, op_b, again),
                              Catch::Contains("OpenBLAS is not loaded"));
            continue;
          }
          gemm_with(kernel, a, op_a, b, op_b, again);
          CHECK((again.cast<double>() - exact).cwiseAbs().maxCoeff() <
                1e-5 * static_cast<double>(s.k));
        }
        set_gemm_observer(nullptr, nullptr);
        gemm(a, op_a, b, op_b, again);  // not observed
        REQUIRE(!seen.empty());
        CHECK(seen[0].m == s.m);
        CHECK(seen[0].n == s.n);
        CHECK(seen[0].k == s.k);
        CHECK(seen[0].op_a == op_a);
        CHECK(seen[0].op_b == op_b);
        CHECK(seen.size() == 2);
      }
    }
  }
}
