#include "results/gaussian_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <fmt/format.h>

#include "common/spec.hpp"
#include "datasets/dataset_registry.hpp"

namespace divbench {
namespace {

constexpr double kLogSqrt2Pi = 0.91893853320467274178;

double log_normal(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - kLogSqrt2Pi;
}

// Nelder–Mead (Nelder & Mead 1965; coefficients 1, 2, 1/2, 1/2) on a function of two variables.
std::array<double, 2> nelder_mead(const std::function<double(const std::array<double, 2>&)>& f,
                                  std::array<double, 2> start, double step) {
  using Point = std::array<double, 2>;
  std::array<Point, 3> x{start, Point{start[0] + step, start[1]}, Point{start[0], start[1] + step}};
  std::array<double, 3> fx{f(x[0]), f(x[1]), f(x[2])};
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::array<int, 3> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return fx[a] < fx[b]; });
    const int best = order[0], middle = order[1], worst = order[2];
    if (std::fabs(fx[worst] - fx[best]) <= 1e-12 * (std::fabs(fx[best]) + 1e-12) &&
        std::hypot(x[worst][0] - x[best][0], x[worst][1] - x[best][1]) < 1e-9)
      break;
    const Point centroid{(x[best][0] + x[middle][0]) / 2, (x[best][1] + x[middle][1]) / 2};
    const auto along = [&](double t) {
      return Point{centroid[0] + t * (x[worst][0] - centroid[0]),
                   centroid[1] + t * (x[worst][1] - centroid[1])};
    };
    const Point reflected = along(-1.0);
    const double fr = f(reflected);
    if (fr < fx[best]) {
      const Point expanded = along(-2.0);
      const double fe = f(expanded);
      if (fe < fr) {
        x[worst] = expanded, fx[worst] = fe;
      } else {
        x[worst] = reflected, fx[worst] = fr;
      }
    } else if (fr < fx[middle]) {
      x[worst] = reflected, fx[worst] = fr;
    } else {
      const Point contracted = fr < fx[worst] ? along(-0.5) : along(0.5);
      const double fc = f(contracted);
      if (fc < std::min(fr, fx[worst])) {
        x[worst] = contracted, fx[worst] = fc;
      } else {
        for (const int i : {middle, worst}) {
          x[i] = {(x[i][0] + x[best][0]) / 2, (x[i][1] + x[best][1]) / 2};
          fx[i] = f(x[i]);
        }
      }
    }
  }
  return x[static_cast<std::size_t>(std::min_element(fx.begin(), fx.end()) - fx.begin())];
}

std::string cell_name(const FDivergence& f) { return fmt::format("fgan-{}", f.name); }

}  // namespace

Density1d mixture_density(const std::string& dataset_spec) {
  const auto dataset = dataset_registry().make(dataset_spec);
  if (dataset->dim() != 1 || dataset->modes().empty()) {
    throw std::invalid_argument(fmt::format(
        "gaussian-fit: dataset '{}' is not a 1-D Gaussian mixture (try mog1d)", dataset_spec));
  }
  std::vector<Mode> modes = dataset->modes();
  Density1d p;
  p.lo = std::numeric_limits<double>::infinity();
  p.hi = -p.lo;
  for (const Mode& m : modes) {
    p.lo = std::min(p.lo, m.centre(0) - 12.0 * m.std(0));
    p.hi = std::max(p.hi, m.centre(0) + 12.0 * m.std(0));
  }
  p.log_p = [modes](double x) {
    // log sum_k w_k N(x; c_k, s_k^2), by log-sum-exp
    const auto term = [&](const Mode& m) {
      return std::log(m.weight) + log_normal(x, m.centre(0), m.std(0));
    };
    double top = -std::numeric_limits<double>::infinity();
    for (const Mode& m : modes) top = std::max(top, term(m));
    double sum = 0.0;
    for (const Mode& m : modes) sum += std::exp(term(m) - top);
    return top + std::log(sum);
  };
  return p;
}

double exact_divergence(const FDivergence& f, const Density1d& p, double mu, double sigma) {
  // D_f = f(1) + ∫ q g(p/q) with g(u) = f(u) - f(1) - f'(1)(u - 1) >= 0 (convexity; the added
  // term integrates to 0 since ∫ p = ∫ q = 1): a non-negative integrand, so the quadrature's
  // relative tolerance means something even where D_f is near 0 (a positive and a negative part
  // cancelling would force it to full depth). Everything comes from d = log p/q without forming
  // u = e^d, which over- and underflows in the tails (for N(0,1) against N(0, 0.01^2), d = 5000 at
  // x = 1): q g(u) = max(p, q) (f_scaled(d) - (f(1) + f'(1)(u - 1)) / max(1, u)).
  const double f1 = f.f(1.0);
  const double slope = f.f_prime(1.0);
  const auto integrand = [&](double x) {
    const double lp = p.log_p(x);
    const double lq = log_normal(x, mu, sigma);
    const double d = lp - lq;
    // (f(1) + f'(1)(u - 1)) / max(1, u), the affine part of g
    const double affine =
        d > 0.0 ? f1 * std::exp(-d) - slope * std::expm1(-d) : f1 + slope * std::expm1(d);
    return std::exp(std::max(lp, lq)) * (f.f_scaled(d) - affine);
  };
  const double lo = std::min(p.lo, mu - 12.0 * sigma);
  const double hi = std::max(p.hi, mu + 12.0 * sigma);
  double error = 0.0;
  // Depth 12 (at most 4096 pieces) reaches 1e-10 for smooth f in a few levels; total variation's
  // kink at p = q stops at the depth limit, accurate to ~1e-9 there.
  return f1 + boost::math::quadrature::gauss_kronrod<double, 31>::integrate(integrand, lo, hi, 12,
                                                                            1e-10, &error);
}

GaussianFit fit_gaussian(const FDivergence& f, const Density1d& p) {
  const auto objective = [&](const std::array<double, 2>& v) {
    const double d = exact_divergence(f, p, v[0], std::exp(v[1]));
    return std::isfinite(d) ? d : std::numeric_limits<double>::max();
  };
  // A coarse grid over the data's range and widths from 1/50 to 1 of it, then Nelder–Mead.
  const double width = p.hi - p.lo;
  std::array<double, 2> best{0.0, 0.0};
  double best_value = std::numeric_limits<double>::infinity();
  for (int i = 0; i <= 24; ++i) {
    for (int j = 0; j <= 10; ++j) {
      const std::array<double, 2> v{p.lo + width * (0.1 + 0.8 * i / 24.0),
                                    std::log(width * std::pow(50.0, -j / 10.0))};
      const double value = objective(v);
      if (value < best_value) best_value = value, best = v;
    }
  }
  const std::array<double, 2> fit = nelder_mead(objective, best, 0.05);
  return {fit[0], std::exp(fit[1]), exact_divergence(f, p, fit[0], std::exp(fit[1]))};
}

Table gaussian_fit_table(const NamedRuns& runs, const TableOptions& options) {
  const FDivergence& kl = *find_f_divergence("kl");
  const FDivergence& rkl = *find_f_divergence("rkl");
  Table t;
  t.options = options;
  t.options.rows = "objective";
  t.options.cols = "fit";
  t.options.marks = false;
  t.metrics = {"mu", "sigma", "D_f", "kl_fwd", "kl_rev"};
  t.headers = {"mu", "sigma", "D_f(P||Q)", "KL(P||Q)", "KL(Q||P)"};
  t.col_values = {"exact", "variational"};

  std::string dataset;
  std::map<std::string, std::vector<const RunRecord*>> by_divergence;
  for (const auto& [name, run] : runs) {
    const Spec spec = Spec::parse(run.config.objective);
    if (spec.name().rfind("fgan-", 0) != 0 || run.config.generator != "affine") continue;
    if (!dataset.empty() && run.config.dataset != dataset) {
      throw std::invalid_argument(fmt::format("gaussian-fit: runs on two datasets, {} and {}",
                                              dataset, run.config.dataset));
    }
    dataset = run.config.dataset;
    by_divergence[spec.name().substr(5)].push_back(&run);
  }
  if (by_divergence.empty()) {
    throw std::invalid_argument(
        "gaussian-fit: no fgan-* runs with the affine generator (configs/gaussian-fit.ini)");
  }
  const Density1d p = mixture_density(dataset);
  for (const FDivergence& f : f_divergences()) {
    const auto it = by_divergence.find(f.name);
    if (it == by_divergence.end()) continue;
    t.row_values.push_back(cell_name(f));
    std::vector<std::vector<TableCell>> row(2, std::vector<TableCell>(t.metrics.size()));
    const GaussianFit exact = fit_gaussian(f, p);
    const std::array<double, 5> exact_values{exact.mu, exact.sigma, exact.divergence,
                                             exact_divergence(kl, p, exact.mu, exact.sigma),
                                             exact_divergence(rkl, p, exact.mu, exact.sigma)};
    for (std::size_t m = 0; m < exact_values.size(); ++m) {
      row[0][m].values = {exact_values[m]};
    }
    for (const RunRecord* run : it->second) {
      const auto metric = [&](const char* name) {
        const auto found = run->final_metrics.find(name);
        return found == run->final_metrics.end() ? std::numeric_limits<double>::quiet_NaN()
                                                 : found->second;
      };
      const double mu = metric("gen_mean"), sigma = metric("gen_std");
      const std::array<double, 5> values{mu, sigma, exact_divergence(f, p, mu, sigma),
                                         exact_divergence(kl, p, mu, sigma),
                                         exact_divergence(rkl, p, mu, sigma)};
      for (std::size_t m = 0; m < values.size(); ++m) {
        TableCell& cell = row[1][m];
        ++cell.runs;
        if (run->status == "diverged") ++cell.diverged;
        if (std::isfinite(values[m])) cell.values.push_back(values[m]);
      }
    }
    for (auto& col : row) {
      for (TableCell& cell : col) {
        cell.summary = summarise(cell.values);
        cell.p_vs_best = std::numeric_limits<double>::quiet_NaN();
      }
    }
    t.cells.push_back(std::move(row));
  }
  return t;
}

}  // namespace divbench
