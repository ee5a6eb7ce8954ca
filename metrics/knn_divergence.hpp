#pragma once
// k-nearest-neighbour estimates of KL divergence and differential entropy, from samples alone
// (shared/reference/metrics.md). X_1..X_n ~ P, Y_1..Y_m ~ Q in R^d; rho_k(i) is the distance from
// X_i to its k-th nearest neighbour among the other X's, nu_k(i) to its k-th nearest among the Y's.
//
//   KL(P || Q) ~ (d/n) sum_i log(nu_k(i) / rho_k(i)) + log(m / (n - 1))
//     (Wang, Kulkarni, Verdú, IEEE Trans. Inf. Theory 55(5), 2009, eq. 14; consistent for fixed k)
//   H(P) ~ psi(n) - psi(k) + log V_d + (d/n) sum_i log rho_k(i),  V_d = pi^(d/2) / Gamma(d/2 + 1)
//     (Kozachenko & Leonenko 1987; Kraskov, Stögbauer, Grassberger 2004, eq. 20; psi(n), not
//     log(n - 1))
//
// Zero distances (a point with k or more exact duplicates) would give log 0. divbench's rule: a
// zero distance is replaced by the smallest positive distance of the same search (the data's own
// resolution) and the replacements are counted in the result. When every distance of a search is
// zero (every sample has k or more duplicates) the estimate is undefined and std::invalid_argument
// says so.
// The bias of the KL estimate grows with dimension (at d = 64, n = 1e4 a true KL of 0.5 comes out
// near 0.25-0.3): wherever the density is known, log known_density_reverse_kl beside it.
#include "metrics/nearest_neighbors.hpp"

namespace divbench {

struct KnnEstimate {
  double value = 0.0;
  long long floored = 0;  // zero distances replaced by the smallest positive one
};

// KL(P || Q) from p (n, d) and q (m, d). Needs n >= k + 1 and m >= k.
KnnEstimate knn_kl_divergence(const PointsRef& p, const PointsRef& q, int k,
                              KnnMethod method = KnnMethod::kAuto);

// Differential entropy of the distribution of x (n, d), in nats. Needs n >= k + 1.
KnnEstimate knn_entropy(const PointsRef& x, int k, KnnMethod method = KnnMethod::kAuto);

// Replaces zero entries of `distances` by its smallest positive entry; returns how many. Throws
// std::invalid_argument naming `what` when there is no positive entry.
long long floor_zero_distances(Eigen::VectorXd& distances, const char* what);

}  // namespace divbench
