// The unrolled schedule (Metz et al., ICLR 2017, eq. 12) against finite differences in double:
// a tiny GAN (affine G with a lower-triangular scale, D 2 -> 4 tanh -> 1) is written out in double here, k explicit D updates
// with SGD, SGD with momentum, or Adam are run on the batch the trainer draws, and G's loss against
// the k-th D is differentiated by central differences over G's parameters. The trainer's float
// gradient (G's gradient buffers after one step) must match it, and must differ from the
// first-order (look-ahead) gradient, so that the second term is what the test sees.
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/exact_sqrt.hpp"
#include "common/rng.hpp"
#include "datasets/dataset_registry.hpp"
#include "harness/schedule_registry.hpp"
#include "harness/trainer.hpp"
#include "objectives/objective_registry.hpp"

using namespace divbench;

namespace {

using Mat = Eigen::MatrixXd;

double softplus_d(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
double sigmoid_d(double x) { return 1.0 / (1.0 + std::exp(-x)); }

struct Disc {  // V = tanh(X W1 + b1) W2 + b2
  Mat w1, b1, w2, b2;
};

Mat forward(const Disc& d, const Mat& x, Mat* hidden) {
  Mat h = ((x * d.w1).rowwise() + d.b1.row(0)).array().tanh().matrix();
  Mat v = (h * d.w2).rowwise() + d.b2.row(0);
  if (hidden != nullptr) *hidden = h;
  return v;
}

// Parameter gradient of sum_i dv_i V(x_i).
Disc backward(const Disc& d, const Mat& x, const Mat& dv) {
  Mat h;
  forward(d, x, &h);
  Disc g;
  g.w2 = h.transpose() * dv;
  g.b2 = dv.colwise().sum();
  const Mat da = ((dv * d.w2.transpose()).array() * (1.0 - h.array().square())).matrix();
  g.w1 = x.transpose() * da;
  g.b1 = da.colwise().sum();
  return g;
}

std::vector<Mat*> parts(Disc& d) { return {&d.w1, &d.b1, &d.w2, &d.b2}; }

// Losses of the two objectives the test covers, with dL/dV.
struct Losses {
  double value;
  Mat d_real, d_fake;
};

Losses d_loss(const std::string& objective, const Mat& vr, const Mat& vf) {
  const double nr = static_cast<double>(vr.rows()), nf = static_cast<double>(vf.rows());
  Losses l{0.0, Mat(vr.rows(), 1), Mat(vf.rows(), 1)};
  if (objective == "gan-ns") {  // mean softplus(-v_r) + mean softplus(v_f)
    for (Eigen::Index i = 0; i < vr.rows(); ++i) {
      l.value += softplus_d(-vr(i)) / nr;
      l.d_real(i) = -sigmoid_d(-vr(i)) / nr;
    }
    for (Eigen::Index i = 0; i < vf.rows(); ++i) {
      l.value += softplus_d(vf(i)) / nf;
      l.d_fake(i) = sigmoid_d(vf(i)) / nf;
    }
    return l;
  }
  // rasgan: (mean softplus(-(r_i - mean f)) + mean softplus(f_j - mean r)) / 2
  const double mr = vr.mean(), mf = vf.mean();
  double s1 = 0.0, s2 = 0.0;
  for (Eigen::Index i = 0; i < vr.rows(); ++i) {
    l.value += softplus_d(-(vr(i) - mf)) / (2 * nr);
    l.d_real(i) = -sigmoid_d(-(vr(i) - mf)) / (2 * nr);
    s1 += sigmoid_d(-(vr(i) - mf)) / (2 * nr);
  }
  for (Eigen::Index j = 0; j < vf.rows(); ++j) {
    l.value += softplus_d(vf(j) - mr) / (2 * nf);
    l.d_fake(j) = sigmoid_d(vf(j) - mr) / (2 * nf);
    s2 += sigmoid_d(vf(j) - mr) / (2 * nf);
  }
  for (Eigen::Index i = 0; i < vr.rows(); ++i) l.d_real(i) -= s2 / nr;
  for (Eigen::Index j = 0; j < vf.rows(); ++j) l.d_fake(j) += s1 / nf;
  return l;
}

double g_loss(const std::string& objective, const Mat& vr, const Mat& vf) {
  if (objective == "gan-ns") {
    double s = 0.0;
    for (Eigen::Index i = 0; i < vf.rows(); ++i) s += softplus_d(-vf(i));
    return s / static_cast<double>(vf.rows());
  }
  const double mr = vr.mean(), mf = vf.mean();
  double s = 0.0;
  for (Eigen::Index i = 0; i < vr.rows(); ++i) s += softplus_d(vr(i) - mf) / (2.0 * vr.rows());
  for (Eigen::Index j = 0; j < vf.rows(); ++j) s += softplus_d(-(vf(j) - mr)) / (2.0 * vf.rows());
  return s;
}

struct Setup {
  std::string objective, optimizer;
  double lr, momentum;
  long long k;
};

// G's loss after k D updates, G: x = z S^T + mu. When `frozen` is set, D's k-th parameters are
// taken from it instead (the first-order gradient holds them fixed).
double unrolled_loss(const Setup& s, const Mat& real, const Mat& z, const Mat& scale, const Mat& mu,
                     Disc d, const Disc* frozen, Disc* first, Disc* last) {
  const Mat fake = (z * scale.transpose()).rowwise() + mu.row(0);
  Disc m{Mat::Zero(2, 4), Mat::Zero(1, 4), Mat::Zero(4, 1), Mat::Zero(1, 1)};
  Disc v = m;
  for (long long t = 1; t <= s.k; ++t) {
    const Losses l = d_loss(s.objective, forward(d, real, nullptr), forward(d, fake, nullptr));
    Disc gr = backward(d, real, l.d_real);
    Disc gf = backward(d, fake, l.d_fake);
    auto pd = parts(d), pr = parts(gr), pf = parts(gf), pm = parts(m), pv = parts(v);
    for (std::size_t i = 0; i < pd.size(); ++i) {
      const Mat g = *pr[i] + *pf[i];
      if (s.optimizer == "sgd") {
        if (s.momentum == 0.0) {
          *pd[i] -= s.lr * g;
        } else {
          *pm[i] = t == 1 ? g : Mat(s.momentum * *pm[i] + g);
          *pd[i] -= s.lr * *pm[i];
        }
      } else {
        const double b1 = 0.5, b2 = 0.999, eps = 1e-8;
        *pm[i] = b1 * *pm[i] + (1 - b1) * g;
        *pv[i] = b2 * *pv[i] + (1 - b2) * g.array().square().matrix();
        const double c1 = 1 - std::pow(b1, t), c2 = 1 - std::pow(b2, t);
        *pd[i] -= (s.lr / c1 *
                   (pm[i]->array() / (exact_sqrt(pv[i]->array() / c2) + eps)))
                      .matrix();
      }
    }
    if (t == 1 && first != nullptr) *first = d;
  }
  if (last != nullptr) *last = d;
  const Disc& used = frozen != nullptr ? *frozen : d;
  return g_loss(s.objective, forward(used, real, nullptr), forward(used, fake, nullptr));
}

Mat to_double(const ParameterRef& p, Eigen::Index rows, Eigen::Index cols) {
  Mat m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = p.value[r * cols + c];
  return m;
}

const ParameterRef& find(const std::vector<ParameterRef>& ps, const std::string& name) {
  for (const auto& p : ps)
    if (p.name == name) return p;
  FAIL("no parameter " << name);
  return ps.front();
}

}  // namespace

TEST_CASE("unrolled: G's gradient matches finite differences through k explicit D updates",
          "[methods][schedules][unrolled][second-order]") {
  const Setup setups[] = {{"gan-ns", "sgd", 0.5, 0.0, 3},
                          {"gan-ns", "sgd", 0.3, 0.9, 4},
                          {"gan-ns", "adam", 0.05, 0.0, 3},
                          {"rasgan", "adam", 0.2, 0.0, 3},
                          {"rasgan", "sgd", 0.5, 0.0, 3}};
  for (const Setup& s : setups) {
    for (const char* d_batch : {"joint", "separate"}) {
      INFO(fmt::format("{} with {} (lr {}, momentum {}), k = {}, {} batches", s.objective,
                       s.optimizer, s.lr, s.momentum, s.k, d_batch));
      TrainConfig c;
      c.dataset = "ring8";
      c.objective = s.objective;
      c.generator = "affine";
      c.discriminator = "mlp:widths=4,activation=tanh";
      c.schedule = fmt::format("unrolled:k={}", s.k);
      c.d_batch = d_batch;
      c.optimizer = s.optimizer;
      c.momentum = s.momentum;
      c.d_lr = s.lr;
      c.g_lr = 1e-3;
      c.batch_size = 6;
      c.seed = 5;
      Trainer trainer(c);
      // The batch the first step draws: the streams of harness/trainer.cpp.
      const auto dataset = dataset_registry().make("ring8");
      Matrix real_f(6, 2), z_f(6, 2);
      Rng data(5, "data"), noise(5, "noise");
      dataset->sample(MatrixView(real_f.data(), 6, 2), data);
      noise.fill_normal(z_f.data(), 12);
      const Mat real = real_f.cast<double>(), z = z_f.cast<double>();
      // Parameters before the step (the trainer's initialisation), and the step.
      const auto dp = trainer.discriminator().parameters();
      const Disc d0{to_double(find(dp, "layer0.weight"), 2, 4), to_double(find(dp, "layer0.bias"), 1, 4),
                    to_double(find(dp, "layer1.weight"), 4, 1), to_double(find(dp, "layer1.bias"), 1, 1)};
      const auto gp = trainer.generator().parameters();
      REQUIRE(gp.size() == 2);
      const ParameterRef& mu_ref = gp[0].size == 2 ? gp[0] : gp[1];
      const ParameterRef& scale_ref = gp[0].size == 2 ? gp[1] : gp[0];
      const Mat mu = to_double(mu_ref, 1, 2), scale = to_double(scale_ref, 2, 2);
      const StepLosses losses = trainer.step();
      REQUIRE(losses.fault.empty());

      // Central differences in double over G's 5 parameters, and the first-order gradient.
      Disc first, last;
      const double at = unrolled_loss(s, real, z, scale, mu, d0, nullptr, &first, &last);
      CHECK(losses.g_loss == Approx(at).epsilon(1e-4));
      const double h = 1e-6;
      std::vector<double> full, first_order, analytic;
      for (int which = 0; which < 2; ++which) {
        const ParameterRef& ref = which == 0 ? mu_ref : scale_ref;
        for (Index e = 0; e < ref.size; ++e) {
          if (which == 1 && e % 2 > e / 2) {  // the scale is lower triangular: not a parameter
            CHECK(ref.grad[e] == 0.0F);
            continue;
          }
          Mat mu_p = mu, mu_m = mu, sc_p = scale, sc_m = scale;
          if (which == 0) {
            mu_p(e) += h, mu_m(e) -= h;
          } else {
            sc_p(e / 2, e % 2) += h, sc_m(e / 2, e % 2) -= h;
          }
          full.push_back((unrolled_loss(s, real, z, sc_p, mu_p, d0, nullptr, nullptr, nullptr) -
                          unrolled_loss(s, real, z, sc_m, mu_m, d0, nullptr, nullptr, nullptr)) /
                         (2 * h));
          first_order.push_back((unrolled_loss(s, real, z, sc_p, mu_p, d0, &last, nullptr, nullptr) -
                                 unrolled_loss(s, real, z, sc_m, mu_m, d0, &last, nullptr, nullptr)) /
                                (2 * h));
          analytic.push_back(ref.grad[e]);
        }
      }
      double norm = 0.0, gap = 0.0;
      for (std::size_t i = 0; i < full.size(); ++i) {
        norm = std::max(norm, std::abs(full[i]));
        gap = std::max(gap, std::abs(full[i] - first_order[i]));
      }
      for (std::size_t i = 0; i < full.size(); ++i) {
        INFO(fmt::format("G parameter {}: differences {} trainer {} first order {}", i, full[i],
                         analytic[i], first_order[i]));
        CHECK(std::abs(analytic[i] - full[i]) <= 1e-3 * norm);
      }
      INFO(fmt::format("largest |full - first order| {} of largest |gradient| {}", gap, norm));
      CHECK(gap > 0.05 * norm);  // the second term is large enough to be seen
      // D keeps its first update.
      const auto dp1 = trainer.discriminator().parameters();
      CHECK((to_double(find(dp1, "layer0.weight"), 2, 4) - first.w1).cwiseAbs().maxCoeff() < 1e-5);
      CHECK((to_double(find(dp1, "layer1.weight"), 4, 1) - first.w2).cwiseAbs().maxCoeff() < 1e-5);
    }
  }
}

TEST_CASE("unrolled: an objective without second derivatives is refused, naming the fix",
          "[methods][schedules][unrolled]") {
  struct FirstOrderOnly final : Objective {
    double discriminator_loss(std::span<const float>, std::span<const float>, std::span<float>,
                              std::span<float>) const override {
      return 0.0;
    }
    double generator_loss(std::span<const float>, std::span<float>) const override { return 0.0; }
    std::vector<Estimate> estimates(std::span<const float>, std::span<const float>) const override {
      return {};
    }
  };
  const auto unrolled = make_schedule("unrolled:k=5");
  const FirstOrderOnly objective;
  CHECK_THROWS_WITH(check_schedule_supports(*unrolled, objective, "unrolled:k=5", "my-plugin"),
                    Catch::Contains("'my-plugin' does not provide them") &&
                        Catch::Contains("lookahead"));
  CHECK_NOTHROW(check_schedule_supports(*make_schedule("lookahead:k=5"), objective, "lookahead:k=5",
                                        "my-plugin"));
  CHECK_NOTHROW(check_schedule_supports(*unrolled, *make_objective("gan-ns"), "unrolled:k=5", "gan-ns"));
}
