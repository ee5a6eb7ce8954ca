// Metrics against closed forms: k-NN KL between Gaussians (both directions, non-diagonal
// covariance) and Kozachenko–Leonenko entropy in d = 1, 2, 10; the k-d tree and brute-force paths
// agree; duplicates, identical sets and too few samples; the mode histogram's KL; precision,
// recall, density and coverage at their known values.
#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/LU>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "datasets/dataset_registry.hpp"
#include "datasets/gaussian_mixture.hpp"
#include "harness/evaluation.hpp"
#include "metrics/knn_divergence.hpp"
#include "metrics/known_density.hpp"
#include "metrics/mode_coverage.hpp"
#include "metrics/precision_recall.hpp"
#include "common/rng.hpp"

using namespace divbench;

namespace {

// n samples of N(mean, A A^T).
PointMatrix gaussian(Eigen::Index n, const Eigen::VectorXd& mean, const Eigen::MatrixXd& a,
                     std::uint64_t seed, const char* stream) {
  Rng rng(seed, stream);
  PointMatrix z(n, mean.size());
  for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = rng.normal();
  return (z * a.transpose()).rowwise() + mean.transpose();
}

[[maybe_unused]] PointMatrix uniform(Eigen::Index n, Eigen::Index d, double width,
                                     std::uint64_t seed) {
  Rng rng(seed, "uniform");
  PointMatrix x(n, d);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = width * rng.uniform();
  return x;
}

// A mean and a non-diagonal covariance factor for dimension d.
struct Shifted {
  Eigen::VectorXd mean;
  Eigen::MatrixXd a;  // Sigma = A A^T
};
Shifted shifted(Eigen::Index d) {
  Shifted s{Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Zero(d, d)};
  for (Eigen::Index i = 0; i < d; ++i) {
    s.mean(i) = i == 0 ? 0.8 : 0.3 / static_cast<double>(i);
    s.a(i, i) = 1.0 + 0.1 * static_cast<double>(i % 3);
    if (i > 0) s.a(i, i - 1) = 0.4;  // correlated neighbours
  }
  return s;
}

// KL(N(0, I) || N(mu, Sigma)) and KL(N(mu, Sigma) || N(0, I)).
double kl_standard_to(const Shifted& s) {
  const Eigen::MatrixXd sigma = s.a * s.a.transpose();
  const Eigen::MatrixXd inv = sigma.inverse();
  const auto d = static_cast<double>(s.mean.size());
  return 0.5 * (inv.trace() + s.mean.dot(inv * s.mean) - d + std::log(sigma.determinant()));
}
double kl_to_standard(const Shifted& s) {
  const Eigen::MatrixXd sigma = s.a * s.a.transpose();
  const auto d = static_cast<double>(s.mean.size());
  return 0.5 * (sigma.trace() + s.mean.squaredNorm() - d - std::log(sigma.determinant()));
}

struct Errors {
  double forward = 0.0, reverse = 0.0, entropy = 0.0;  // mean absolute errors over the seeds
};

// k = 5 estimates against the closed forms, averaged over `seeds` seeds of n = m samples.
Errors knn_errors(Eigen::Index d, Eigen::Index n, int seeds) {
  const Shifted s = shifted(d);
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(d);
  const Eigen::MatrixXd eye = Eigen::MatrixXd::Identity(d, d);
  const double entropy = 0.5 * static_cast<double>(d) * std::log(2.0 * M_PI * M_E);
  Errors e;
  for (int seed = 0; seed < seeds; ++seed) {
    const PointMatrix p = gaussian(n, zero, eye, static_cast<std::uint64_t>(seed), "p");
    const PointMatrix q = gaussian(n, s.mean, s.a, static_cast<std::uint64_t>(seed), "q");
    e.forward += std::abs(knn_kl_divergence(p, q, 5).value - kl_standard_to(s)) / seeds;
    e.reverse += std::abs(knn_kl_divergence(q, p, 5).value - kl_to_standard(s)) / seeds;
    e.entropy += std::abs(knn_entropy(p, 5).value - entropy) / seeds;
  }
  return e;
}

}  // namespace

TEST_CASE("k-NN KL and entropy of Gaussians in d = 1 and 2: mean absolute error below 0.05",
          "[metrics][accuracy]") {
  for (const Eigen::Index d : {1, 2}) {
    const Errors e = knn_errors(d, 20000, 5);
    INFO(fmt::format("d = {}: KL(P||Q) error {:.4f}, KL(Q||P) error {:.4f}, entropy error {:.4f}",
                     d, e.forward, e.reverse, e.entropy));
    CHECK(e.forward < 0.05);
    CHECK(e.reverse < 0.05);
    CHECK(e.entropy < 0.05);
  }
}

// At d = 10 the k-NN KL estimator is consistent but its bias at n = 2e4 is large: measured mean
// absolute errors 0.25 (forward, true 1.02) and 0.63 (reverse, true 1.25; Q is the wider one, so
// its samples in P's tails see few P neighbours), while the entropy is off by 0.015. Wang et al.
// 2009 (§V) and Pérez-Cruz 2008 report the same slow convergence. The test therefore asks for
// (a) the errors measured here, with 30 % headroom, (b) a reverse-KL error that shrinks as n grows
// fourfold (measured 0.73 -> 0.63; the forward error stays near 0.25 over this range, which is the
// slow convergence of the bias, not noise), and (c) the entropy within 0.05.
TEST_CASE("k-NN KL in d = 10: stated tolerance, and consistency as n grows",
          "[metrics][accuracy]") {
  const Errors small = knn_errors(10, 5000, 3);
  const Errors large = knn_errors(10, 20000, 3);
  INFO(fmt::format("n = 5000: {:.3f} {:.3f} {:.3f}; n = 20000: {:.3f} {:.3f} {:.3f}", small.forward,
                   small.reverse, small.entropy, large.forward, large.reverse, large.entropy));
  CHECK(large.forward < 0.33);
  CHECK(large.reverse < 0.82);
  CHECK(large.reverse < small.reverse);
  CHECK(large.entropy < 0.05);
}

TEST_CASE("known-density reverse KL removes the k-NN bias in d = 10", "[metrics][accuracy]") {
  const Eigen::Index d = 10;
  const Shifted s = shifted(d);
  const GaussianMixture standard("standard", Eigen::VectorXd::Ones(1), Eigen::MatrixXd::Zero(1, d),
                                 Eigen::MatrixXd::Ones(1, d));
  double error = 0.0;
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    const PointMatrix q = gaussian(20000, s.mean, s.a, seed, "q");
    error += std::abs(known_density_reverse_kl(q, standard, 5).value - kl_to_standard(s)) / 3;
  }
  INFO("mean absolute error " << error << " for KL(Q||P) = " << kl_to_standard(s));
  CHECK(error < 0.05);
}

TEST_CASE("entropy of uniform distributions", "[metrics]") {
  for (const Eigen::Index d : {1, 2}) {
    for (const double width : {1.0, 2.0}) {
      const double truth = static_cast<double>(d) * std::log(width);
      double error = 0.0;
      for (std::uint64_t seed = 0; seed < 5; ++seed) {
        error += std::abs(knn_entropy(uniform(20000, d, width, seed), 5).value - truth) / 5;
      }
      INFO(fmt::format("d = {}, width {}: mean absolute error {:.4f}", d, width, error));
      CHECK(error < 0.05);
    }
  }
}

TEST_CASE("the k-d tree and the brute force find the same neighbours", "[metrics]") {
  for (const Eigen::Index d : {2, 5, 20, 64}) {
    const PointMatrix x =
        gaussian(700, Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d), 1, "x");
    PointMatrix y =
        gaussian(500, Eigen::VectorXd::Constant(d, 0.1), Eigen::MatrixXd::Identity(d, d), 2, "y");
    y.row(7) = x.row(3);                                      // an exact duplicate across the sets
    y.row(8) = x.row(3) + PointMatrix::Constant(1, d, 1e-7);  // and a very close pair
    INFO("d = " << d);
    for (const bool self : {true, false}) {
      const PointMatrix& queries = self ? x : y;
      const Eigen::MatrixXd tree = knn_distances(x, queries, 4, self, KnnMethod::kKdTree);
      const Eigen::MatrixXd brute = knn_distances(x, queries, 4, self, KnnMethod::kBruteForce);
      CHECK((tree - brute).cwiseAbs().maxCoeff() <= 1e-12 * tree.maxCoeff());
      CHECK((tree.array() >= 0.0).all());
    }
    CHECK(knn_distances(x, y, 1, false, KnnMethod::kBruteForce)(7, 0) == 0.0);
    CHECK(knn_distances(x, y, 1, false, KnnMethod::kBruteForce)(8, 0) ==
          Approx(1e-7 * std::sqrt(static_cast<double>(d))).epsilon(1e-6));
    const Eigen::VectorXd radii =
        Eigen::VectorXd::Constant(x.rows(), 0.9 * std::sqrt(static_cast<double>(d)));
    CHECK(balls_containing(x, radii, y, KnnMethod::kKdTree) ==
          balls_containing(x, radii, y, KnnMethod::kBruteForce));
  }
}

TEST_CASE("the brute force across many blocks: self-search pairs, duplicates, every k",
          "[metrics]") {
  // 1300 points: five 256-query blocks and three 512-point panels, the last ones partial, so a
  // self-search offers pairs from panels straddling the diagonal, from whole panels above it and
  // from earlier blocks to later queries.
  const Eigen::Index d = 24;
  PointMatrix x = gaussian(1300, Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d), 4, "x");
  x.row(1000) = x.row(10);  // duplicates in different blocks: each is the other's neighbour at 0
  x.row(1001) = x.row(10);
  x.row(600) = x.row(599) + PointMatrix::Constant(1, d, 1e-9);  // a very close pair
  const PointMatrix y =
      gaussian(333, Eigen::VectorXd::Constant(d, 0.2), Eigen::MatrixXd::Identity(d, d), 5, "y");
  for (const int k : {1, 3, 7}) {
    INFO("k = " << k);
    const Eigen::MatrixXd tree = knn_distances(x, x, k, true, KnnMethod::kKdTree);
    const Eigen::MatrixXd brute = knn_distances(x, x, k, true, KnnMethod::kBruteForce);
    CHECK((tree - brute).cwiseAbs().maxCoeff() <= 1e-12 * tree.maxCoeff());
    CHECK(brute(10, 0) == 0.0);
    CHECK(brute(1001, 0) == 0.0);
    CHECK(brute(599, 0) == Approx(1e-9 * std::sqrt(static_cast<double>(d))).epsilon(1e-6));
    for (const bool swap : {false, true}) {  // more queries than points, and fewer
      const PointMatrix& points = swap ? y : x;
      const PointMatrix& queries = swap ? x : y;
      const Eigen::MatrixXd t = knn_distances(points, queries, k, false, KnnMethod::kKdTree);
      const Eigen::MatrixXd b = knn_distances(points, queries, k, false, KnnMethod::kBruteForce);
      CHECK((t - b).cwiseAbs().maxCoeff() <= 1e-12 * t.maxCoeff());
    }
  }
}

TEST_CASE("duplicates, identical sets and too few samples", "[metrics]") {
  const PointMatrix x =
      gaussian(400, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2), 3, "x");
  PointMatrix twice(800, 2);
  twice << x, x;  // every point twice
  // k = 1: every nearest-neighbour distance is 0, the estimate is undefined: a clear error.
  CHECK_THROWS_WITH(knn_entropy(twice, 1),
                    Catch::Contains("every k-th nearest-neighbour distance is 0"));
  CHECK(std::isfinite(knn_entropy(twice, 2).value));  // the second neighbour is another point
  PointMatrix some(500, 2);
  some << x, x.topRows(100);  // 100 points duplicated: their distances are floored
  const KnnEstimate h = knn_entropy(some, 1);
  CHECK(std::isfinite(h.value));
  CHECK(h.floored == 200);
  const KnnEstimate same = knn_kl_divergence(x, x, 5);  // identical sets
  CHECK(std::isfinite(same.value));
  CHECK(same.floored == 0);  // its first neighbour in Q is itself, the fifth another point
  // With k = 1 every distance from P to Q is 0: undefined, and said so.
  CHECK_THROWS_WITH(knn_kl_divergence(x, x, 1), Catch::Contains("distances from P to Q"));
  CHECK(std::isfinite(knn_kl_divergence(twice, x, 3).value));

  const PointMatrix one = x.topRows(1);
  CHECK_THROWS_WITH(knn_entropy(one, 5),
                    Catch::Contains("k = 5 needs at least 6 points") && Catch::Contains("found 1"));
  CHECK_THROWS_WITH(knn_kl_divergence(x.topRows(5), x, 5), Catch::Contains("found 5"));
  CHECK_THROWS_WITH(knn_kl_divergence(x, x, 0), Catch::Contains("k must be >= 1, found 0"));
  const PointMatrix constant = PointMatrix::Ones(50, 2);
  CHECK_THROWS_WITH(knn_entropy(constant, 3), Catch::Contains("all samples are identical"));
}

TEST_CASE("mode histogram KL in both directions on hand-built histograms", "[metrics]") {
  // Four unit modes at (0,0), (10,0), (0,10), (10,10), equal weights.
  std::vector<Mode> modes;
  for (const double cx : {0.0, 10.0}) {
    for (const double cy : {0.0, 10.0}) {
      modes.push_back({Eigen::Vector2d(cx, cy), Eigen::Vector2d(1.0, 1.0), 0.25});
    }
  }
  // 6 samples on mode 0, 2 on mode 1, none on modes 2 and 3, and 2 far away (not HQ).
  Matrix samples(10, 2);
  samples << 0, 0, 0.5, 0, 0, 0.5, 1, 1, -1, 0, 0, -1, 10, 0, 10.5, 0, 50, 50, -30, 5;
  const ModeCoverage c = mode_coverage(view(samples), modes);
  CHECK(c.modes_covered == 2);
  CHECK(c.hq_fraction == Approx(0.8));
  // p = (0.75, 0.25, 0, 0): KL(p || pi) = 0.75 log 3 + 0.25 log 1.
  CHECK(c.kl_modes == Approx(0.75 * std::log(3.0)));
  // Smoothed p~ = (6.5, 2.5, 0.5, 0.5) / 10: KL(pi || p~) = 0.25 sum log(0.25 / p~_j).
  const double expected =
      0.25 * (std::log(2.5 / 6.5) + std::log(2.5 / 2.5) + 2 * std::log(2.5 / 0.5));
  CHECK(c.kl_modes_reverse == Approx(expected));
  // No HQ sample: both undefined.
  Matrix far(1, 2);
  far << 100, 100;
  CHECK(std::isnan(mode_coverage(view(far), modes).kl_modes));
}

TEST_CASE("precision, recall, density and coverage at their known values", "[metrics]") {
  const Eigen::Index n = 4000;
  const PointMatrix real =
      gaussian(n, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2), 4, "r");
  const PointMatrix same =
      gaussian(n, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2), 5, "g");
  const PrecisionRecall pr = precision_recall(real, same);
  INFO(fmt::format("identical: precision {} recall {} density {} coverage {}", pr.precision,
                   pr.recall, pr.density, pr.coverage));
  CHECK(pr.density == Approx(1.0).margin(0.05));
  CHECK(pr.coverage == Approx(1.0 - std::pow(2.0, -5)).margin(0.02));  // Naeem et al., Lemma 2
  CHECK(pr.precision > 0.9);
  CHECK(pr.recall > 0.9);
  const PointMatrix disjoint = same.array() + 100.0;
  const PrecisionRecall none = precision_recall(real, disjoint);
  CHECK(none.precision == 0.0);
  CHECK(none.recall == 0.0);
  CHECK(none.density == 0.0);
  CHECK(none.coverage == 0.0);
  // Both paths agree on a 20-D set.
  const PointMatrix r20 =
      gaussian(500, Eigen::VectorXd::Zero(20), Eigen::MatrixXd::Identity(20, 20), 6, "r");
  const PointMatrix g20 =
      gaussian(500, Eigen::VectorXd::Constant(20, 0.2), Eigen::MatrixXd::Identity(20, 20), 7, "g");
  const PrecisionRecall tree = precision_recall(r20, g20, 3, 5, KnnMethod::kKdTree);
  const PrecisionRecall brute = precision_recall(r20, g20, 3, 5, KnnMethod::kBruteForce);
  CHECK(tree.precision == brute.precision);
  CHECK(tree.recall == brute.recall);
  CHECK(tree.density == brute.density);
  CHECK(tree.coverage == brute.coverage);
}

namespace {

// The definitions written out directly, O(N M) distances in double, for comparison.
double distance(const PointMatrix& a, Eigen::Index i, const PointMatrix& b, Eigen::Index j) {
  return (a.row(i) - b.row(j)).norm();
}

// The k-th smallest distance from row i of x to the other rows of x.
double kth_radius(const PointMatrix& x, Eigen::Index i, int k) {
  std::vector<double> d;
  for (Eigen::Index j = 0; j < x.rows(); ++j) {
    if (j != i) d.push_back(distance(x, i, x, j));
  }
  std::nth_element(d.begin(), d.begin() + (k - 1), d.end());
  return d[static_cast<std::size_t>(k - 1)];
}

PrecisionRecall brute_force_reference(const PointMatrix& real, const PointMatrix& gen, int k_pr,
                                      int k_dc) {
  std::vector<double> r_pr, g_pr, r_dc;
  for (Eigen::Index i = 0; i < real.rows(); ++i) {
    r_pr.push_back(kth_radius(real, i, k_pr));
    r_dc.push_back(kth_radius(real, i, k_dc));
  }
  for (Eigen::Index j = 0; j < gen.rows(); ++j) g_pr.push_back(kth_radius(gen, j, k_pr));
  PrecisionRecall out;
  std::vector<bool> covered(static_cast<std::size_t>(real.rows()), false);
  double inside_balls = 0.0;
  for (Eigen::Index j = 0; j < gen.rows(); ++j) {
    bool in_some = false;
    for (Eigen::Index i = 0; i < real.rows(); ++i) {
      const double d = distance(gen, j, real, i);
      in_some = in_some || d <= r_pr[static_cast<std::size_t>(i)];
      if (d <= r_dc[static_cast<std::size_t>(i)]) {
        inside_balls += 1.0;
        covered[static_cast<std::size_t>(i)] = true;
      }
    }
    out.precision += in_some ? 1.0 : 0.0;
  }
  for (Eigen::Index i = 0; i < real.rows(); ++i) {
    bool in_some = false;
    for (Eigen::Index j = 0; j < gen.rows() && !in_some; ++j)
      in_some = distance(real, i, gen, j) <= g_pr[static_cast<std::size_t>(j)];
    out.recall += in_some ? 1.0 : 0.0;
  }
  const auto n = static_cast<double>(real.rows());
  const auto m = static_cast<double>(gen.rows());
  out.precision /= m;
  out.recall /= n;
  out.density = inside_balls / (k_dc * m);
  out.coverage = static_cast<double>(std::count(covered.begin(), covered.end(), true)) / n;
  return out;
}

}  // namespace

TEST_CASE("precision, recall, density and coverage equal a brute-force reference", "[metrics]") {
  for (const int d : {2, 5, 20}) {
    const PointMatrix real =
        gaussian(300, Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d), 11, "r");
    const PointMatrix gen = gaussian(250, Eigen::VectorXd::Constant(d, 0.4),
                                     Eigen::MatrixXd::Identity(d, d) * 0.6, 12, "g");
    const PrecisionRecall ref = brute_force_reference(real, gen, 3, 5);
    INFO(fmt::format("d = {}: reference precision {} recall {} density {} coverage {}", d,
                     ref.precision, ref.recall, ref.density, ref.coverage));
    for (const KnnMethod method : {KnnMethod::kKdTree, KnnMethod::kBruteForce}) {
      const PrecisionRecall pr = precision_recall(real, gen, 3, 5, method);
      CHECK(pr.precision == Approx(ref.precision).margin(1e-12));
      CHECK(pr.recall == Approx(ref.recall).margin(1e-12));
      CHECK(pr.density == Approx(ref.density).margin(1e-12));
      CHECK(pr.coverage == Approx(ref.coverage).margin(1e-12));
    }
    CHECK(ref.precision > 0.0);
    CHECK(ref.precision < 1.0);
  }
}

TEST_CASE("The evaluation records how many zero k-NN distances it floored", "[metrics]") {
  // A generator that put 100 samples on one point (a partial collapse) beside 400 spread ones.
  const auto ring = make_dataset("ring8");
  Rng rng(3, "floor");
  const Matrix data = ring->sample(500, rng);
  Matrix generated = ring->sample(500, rng);
  for (Index r = 400; r < 500; ++r) generated.row(r) = generated.row(0);
  const Evaluation e =
      evaluate(generated, data, *ring, {.k = 5, .mode_threshold = 3.0, .knn = true});
  const PointMatrix g = generated.cast<double>();
  const PointMatrix p = data.cast<double>();
  const long long expected = knn_kl_divergence(p, g, 5).floored +
                             knn_kl_divergence(g, p, 5).floored + knn_entropy(g, 5).floored;
  CHECK(expected > 100);
  CHECK(e.metrics.at("knn_floored") == static_cast<double>(expected));
  CHECK(std::isfinite(e.metrics.at("entropy_g")));
}
