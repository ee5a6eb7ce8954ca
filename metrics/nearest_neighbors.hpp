#pragma once
// k nearest neighbours in Euclidean distance, the engine of every k-NN metric (KL and entropy
// estimates, precision/recall, density/coverage). Two exact paths, chosen by dimension:
//   - a k-d tree (nanoflann) for low dimensions, where trees prune well;
//   - a blocked brute force for high dimensions (d >= 16), where trees degenerate: float matrix
//     products select candidates and the candidates are recomputed exactly in double
//     (brute_force_search.hpp).
// Both return the same distances (up to the order of exact ties), in double.
#include <Eigen/Core>

namespace divbench {

// Points as rows, in double: (n, d).
using PointMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// What the estimators take: a PointMatrix, or any row-major double block with unit inner stride
// (a NumPy float64 C-order array through the Python module), without a copy.
using PointsRef = Eigen::Ref<const PointMatrix>;

enum class KnnMethod { kAuto, kKdTree, kBruteForce };

// Dimension from which kAuto uses brute force.
inline constexpr Eigen::Index kBruteForceFromDim = 16;

// Sorted distances from each row of `queries` to its k nearest rows of `points`: (n_queries, k).
// With `exclude_self`, `queries` must be `points` itself and query i never returns point i (its
// duplicates elsewhere in the set still count). Throws std::invalid_argument when k < 1, when
// there are fewer than k candidate points (k + 1 with exclude_self), or when dimensions differ.
Eigen::MatrixXd knn_distances(const PointsRef& points, const PointsRef& queries, int k,
                              bool exclude_self, KnnMethod method = KnnMethod::kAuto);

// For each query, how many of the closed balls B(centres_i, radii_i) contain it. The same two
// paths: a k-d tree radius search up to the largest radius, or the blocked brute force whose
// float distances decide every pair farther than their rounding bound from the sphere and leave
// the rest to an exact double computation.
Eigen::VectorXi balls_containing(const PointsRef& centres, const Eigen::VectorXd& radii,
                                 const PointsRef& queries, KnnMethod method = KnnMethod::kAuto);

}  // namespace divbench
