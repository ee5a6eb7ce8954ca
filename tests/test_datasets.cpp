// Samplers against their parameters (statistical tolerances), log densities against closed forms
// and quadrature, the ring and grid layouts, the dataset registry and mixture files.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <catch2/catch.hpp>

#include "datasets/dataset_registry.hpp"
#include "datasets/gaussian_mixture.hpp"
#include "datasets/grid.hpp"
#include "datasets/ring.hpp"
#include "metrics/mode_coverage.hpp"
#include "test_dir.hpp"

using namespace divbench;

TEST_CASE("ring modes sit at angles 2 pi i / k and are all distinct", "[datasets]") {
  const auto ring = make_ring(8, 2.0, 0.02);
  REQUIRE(ring->modes().size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    const double angle = 2.0 * std::numbers::pi * static_cast<double>(i) / 8.0;
    CHECK(ring->modes()[i].centre(0) == Approx(2.0 * std::cos(angle)).margin(1e-12));
    CHECK(ring->modes()[i].centre(1) == Approx(2.0 * std::sin(angle)).margin(1e-12));
    CHECK(ring->modes()[i].weight == Approx(1.0 / 8));
    for (std::size_t j = 0; j < i; ++j) {
      // The linspace(0, 2 pi, k) bug would put modes 0 and 7 at the same place.
      CHECK((ring->modes()[i].centre - ring->modes()[j].centre).norm() > 1.0);
    }
  }
}

TEST_CASE("grid25 has centres at -4 -2 0 2 4 squared with std 0.05", "[datasets]") {
  const auto grid = make_dataset("grid25");
  REQUIRE(grid->modes().size() == 25);
  std::set<std::pair<int, int>> centres;
  for (const auto& m : grid->modes()) {
    centres.insert(
        {static_cast<int>(std::lround(m.centre(0))), static_cast<int>(std::lround(m.centre(1)))});
    CHECK(m.std(0) == 0.05);
  }
  for (int x = -4; x <= 4; x += 2) {
    for (int y = -4; y <= 4; y += 2) CHECK(centres.count({x, y}) == 1);
  }
}

TEST_CASE("mixture sampler: mode weights and per-mode means and stds", "[datasets]") {
  // Unequal weights and anisotropic stds, far-apart modes so assignment is unambiguous.
  const GaussianMixture mix("test", Eigen::Vector3d(0.2, 0.5, 0.3),
                            Eigen::MatrixXd{{-10.0, 0.0}, {0.0, 10.0}, {10.0, 0.0}},
                            Eigen::MatrixXd{{0.5, 1.0}, {1.0, 0.25}, {2.0, 2.0}});
  Rng rng(11, "data");
  const Index n = 200000;
  const Matrix x = mix.sample(n, rng);
  const ModeCoverage cov = mode_coverage(view(x), mix.modes(), {.hq_threshold = 6.0});
  for (std::size_t k = 0; k < 3; ++k) {
    // Binomial standard error at n = 2e5 is about 0.0011; allow 5 of them.
    CHECK(static_cast<double>(cov.hq_histogram[k]) / n ==
          Approx(mix.weights()[static_cast<Index>(k)]).margin(0.0056));
  }
  // Per-component moments.
  for (Index k = 0; k < 3; ++k) {
    Eigen::RowVector2d sum = Eigen::RowVector2d::Zero();
    Eigen::RowVector2d sq = Eigen::RowVector2d::Zero();
    long long count = 0;
    for (Index r = 0; r < n; ++r) {
      const Eigen::RowVector2d p = x.row(r).cast<double>();
      // Within 6 standardised units of component k: loses a fraction e^-18 of its own points and
      // takes in none of the others' (they are at least 5 of their own stds away).
      if (((p - mix.means().row(k)).array() / mix.stds().row(k).array()).matrix().norm() < 6.0) {
        sum += p;
        sq += p.array().square().matrix();
        ++count;
      }
    }
    const Eigen::RowVector2d mean = sum / static_cast<double>(count);
    const Eigen::RowVector2d var = sq / static_cast<double>(count) - mean.array().square().matrix();
    for (Index j = 0; j < 2; ++j) {
      const double s = mix.stds()(k, j);
      const double se = s / std::sqrt(static_cast<double>(count));
      CHECK(mean(j) == Approx(mix.means()(k, j)).margin(5 * se));
      CHECK(std::sqrt(var(j)) == Approx(s).epsilon(0.02));
    }
  }
}

TEST_CASE("log density integrates to 1 on a 1-D mixture (Gauss-Kronrod quadrature)", "[datasets]") {
  const auto mix = make_dataset("mog1d");
  const auto density = [&](double t) {
    Matrix x(1, 1);
    x(0, 0) = static_cast<float>(t);
    return std::exp(mix->log_density(view(x))(0));
  };
  double error = 0.0;
  // float inputs limit the integrand's resolution; the mass outside [-12, 12] is below 1e-100.
  const double mass = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
      density, -12.0, 12.0, 15, 1e-10, &error);
  CHECK(mass == Approx(1.0).epsilon(1e-6));
}

TEST_CASE("log density of a single Gaussian matches the closed form", "[datasets]") {
  const GaussianMixture g("one", Eigen::VectorXd::Ones(1), Eigen::MatrixXd{{1.0, -1.0}},
                          Eigen::MatrixXd{{2.0, 0.5}});
  Matrix x(2, 2);
  x << 1.0F, -1.0F, 3.0F, 0.0F;
  const Eigen::VectorXd lp = g.log_density(view(x));
  const double norm = -std::log(2.0 * std::numbers::pi * 2.0 * 0.5);
  CHECK(lp(0) == Approx(norm));
  CHECK(lp(1) == Approx(norm - 0.5 * (1.0 + 4.0)));
  // Far from every mode the log density stays finite (log-sum-exp).
  Matrix far(1, 2);
  far << 1e4F, 1e4F;
  CHECK(std::isfinite(g.log_density(view(far))(0)));
}

TEST_CASE("dataset registry: names and parameters and errors", "[datasets]") {
  CHECK(make_dataset("ring:k=12,radius=1,std=0.01")->modes().size() == 12);
  CHECK(make_dataset("grid:side=3")->modes().size() == 9);
  CHECK_THROWS_WITH(make_dataset("ring9"), Catch::Contains("unknown dataset 'ring9'") &&
                                               Catch::Contains("did you mean 'ring8'") &&
                                               Catch::Contains("grid25"));
  CHECK_THROWS_WITH(make_dataset("ring:radus=2"), Catch::Contains("no parameter 'radus'") &&
                                                      Catch::Contains("did you mean 'radius'"));
  CHECK_THROWS_WITH(make_dataset("ring:k=eight"),
                    Catch::Contains("ring:k: expected an integer, found 'eight'"));
  CHECK_THROWS_WITH(make_dataset("ring:k=0"), Catch::Contains("k must be >= 1"));
  CHECK_THROWS_WITH(make_dataset("gmm"), Catch::Contains("needs file=PATH"));
}

TEST_CASE("mixture files: a good one loads and bad ones name file and line", "[datasets]") {
  const auto dir = test::test_dir("gmm");
  const auto write = [&](const std::string& name, const std::string& text) {
    auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  };
  const auto good = write(
      "good.csv", "# weight, mean x, mean y, std x, std y\n1, 0, 0, 1, 1\n3, 5, 5, 0.5, 0.5\n");
  const auto mix = make_dataset("gmm:file=" + good);
  CHECK(mix->dim() == 2);
  REQUIRE(mix->modes().size() == 2);
  CHECK(mix->modes()[1].weight == Approx(0.75));

  CHECK_THROWS_WITH(make_dataset("gmm:file=" + write("ragged.csv", "1, 0, 1\n1, 0, 0, 1, 1\n")),
                    Catch::Contains("ragged.csv:2") &&
                        Catch::Contains("5 columns, but the first component has 3"));
  CHECK_THROWS_WITH(make_dataset("gmm:file=" + write("text.csv", "1, zero, 1\n")),
                    Catch::Contains("text.csv:1: column 2: expected a number, found ' zero'"));
  CHECK_THROWS_WITH(make_dataset("gmm:file=" + write("even.csv", "1, 0\n")),
                    Catch::Contains("even.csv:1: expected weight, d means and d stds"));
  CHECK_THROWS_WITH(make_dataset("gmm:file=" + write("neg.csv", "1, 0, -1\n")),
                    Catch::Contains("neg.csv") && Catch::Contains("stds must be finite and > 0"));
  CHECK_THROWS_WITH(make_dataset("gmm:file=" + write("empty.csv", "# nothing\n")),
                    Catch::Contains("empty.csv: no mixture components"));
  CHECK_THROWS_WITH(make_dataset("gmm:file=/nonexistent/x.csv"),
                    Catch::Contains("/nonexistent/x.csv: cannot open"));
}

TEST_CASE("mode coverage on hand-built samples", "[metrics]") {
  const auto ring = make_ring(4, 1.0, 0.1);  // modes at (1,0), (0,1), (-1,0), (0,-1)
  Matrix x(5, 2);
  x << 1.0F, 0.0F,   // mode 0, distance 0
      1.25F, 0.0F,   // mode 0, 2.5 std: HQ
      0.0F, 1.35F,   // mode 1, 3.5 std: not HQ
      -1.0F, 0.29F,  // mode 2, 2.9 std: HQ
      NAN, 0.0F;     // never HQ
  const ModeCoverage c = mode_coverage(view(x), ring->modes());
  CHECK(c.modes_covered == 2);
  CHECK(c.modes_total == 4);
  CHECK(c.hq_fraction == Approx(3.0 / 5.0));
  CHECK(c.hq_histogram == std::vector<long long>{2, 0, 1, 0});
  CHECK(
      mode_coverage(view(x), ring->modes(), {.hq_threshold = 3.0, .min_count = 2}).modes_covered ==
      1);
}
