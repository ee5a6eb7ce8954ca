#pragma once
// The blocked brute-force path of nearest_neighbors.hpp, for high dimensions where k-d trees
// degenerate. Candidate distances come from the expansion |x|^2 + |y|^2 - 2 x.y as float matrix
// products (models/gemm); every candidate that could be among the k nearest is then recomputed
// exactly in double. The expansion alone is useless for close points (it cancels to garbage, even
// < 0), which is why it only selects candidates: a candidate is kept while its approximate
// distance is within twice the expansion's rounding bound of the current k-th, which provably
// keeps the true k nearest.
#include <Eigen/Core>

#include "metrics/nearest_neighbors.hpp"

namespace divbench {

// As knn_distances(points, queries, k, exclude_self, kBruteForce); arguments already checked.
// A self-search (exclude_self) computes each pair's distance once, for both of its points.
Eigen::MatrixXd brute_force_knn(const PointsRef& points, const PointsRef& queries, int k,
                                bool exclude_self);

// As balls_containing(centres, radii, queries, kBruteForce); arguments already checked.
Eigen::VectorXi brute_force_balls(const PointsRef& centres, const Eigen::VectorXd& radii,
                                  const PointsRef& queries);

}  // namespace divbench
