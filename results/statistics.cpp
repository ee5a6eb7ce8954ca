#include "results/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace divbench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The exact Mann–Whitney distribution below this many values in the smaller sample (scipy's
// method="auto" rule), when there are no ties.
constexpr std::size_t kExactBelow = 8;

double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (const double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double variance_of(const std::vector<double>& v, double mean) {
  double ss = 0.0;
  for (const double x : v) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(v.size() - 1);
}

// Quantile q of sorted values, linear interpolation between order statistics (Hyndman-Fan 7).
double quantile(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Two-sided p-value of U = u under H0 without ties, from the exact null distribution: the number
// of arrangements c(n1, n2, u) of n1 a's and n2 b's with U = u obeys
//   c(n1, n2, u) = c(n1 - 1, n2, u - n2) + c(n1, n2 - 1, u)
// (the largest value is an a, which beats all n2 b's, or a b). p = 2 min(P(U <= u), P(U >= u)).
double exact_u_p_value(std::size_t n1, std::size_t n2, double u) {
  const std::size_t max_u = n1 * n2;
  // counts[i][j][k] for i <= n1, j <= n2 built row by row over i, as doubles (C(n1 + n2, n1) fits).
  std::vector<std::vector<std::vector<double>>> c(
      n1 + 1, std::vector<std::vector<double>>(n2 + 1, std::vector<double>(max_u + 1, 0.0)));
  for (std::size_t i = 0; i <= n1; ++i) {
    for (std::size_t j = 0; j <= n2; ++j) {
      if (i == 0 || j == 0) {
        c[i][j][0] = 1.0;
        continue;
      }
      for (std::size_t k = 0; k <= i * j; ++k) {
        c[i][j][k] = (k >= j ? c[i - 1][j][k - j] : 0.0) + c[i][j - 1][k];
      }
    }
  }
  const std::vector<double>& dist = c[n1][n2];
  double total = 0.0, below = 0.0, above = 0.0;
  for (std::size_t k = 0; k <= max_u; ++k) {
    total += dist[k];
    if (static_cast<double>(k) <= u) below += dist[k];
    if (static_cast<double>(k) >= u) above += dist[k];
  }
  return std::min(1.0, 2.0 * std::min(below, above) / total);
}

}  // namespace

Summary summarise(std::vector<double> values) {
  Summary s;
  s.n = static_cast<long long>(values.size());
  if (values.empty()) {
    s.mean = s.median = s.q1 = s.q3 = kNaN;
    return s;
  }
  s.mean = mean_of(values);
  if (values.size() > 1) {
    s.std = std::sqrt(variance_of(values, s.mean));
    const boost::math::students_t t(static_cast<double>(values.size() - 1));
    s.ci95 =
        boost::math::quantile(t, 0.975) * s.std / std::sqrt(static_cast<double>(values.size()));
  }
  std::sort(values.begin(), values.end());
  s.median = quantile(values, 0.5);
  s.q1 = quantile(values, 0.25);
  s.q3 = quantile(values, 0.75);
  return s;
}

double welch_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || b.size() < 2) return kNaN;
  const double ma = mean_of(a), mb = mean_of(b);
  const double va = variance_of(a, ma) / static_cast<double>(a.size());
  const double vb = variance_of(b, mb) / static_cast<double>(b.size());
  return welch_t_test(ma, va, static_cast<long long>(a.size()), mb, vb,
                      static_cast<long long>(b.size()));
}

double welch_t_test(double ma, double va, long long na, double mb, double vb, long long nb) {
  if (na < 2 || nb < 2) return kNaN;
  if (va + vb == 0.0) return ma == mb ? 1.0 : 0.0;
  const double t = (ma - mb) / std::sqrt(va + vb);
  const double nu = (va + vb) * (va + vb) /
                    (va * va / static_cast<double>(na - 1) + vb * vb / static_cast<double>(nb - 1));
  const boost::math::students_t dist(nu);
  return 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

double mann_whitney_u_test(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) return kNaN;
  // Midranks of the pooled sample.
  std::vector<std::pair<double, int>> pooled;
  pooled.reserve(a.size() + b.size());
  for (const double x : a) pooled.emplace_back(x, 0);
  for (const double x : b) pooled.emplace_back(x, 1);
  std::sort(pooled.begin(), pooled.end());
  const auto n = static_cast<double>(pooled.size());
  double rank_sum_a = 0.0, tie_term = 0.0;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double midrank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1..j
    const auto t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second == 0) rank_sum_a += midrank;
    }
    i = j;
  }
  const auto na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double u = rank_sum_a - na * (na + 1.0) / 2.0;
  if (tie_term == 0.0 && std::min(a.size(), b.size()) < kExactBelow)
    return exact_u_p_value(a.size(), b.size(), u);
  const double mu = na * nb / 2.0;
  const double sigma = std::sqrt(na * nb / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0))));
  if (sigma == 0.0) return 1.0;
  // Two-sided with continuity correction: z = (|U - mu| - 1/2) / sigma.
  const double z = std::max(0.0, std::fabs(u - mu) - 0.5) / sigma;
  const boost::math::normal normal;
  return std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(normal, z)));
}

}  // namespace divbench
