#pragma once
// Summaries across seeds and the tests behind a table's significance marks. Every function takes
// the finite values of one cell (NaN and Inf are left out by the caller and counted apart).
#include <vector>

namespace divbench {

struct Summary {
  long long n = 0;
  double mean = 0.0;
  double std = 0.0;   // sample standard deviation (n - 1 in the denominator); 0 when n < 2
  double ci95 = 0.0;  // half-width of the 95% t interval for the mean, t_{0.975, n-1} s/sqrt(n)
  double median = 0.0;
  double q1 = 0.0;  // quartiles by linear interpolation (numpy's default, Hyndman-Fan 7)
  double q3 = 0.0;
};

Summary summarise(std::vector<double> values);

// Welch's unequal-variance t-test (Welch 1947), two-sided p-value:
//   t = (m_a - m_b) / sqrt(s_a^2/n_a + s_b^2/n_b),
//   nu = (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)).
// Needs n >= 2 in both; returns NaN otherwise. Two constant samples: p = 1 if equal, else 0.
double welch_t_test(const std::vector<double>& a, const std::vector<double>& b);
// The same from two means, the variances of those means (squared standard errors) and the sample
// sizes, as a published mean ± standard error over n trials gives them. NaN when n < 2.
double welch_t_test(double mean_a, double mean_variance_a, long long n_a, double mean_b,
                    double mean_variance_b, long long n_b);

// Mann–Whitney U test (Mann & Whitney 1947), two-sided p-value, as scipy.stats.mannwhitneyu with
// method="auto": from the exact null distribution of U when there are no ties and the smaller
// sample has fewer than 8 values (a table's cells of 5 or 7 seeds: the normal approximation is
// poor there), otherwise by the normal approximation with tie and continuity corrections.
// Returns NaN when either sample is empty. kMannWhitneyMethod says the same for captions.
inline constexpr const char* kMannWhitneyMethod =
    "exact when the smaller sample has fewer than 8 values and there are no ties, else the normal "
    "approximation with tie and continuity corrections";
double mann_whitney_u_test(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace divbench
