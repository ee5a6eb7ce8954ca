// The layers of models/ (Linear without bias, every activation, Maxout, BatchNorm in both phases,
// LayerNorm, spectral norm) in small networks: backward against central differences of an
// independent double-precision forward (tests/gradient_check.hpp), and both second-order passes
// against nested central differences of the same reference:
//  - Hessian-vector products H (ẋ, θ̇) of L = Σ w ⊙ y + ½ Σ q ⊙ y², with respect to the inputs
//    and the parameters together, for one network and for D after G;
//  - the parameter and input gradients of a gradient penalty Σ_i (‖∇ₓ_i Σ D‖ − 1)².
// Inner differences h1 = 1e-5, outer h2 = 1e-4, both in double: their error (~1e-6) is well under
// the tolerance 1e-4 + 1e-3 |analytic| that the float analytic values are held to.
#include <cmath>
#include <functional>
#include <memory>
#include <string>

#include <Eigen/SVD>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/exact_sqrt.hpp"
#include "models/activation_layer.hpp"
#include "models/batch_norm.hpp"
#include "models/layer_norm.hpp"
#include "models/linear.hpp"
#include "models/maxout.hpp"
#include "models/network.hpp"
#include "models/network_registry.hpp"
#include "models/spectral_norm.hpp"
#include "tests/gradient_check.hpp"

using namespace divbench;
using divbench::testing::close;
using divbench::testing::Params;
using divbench::testing::random_matrix;
using Eigen::MatrixXd;

namespace {

// One reference operation: reads its parameters from p[k], p[k + 1], ... and advances k.
using RefOp = std::function<MatrixXd(const Params& p, std::size_t& k, const MatrixXd& x)>;

divbench::testing::ReferenceForward chain(std::vector<RefOp> ops) {
  return [ops](const Params& p, const MatrixXd& x) {
    std::size_t k = 0;
    MatrixXd y = x;
    for (const RefOp& op : ops) y = op(p, k, y);
    return y;
  };
}

MatrixXd affine(const MatrixXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd* b,
                double scale) {
  const Index in = x.cols();
  const Index out = w.size() / in;
  MatrixXd y(x.rows(), out);
  for (Index r = 0; r < x.rows(); ++r) {
    for (Index j = 0; j < out; ++j) {
      double v = b != nullptr ? (*b)(j) : 0.0;
      for (Index i = 0; i < in; ++i) v += x(r, i) * w(i * out + j) / scale;
      y(r, j) = v;
    }
  }
  return y;
}

RefOp ref_linear(bool bias) {
  return [bias](const Params& p, std::size_t& k, const MatrixXd& x) {
    const Eigen::VectorXd& w = p[k++];
    const Eigen::VectorXd* b = bias ? &p[k++] : nullptr;
    return affine(x, w, b, 1.0);
  };
}

// sigma = vᵀ W u with the layer's u and v as they are when the reference runs (after the float
// forward's power iteration).
RefOp ref_spectral_linear(bool bias, const SpectralNormLinear* layer) {
  return [bias, layer](const Params& p, std::size_t& k, const MatrixXd& x) {
    const Eigen::VectorXd& w = p[k++];
    const Eigen::VectorXd* b = bias ? &p[k++] : nullptr;
    const Index in = x.cols();
    const Index out = w.size() / in;
    double sigma = 0.0;
    for (Index i = 0; i < in; ++i) {
      for (Index j = 0; j < out; ++j)
        sigma += static_cast<double>(layer->v()(0, i)) * w(i * out + j) * layer->u()(0, j);
    }
    return affine(x, w, b, sigma);
  };
}

RefOp ref_activation(const std::string& name, double slope = 0.2, double alpha = 1.0) {
  return [=](const Params&, std::size_t&, const MatrixXd& x) {
    return MatrixXd(x.unaryExpr([&](double v) {
      if (name == "relu") return v > 0 ? v : 0.0;
      if (name == "leaky-relu") return v > 0 ? v : slope * v;
      if (name == "tanh") return std::tanh(v);
      if (name == "sigmoid") return 1.0 / (1.0 + std::exp(-v));
      if (name == "elu") return v > 0 ? v : alpha * (std::exp(v) - 1.0);
      return v;
    }));
  };
}

// Standardises each column (axis 0) or each row (axis 1), then gamma, beta per column.
MatrixXd normalise(const MatrixXd& x, int axis, double eps, const Eigen::VectorXd& gamma,
                   const Eigen::VectorXd& beta) {
  MatrixXd y = axis == 0 ? x : MatrixXd(x.transpose());
  for (Index c = 0; c < y.cols(); ++c) {
    const double mean = y.col(c).mean();
    const double var = (y.col(c).array() - mean).square().mean();
    y.col(c) = (y.col(c).array() - mean) / std::sqrt(var + eps);
  }
  if (axis == 1) y.transposeInPlace();
  for (Index c = 0; c < y.cols(); ++c) y.col(c) = y.col(c) * gamma(c) + MatrixXd::Constant(y.rows(), 1, beta(c));
  return y;
}

RefOp ref_batch_norm_train(double eps) {
  return [eps](const Params& p, std::size_t& k, const MatrixXd& x) {
    const auto& gamma = p[k++];
    const auto& beta = p[k++];
    return normalise(x, 0, eps, gamma, beta);
  };
}

RefOp ref_batch_norm_eval(const BatchNorm* layer, double eps) {
  return [layer, eps](const Params& p, std::size_t& k, const MatrixXd& x) {
    const auto& gamma = p[k++];
    const auto& beta = p[k++];
    MatrixXd y(x.rows(), x.cols());
    for (Index c = 0; c < x.cols(); ++c) {
      const double m = layer->running_mean()(0, c);
      const double v = layer->running_var()(0, c);
      y.col(c) = ((x.col(c).array() - m) / std::sqrt(v + eps) * gamma(c) + beta(c)).matrix();
    }
    return y;
  };
}

RefOp ref_layer_norm(double eps) {
  return [eps](const Params& p, std::size_t& k, const MatrixXd& x) {
    const auto& gamma = p[k++];
    const auto& beta = p[k++];
    return normalise(x, 1, eps, gamma, beta);
  };
}

RefOp ref_maxout(Index pieces) {
  return [pieces](const Params&, std::size_t&, const MatrixXd& x) {
    MatrixXd y(x.rows(), x.cols() / pieces);
    for (Index r = 0; r < x.rows(); ++r) {
      for (Index i = 0; i < y.cols(); ++i) y(r, i) = x.row(r).segment(i * pieces, pieces).maxCoeff();
    }
    return y;
  };
}

Params params_of(Network& net) {
  Params out;
  for (const auto& p : net.parameters())
    out.emplace_back(Eigen::Map<const Eigen::VectorXf>(p.value, p.size).cast<double>());
  return out;
}

// A test network and its reference.
struct Case {
  std::string name;
  std::unique_ptr<Network> net;
  divbench::testing::ReferenceForward reference;
};

template <class L, class... A>
Network::Named named(std::vector<Network::Named>& layers, A&&... args) {
  return {fmt::format("l{}", layers.size()), std::make_unique<L>(std::forward<A>(args)...)};
}

std::vector<Case> cases(Index in, Index out) {
  std::vector<Case> all;
  {
    std::vector<Network::Named> l;
    l.push_back(named<Linear>(l, in, 5, true));
    l.push_back(named<ActivationLayer>(l, 5, Activation::parse("tanh")));
    l.push_back(named<Linear>(l, 5, 4, false));
    l.push_back(named<ActivationLayer>(l, 4, Activation::parse("sigmoid")));
    l.push_back(named<Linear>(l, 4, out, true));
    all.push_back({"linear (with and without bias), tanh, sigmoid",
                   std::make_unique<Network>(std::move(l), Init{}, "t"),
                   chain({ref_linear(true), ref_activation("tanh"), ref_linear(false),
                          ref_activation("sigmoid"), ref_linear(true)})});
  }
  {
    std::vector<Network::Named> l;
    l.push_back(named<Linear>(l, in, 6, true));
    l.push_back(named<BatchNorm>(l, 6, 0.1, 1e-5));
    l.push_back(named<ActivationLayer>(l, 6, Activation::parse("elu", 0.2F, 0.7F)));
    l.push_back(named<Linear>(l, 6, out, true));
    all.push_back({"batch-norm (training), elu", std::make_unique<Network>(std::move(l), Init{}, "t"),
                   chain({ref_linear(true), ref_batch_norm_train(1e-5), ref_activation("elu", 0.2, 0.7),
                          ref_linear(true)})});
  }
  {
    std::vector<Network::Named> l;
    l.push_back(named<Linear>(l, in, 6, true));
    l.push_back(named<BatchNorm>(l, 6, 0.3, 1e-3));
    auto* bn = static_cast<const BatchNorm*>(l.back().layer.get());
    l.push_back(named<ActivationLayer>(l, 6, Activation::parse("tanh")));
    l.push_back(named<Linear>(l, 6, out, true));
    all.push_back({"batch-norm (evaluation)", std::make_unique<Network>(std::move(l), Init{}, "t"),
                   chain({ref_linear(true), ref_batch_norm_eval(bn, 1e-3), ref_activation("tanh"),
                          ref_linear(true)})});
  }
  {
    std::vector<Network::Named> l;
    l.push_back(named<Linear>(l, in, 7, true));
    l.push_back(named<LayerNorm>(l, 7, 1e-5));
    l.push_back(named<ActivationLayer>(l, 7, Activation::parse("leaky-relu", 0.1F)));
    l.push_back(named<Linear>(l, 7, 5, true));
    l.push_back(named<ActivationLayer>(l, 5, Activation::parse("tanh")));
    l.push_back(named<Linear>(l, 5, out, true));
    all.push_back({"layer-norm, leaky-relu", std::make_unique<Network>(std::move(l), Init{}, "t"),
                   chain({ref_linear(true), ref_layer_norm(1e-5), ref_activation("leaky-relu", 0.1),
                          ref_linear(true), ref_activation("tanh"), ref_linear(true)})});
  }
  {
    std::vector<Network::Named> l;
    l.push_back(named<SpectralNormLinear>(l, in, 6, true, 2));
    auto* a = static_cast<const SpectralNormLinear*>(l.back().layer.get());
    l.push_back(named<ActivationLayer>(l, 6, Activation::parse("tanh")));
    l.push_back(named<SpectralNormLinear>(l, 6, out, false, 1));
    auto* b = static_cast<const SpectralNormLinear*>(l.back().layer.get());
    all.push_back({"spectral norm", std::make_unique<Network>(std::move(l), Init{}, "t"),
                   chain({ref_spectral_linear(true, a), ref_activation("tanh"),
                          ref_spectral_linear(false, b)})});
  }
  {
    std::vector<Network::Named> l;
    l.push_back(named<Linear>(l, in, 12, true));
    l.push_back(named<Maxout>(l, 4, 3));
    l.push_back(named<ActivationLayer>(l, 4, Activation::parse("tanh")));
    l.push_back(named<Linear>(l, 4, out, true));
    all.push_back({"maxout, tanh", std::make_unique<Network>(std::move(l), Init{}, "t"),
                   chain({ref_linear(true), ref_maxout(3), ref_activation("tanh"),
                          ref_linear(true)})});
  }
  return all;
}

// Prepares a case: random parameters (normal, 0.5, so that every layer is in its curved range)
// and, for the evaluation-phase BatchNorm, nontrivial running statistics from a few training
// forwards.
void prepare(Case& c, Rng& rng, Index in) {
  c.net->initialise(rng);
  for (const auto& p : c.net->parameters()) {
    Matrix noise = random_matrix(1, p.size, rng, 0.5F);
    Eigen::Map<Eigen::VectorXf>(p.value, p.size) += noise.row(0).transpose();
  }
  for (int i = 0; i < 3; ++i) c.net->forward(view(random_matrix(8, in, rng, 2.0F)));
  if (c.name.find("evaluation") != std::string::npos) c.net->set_phase(Phase::kEval);
}

// Central differences (step h) of loss(p, x) with respect to every input, and to every parameter.
using Loss = std::function<double(const Params&, const MatrixXd&)>;

// d/dv of loss at v = *value, by a central difference: the value is restored afterwards.
double central_difference(const Loss& loss, const Params& p, const MatrixXd& x, double* value,
                          double h) {
  const double saved = *value;
  *value = saved + h;
  const double plus = loss(p, x);
  *value = saved - h;
  const double minus = loss(p, x);
  *value = saved;
  return (plus - minus) / (2 * h);
}

MatrixXd fd_input_gradient(const Loss& loss, const Params& p, MatrixXd x, double h) {
  MatrixXd gx = x;
  for (Index i = 0; i < x.size(); ++i) gx.data()[i] = central_difference(loss, p, x, &x.data()[i], h);
  return gx;
}

std::pair<Params, MatrixXd> fd_gradient(const Loss& loss, Params p, const MatrixXd& x, double h) {
  Params gp = p;
  for (std::size_t k = 0; k < p.size(); ++k) {
    for (Index i = 0; i < p[k].size(); ++i) gp[k](i) = central_difference(loss, p, x, &p[k](i), h);
  }
  return {gp, fd_input_gradient(loss, p, x, h)};
}

void check_close(const Params& expected, const std::vector<ParameterRef>& refs, bool tangent) {
  for (std::size_t k = 0; k < refs.size(); ++k) {
    for (Index i = 0; i < refs[k].size; ++i) {
      const double analytic = tangent ? refs[k].grad_tangent[i] : refs[k].grad[i];
      INFO(fmt::format("{}[{}]: finite differences {} vs analytic {}", refs[k].name, i,
                       expected[k](i), analytic));
      CHECK(close(expected[k](i), analytic));
    }
  }
}

void check_close(const MatrixXd& expected, const Matrix& analytic, const char* what) {
  REQUIRE(expected.rows() == analytic.rows());
  REQUIRE(expected.cols() == analytic.cols());
  for (Index r = 0; r < expected.rows(); ++r) {
    for (Index c = 0; c < expected.cols(); ++c) {
      INFO(fmt::format("{}({}, {}): finite differences {} vs analytic {}", what, r, c,
                       expected(r, c), analytic(r, c)));
      CHECK(close(expected(r, c), analytic(r, c)));
    }
  }
}

}  // namespace

TEST_CASE("every layer's backward against finite differences in double", "[models][gradient]") {
  const Index in = 3;
  for (Case& c : cases(in, 2)) {
    SECTION(c.name) {
      Rng rng(11, c.name);
      prepare(c, rng, in);
      divbench::testing::check_model_gradients(*c.net, random_matrix(6, in, rng),
                                               random_matrix(6, 2, rng), c.reference);
    }
  }
}

TEST_CASE("Hessian-vector products over inputs and parameters against finite differences",
          "[models][gradient][second-order]") {
  const Index in = 3;
  const Index batch = 5;
  for (Case& c : cases(in, 2)) {
    SECTION(c.name) {
      Rng rng(12, c.name);
      prepare(c, rng, in);
      const Matrix x = random_matrix(batch, in, rng);
      const Matrix w = random_matrix(batch, 2, rng);
      const Matrix q = random_matrix(batch, 2, rng);
      const Matrix x_dot = random_matrix(batch, in, rng);
      Network& net = *c.net;
      // Analytic: forward, backward of dL/dy = w + q ⊙ y, tangents with ḋy = q ⊙ ẏ.
      const Matrix y = net.forward(view(x));
      const Matrix dy = (w.array() + q.array() * y.array()).matrix();
      net.backward(view(dy), {.parameters = true, .input = true});
      const auto refs = net.parameters();
      Params theta_dot;
      for (const auto& p : refs) {
        const Matrix t = random_matrix(1, p.size, rng);
        std::copy_n(t.data(), p.size, p.tangent);
        theta_dot.emplace_back(t.row(0).transpose().cast<double>());
      }
      const Matrix y_dot = net.forward_tangent(view(x_dot));
      const Matrix dy_dot = (q.array() * y_dot.array()).matrix();
      const Matrix gx_dot = net.backward_tangent(view(dy_dot), {.parameters = true, .input = true});

      // Reference: the directional derivative of the finite-difference gradient.
      const MatrixXd wd = w.cast<double>();
      const MatrixXd qd = q.cast<double>();
      const Loss loss = [&](const Params& p, const MatrixXd& xx) {
        const MatrixXd f = c.reference(p, xx);
        return (wd.array() * f.array()).sum() + 0.5 * (qd.array() * f.array().square()).sum();
      };
      const double h2 = 1e-4;
      Params plus = params_of(net), minus = params_of(net);
      for (std::size_t k = 0; k < plus.size(); ++k) {
        plus[k] += h2 * theta_dot[k];
        minus[k] -= h2 * theta_dot[k];
      }
      const MatrixXd xd = x.cast<double>();
      const MatrixXd xdd = x_dot.cast<double>();
      const auto [gp_plus, gx_plus] = fd_gradient(loss, plus, xd + h2 * xdd, 1e-5);
      const auto [gp_minus, gx_minus] = fd_gradient(loss, minus, xd - h2 * xdd, 1e-5);
      Params hv = gp_plus;
      for (std::size_t k = 0; k < hv.size(); ++k) hv[k] = (gp_plus[k] - gp_minus[k]) / (2 * h2);
      check_close(hv, refs, /*tangent=*/true);
      check_close(MatrixXd((gx_plus - gx_minus) / (2 * h2)), gx_dot, "input");
    }
  }
}

TEST_CASE("gradient penalty: parameter and input gradients of a function of dD/dx",
          "[models][gradient][second-order]") {
  const Index in = 3;
  const Index batch = 4;
  for (Case& c : cases(in, 1)) {
    SECTION(c.name) {
      Rng rng(13, c.name);
      prepare(c, rng, in);
      Network& net = *c.net;
      const Matrix x = random_matrix(batch, in, rng);
      // Analytic: g = ∇ₓ Σ D, u = φ'(g) for φ(g) = (‖g‖ − 1)², then the tangent pass along u.
      net.forward(view(x));
      const Matrix ones = Matrix::Ones(batch, 1);
      const Matrix g = net.backward(view(ones), {.parameters = false, .input = true});
      Matrix u(batch, in);
      for (Index r = 0; r < batch; ++r) {
        const float norm = g.row(r).norm();
        u.row(r) = 2.0F * (norm - 1.0F) * g.row(r) / norm;
      }
      net.zero_parameter_tangents();
      net.forward_tangent(view(u));
      const Matrix zeros = Matrix::Zero(batch, 1);
      const Matrix penalty_dx = net.backward_tangent(view(zeros), {.parameters = true, .input = true});

      // Reference: the penalty from finite-difference input gradients, differentiated again.
      const Loss penalty = [&](const Params& p, const MatrixXd& xx) {
        const Loss sum_d = [&](const Params& pp, const MatrixXd& xxx) {
          return c.reference(pp, xxx).sum();
        };
        const MatrixXd gx = fd_input_gradient(sum_d, p, xx, 1e-5);
        return (exact_sqrt(gx.rowwise().squaredNorm().array()) - 1.0).square().sum();
      };
      const auto [gp, gx] = fd_gradient(penalty, params_of(net), x.cast<double>(), 1e-4);
      check_close(gp, net.parameters(), /*tangent=*/true);
      check_close(gx, penalty_dx, "input");
    }
  }
}

TEST_CASE("Hessian-vector product through D after G, over both networks' parameters",
          "[models][gradient][second-order]") {
  Rng rng(14, "chain");
  auto g_layers = std::vector<Network::Named>{};
  g_layers.push_back(named<Linear>(g_layers, 2, 4, true));
  g_layers.push_back(named<ActivationLayer>(g_layers, 4, Activation::parse("tanh")));
  g_layers.push_back(named<Linear>(g_layers, 4, 3, true));
  Network gen(std::move(g_layers), Init{}, "G");
  auto d_layers = std::vector<Network::Named>{};
  d_layers.push_back(named<Linear>(d_layers, 3, 5, true));
  d_layers.push_back(named<BatchNorm>(d_layers, 5, 0.1, 1e-5));
  d_layers.push_back(named<ActivationLayer>(d_layers, 5, Activation::parse("elu")));
  d_layers.push_back(named<Linear>(d_layers, 5, 1, true));
  Network disc(std::move(d_layers), Init{}, "D");
  gen.initialise(rng);
  disc.initialise(rng);
  const auto g_ref = chain({ref_linear(true), ref_activation("tanh"), ref_linear(true)});
  const auto d_ref = chain({ref_linear(true), ref_batch_norm_train(1e-5), ref_activation("elu"),
                            ref_linear(true)});
  const Index batch = 6;
  const Matrix z = random_matrix(batch, 2, rng);
  const Matrix w = random_matrix(batch, 1, rng);
  const Matrix q = random_matrix(batch, 1, rng);

  // Analytic: L = Σ w ⊙ v + ½ Σ q ⊙ v², v = D(G(z)); tangents along random θ̇_G, θ̇_D.
  const Matrix x = gen.forward(view(z));
  const Matrix v = disc.forward(view(x));
  const Matrix dv = (w.array() + q.array() * v.array()).matrix();
  const Matrix dx = disc.backward(view(dv), {.parameters = true, .input = true});
  gen.backward(view(dx), {.parameters = true, .input = false});
  Params dot;
  for (Network* net : {&gen, &disc}) {
    for (const auto& p : net->parameters()) {
      const Matrix t = random_matrix(1, p.size, rng);
      std::copy_n(t.data(), p.size, p.tangent);
      dot.emplace_back(t.row(0).transpose().cast<double>());
    }
  }
  const Matrix x_dot = gen.forward_tangent({nullptr, 0, 2});
  const Matrix v_dot = disc.forward_tangent(view(x_dot));
  const Matrix dv_dot = (q.array() * v_dot.array()).matrix();
  const Matrix dx_dot = disc.backward_tangent(view(dv_dot), {.parameters = true, .input = true});
  gen.backward_tangent(view(dx_dot), {.parameters = true, .input = false});

  const std::size_t n_g = gen.parameters().size();
  const MatrixXd zd = z.cast<double>(), wd = w.cast<double>(), qd = q.cast<double>();
  const Loss loss = [&](const Params& p, const MatrixXd&) {
    const Params pg(p.begin(), p.begin() + static_cast<long>(n_g));
    const Params pd(p.begin() + static_cast<long>(n_g), p.end());
    const MatrixXd vv = d_ref(pd, g_ref(pg, zd));
    return (wd.array() * vv.array()).sum() + 0.5 * (qd.array() * vv.array().square()).sum();
  };
  Params all = params_of(gen);
  for (auto& p : params_of(disc)) all.push_back(p);
  Params plus = all, minus = all;
  const double h2 = 1e-4;
  for (std::size_t k = 0; k < all.size(); ++k) {
    plus[k] += h2 * dot[k];
    minus[k] -= h2 * dot[k];
  }
  const MatrixXd no_input(0, 0);
  const auto gp_plus = fd_gradient(loss, plus, no_input, 1e-5).first;
  const auto gp_minus = fd_gradient(loss, minus, no_input, 1e-5).first;
  Params hv = gp_plus;
  for (std::size_t k = 0; k < hv.size(); ++k) hv[k] = (gp_plus[k] - gp_minus[k]) / (2 * h2);
  std::vector<ParameterRef> refs = gen.parameters();
  for (const auto& p : disc.parameters()) refs.push_back(p);
  check_close(hv, refs, /*tangent=*/true);
}

TEST_CASE("maxout: the first of tied pieces wins, in forward, backward and tangents",
          "[models]") {
  Maxout layer(2, 3);
  Matrix x(2, 6);
  x << 1, 5, 5, 2, 2, 2,  //
      -1, -3, -1, 0, 4, 4;
  Matrix y(2, 2);
  layer.forward(view(x), MatrixView(y.data(), 2, 2), Phase::kTrain);
  CHECK(y(0, 0) == 5.0F);
  CHECK(y(1, 1) == 4.0F);
  Matrix dy(2, 2);
  dy << 10, 20, 30, 40;
  Matrix dx(2, 6);
  MatrixView dx_view(dx.data(), 2, 6);
  layer.backward(view(x), view(y), view(dy), &dx_view, true);
  Matrix expected(2, 6);
  expected << 0, 10, 0, 20, 0, 0,  //
      30, 0, 0, 0, 40, 0;
  CHECK(dx == expected);
  Matrix x_dot = Matrix::Constant(2, 6, 0.0F);
  x_dot(0, 1) = 7.0F;
  x_dot(0, 2) = 9.0F;  // the tied piece that lost: its tangent does not reach y
  Matrix y_dot(2, 2);
  layer.forward_tangent(view(x), view(y), view(x_dot), MatrixView(y_dot.data(), 2, 2));
  CHECK(y_dot(0, 0) == 7.0F);
}

TEST_CASE("batch-norm: running statistics follow PyTorch's update, evaluation uses them",
          "[models]") {
  BatchNorm bn(2, 0.1, 1e-5);
  Matrix x(4, 2);
  x << 1, 10, 2, 20, 3, 30, 6, 60;
  Matrix y(4, 2);
  bn.forward(view(x), MatrixView(y.data(), 4, 2), Phase::kTrain);
  // mean (3, 30); unbiased variance (14/3, 1400/3): running = 0.9 (0, 1) + 0.1 (batch)
  CHECK(bn.running_mean()(0, 0) == Approx(0.3));
  CHECK(bn.running_mean()(0, 1) == Approx(3.0));
  CHECK(bn.running_var()(0, 0) == Approx(0.9 + 0.1 * 14.0 / 3.0));
  CHECK(bn.running_var()(0, 1) == Approx(0.9 + 0.1 * 1400.0 / 3.0));
  // Training output: each column standardised with the biased variance.
  CHECK(y(0, 0) == Approx((1 - 3) / std::sqrt(3.5 + 1e-5)));
  const Matrix before_mean = bn.running_mean();
  bn.forward(view(x), MatrixView(y.data(), 4, 2), Phase::kEval);
  CHECK(bn.running_mean() == before_mean);  // evaluation changes nothing
  CHECK(y(3, 1) == Approx((60 - 3.0) / std::sqrt(bn.running_var()(0, 1) + 1e-5)));
  Matrix one(1, 2);
  one << 1, 2;
  Matrix y1(1, 2);
  CHECK_THROWS_WITH(bn.forward(view(one), MatrixView(y1.data(), 1, 2), Phase::kTrain),
                    Catch::Contains("at least 2 samples"));
}

TEST_CASE("spectral norm: sigma converges to the largest singular value", "[models]") {
  Rng rng(15, "sn");
  SpectralNormLinear layer(6, 4, true, 1);
  layer.initialise(rng, Init{});
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(layer.weight().cast<double>());
  const Matrix x = random_matrix(3, 6, rng);
  Matrix y(3, 4);
  for (int i = 0; i < 200; ++i) layer.forward(view(x), MatrixView(y.data(), 3, 4), Phase::kTrain);
  CHECK(layer.sigma() == Approx(svd.singularValues()(0)).epsilon(1e-4));
  const Matrix u = layer.u();
  layer.forward(view(x), MatrixView(y.data(), 3, 4), Phase::kEval);
  CHECK(layer.u() == u);  // no power iteration in evaluation
}

TEST_CASE("network specs: mlp and maxout build what they say, bad specs name the key",
          "[models][spec]") {
  const NetworkShape shape{2, 1, "256-256", "relu", 0.2, "identity"};
  std::string resolved;
  auto mlp = network_registry().make("mlp", &resolved, shape);
  CHECK(resolved == "mlp:activation=relu,bias=true,init=pytorch,norm=none,output=identity,"
                    "output-bias=true,spectral=false,widths=256-256");
  CHECK(parameter_count(*mlp) == 2 * 256 + 256 + 256 * 256 + 256 + 256 + 1);
  auto pac = network_registry().make(
      "mlp:widths=400-400-400-400,norm=batch,momentum=0.05,bias=false,init=normal:std=0.02",
      &resolved, NetworkShape{2, 2, "", "relu", 0.2, "identity"});
  // 4 blocks Linear (no bias) + BatchNorm (gamma, beta) + ReLU, then Linear 400 -> 2 (no bias)
  CHECK(parameter_count(*pac) == 2 * 400 + 3 * 400 * 400 + 4 * 2 * 400 + 400 * 2);
  CHECK(pac->buffers().size() == 8);
  auto maxout = network_registry().make("maxout:widths=200-200-200,pieces=5", &resolved, shape);
  CHECK(parameter_count(*maxout) ==
        (2 * 1000 + 1000) + 2 * (200 * 1000 + 1000) + (200 + 1));
  auto sn = network_registry().make("mlp:spectral=true,widths=8", &resolved, shape);
  CHECK(sn->buffers().size() == 4);  // u, v of both layers
  CHECK_THROWS_WITH(network_registry().make("mlpp", nullptr, shape),
                    Catch::Contains("did you mean 'mlp'") && Catch::Contains("maxout"));
  CHECK_THROWS_WITH(network_registry().make("mlp:norm=group", nullptr, shape),
                    Catch::Contains("'norm'") && Catch::Contains("none, batch or layer"));
  CHECK_THROWS_WITH(network_registry().make("mlp:init=uniform", nullptr, shape),
                    Catch::Contains("'init'") && Catch::Contains("orthogonal"));
  CHECK_THROWS_WITH(network_registry().make("mlp:widht=3", nullptr, shape),
                    Catch::Contains("'widht'") && Catch::Contains("widths"));
  CHECK_THROWS_WITH(network_registry().make("mlp:widths=3-0", nullptr, shape),
                    Catch::Contains("widths must be > 0"));
}

TEST_CASE("initialisations: normal, orthogonal and Glorot draw what they name", "[models]") {
  Rng rng(16, "init");
  Matrix w(300, 200);
  Matrix b = Matrix::Constant(1, 200, 5.0F);
  Init::parse("normal:std=0.02").initialise_linear(rng, w, &b);
  CHECK(std::sqrt(w.cast<double>().array().square().mean()) == Approx(0.02).epsilon(0.02));
  CHECK(b.isZero());
  Init::parse("orthogonal:gain=2").initialise_linear(rng, w, &b);
  // (in, out) = (300, 200): orthonormal columns times the gain.
  const Eigen::MatrixXd wtw = w.cast<double>().transpose() * w.cast<double>();
  CHECK((wtw - 4.0 * Eigen::MatrixXd::Identity(200, 200)).cwiseAbs().maxCoeff() < 1e-4);
  Matrix wide(20, 50);
  Init::parse("orthogonal").initialise_linear(rng, wide, nullptr);
  const Eigen::MatrixXd wwt = wide.cast<double>() * wide.cast<double>().transpose();
  CHECK((wwt - Eigen::MatrixXd::Identity(20, 20)).cwiseAbs().maxCoeff() < 1e-5);
  Init::parse("glorot-uniform").initialise_linear(rng, w, &b);
  const double bound = std::sqrt(6.0 / 500.0);
  CHECK(w.cwiseAbs().maxCoeff() <= bound);
  CHECK(w.cast<double>().array().square().mean() == Approx(bound * bound / 3).epsilon(0.03));
  CHECK_THROWS_WITH(Init::parse("normal:std=-1"), Catch::Contains("std must be > 0"));
  CHECK_THROWS_WITH(Init::parse("normal:mean=0"), Catch::Contains("'mean'"));
}
