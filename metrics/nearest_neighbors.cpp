#include "metrics/nearest_neighbors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nanoflann.hpp>

#include "metrics/brute_force_search.hpp"

namespace divbench {
namespace {

// nanoflann's view of a PointMatrix.
struct PointCloud {
  const PointsRef& m;
  std::size_t kdtree_get_point_count() const { return static_cast<std::size_t>(m.rows()); }
  double kdtree_get_pt(std::size_t i, std::size_t d) const {
    return m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(d));
  }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

template <int Dim>
using KdTree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, PointCloud>,
                                                   PointCloud, Dim, std::uint32_t>;

// Queries in an order where consecutive ones are close in space, so that successive searches walk
// the same branches of the tree (cache locality): for a self-search the tree's own leaf order,
// otherwise a Morton (Z-order) curve over the queries' bounding box for d <= 3, else as given.
template <class Tree>
std::vector<Eigen::Index> query_order(const Tree& tree, const PointsRef& queries, bool self) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(queries.rows()));
  if (self) {
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = tree.vAcc[i];
    return order;
  }
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<Eigen::Index>(i);
  const Eigen::Index d = queries.cols();
  if (d > 3 || queries.rows() == 0) return order;
  const Eigen::RowVectorXd lo = queries.colwise().minCoeff();
  const Eigen::RowVectorXd span = (queries.colwise().maxCoeff() - lo).cwiseMax(1e-300);
  std::vector<std::uint64_t> code(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::uint64_t c = 0;
    for (Eigen::Index j = 0; j < d; ++j) {
      const double t = (queries(static_cast<Eigen::Index>(i), j) - lo(j)) / span(j);
      const auto cell = static_cast<std::uint64_t>(std::clamp(t, 0.0, 1.0) * 1048575.0);  // 20 bits
      for (int b = 0; b < 20; ++b) c |= ((cell >> b) & 1U) << (b * d + j);
    }
    code[i] = c;
  }
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return code[static_cast<std::size_t>(a)] < code[static_cast<std::size_t>(b)];
  });
  return order;
}

template <int Dim>
Eigen::MatrixXd kd_tree_knn(const PointsRef& points, const PointsRef& queries, int k,
                            bool exclude_self) {
  const PointCloud cloud{points};
  const KdTree<Dim> tree(static_cast<int>(points.cols()), cloud,
                         nanoflann::KDTreeSingleIndexAdaptorParams(8));
  const int want = k + (exclude_self ? 1 : 0);
  std::vector<std::uint32_t> index(static_cast<std::size_t>(want));
  std::vector<double> dist_sq(static_cast<std::size_t>(want));
  Eigen::MatrixXd out(queries.rows(), k);
  for (const Eigen::Index q : query_order(tree, queries, exclude_self)) {
    nanoflann::KNNResultSet<double, std::uint32_t> result(static_cast<std::size_t>(want));
    result.init(index.data(), dist_sq.data());
    tree.findNeighbors(result, queries.row(q).data(), nanoflann::SearchParams());
    // Drop the query itself (by index, so that its duplicates still count); if it is not among
    // the results, ties at distance 0 pushed it out and the last result goes instead.
    int skip = want - 1;
    if (exclude_self) {
      for (int j = 0; j < want; ++j) {
        if (static_cast<Eigen::Index>(index[static_cast<std::size_t>(j)]) == q) skip = j;
      }
    }
    for (int j = 0, c = 0; j < want && c < k; ++j) {
      if (exclude_self && j == skip) continue;
      out(q, c++) = std::sqrt(dist_sq[static_cast<std::size_t>(j)]);
    }
  }
  return out;
}

// The tree with the dimension fixed at compile time where it is small (unrolled distances).
Eigen::MatrixXd kd_tree_knn(const PointsRef& points, const PointsRef& queries, int k,
                            bool exclude_self) {
  switch (points.cols()) {
    case 1:
      return kd_tree_knn<1>(points, queries, k, exclude_self);
    case 2:
      return kd_tree_knn<2>(points, queries, k, exclude_self);
    case 3:
      return kd_tree_knn<3>(points, queries, k, exclude_self);
    default:
      return kd_tree_knn<-1>(points, queries, k, exclude_self);
  }
}

Eigen::VectorXi kd_tree_balls(const PointsRef& centres, const Eigen::VectorXd& radii,
                              const PointsRef& queries) {
  const PointCloud cloud{centres};
  const KdTree<-1> tree(static_cast<int>(centres.cols()), cloud,
                        nanoflann::KDTreeSingleIndexAdaptorParams(8));
  const double r_max = radii.size() > 0 ? radii.maxCoeff() : 0.0;
  // nanoflann's radius test is strict (d^2 < R): search a little wider, decide exactly below.
  const double search_sq = std::nextafter(r_max * r_max, std::numeric_limits<double>::infinity());
  std::vector<std::pair<std::uint32_t, double>> found;
  nanoflann::SearchParams params;
  params.sorted = false;
  Eigen::VectorXi out = Eigen::VectorXi::Zero(queries.rows());
  for (Eigen::Index q = 0; q < queries.rows(); ++q) {
    found.clear();
    tree.radiusSearch(queries.row(q).data(), search_sq, found, params);
    for (const auto& [i, d2] : found) {
      const double r = radii(static_cast<Eigen::Index>(i));
      if (d2 <= r * r) ++out(q);
    }
  }
  return out;
}

}  // namespace

Eigen::VectorXi balls_containing(const PointsRef& centres, const Eigen::VectorXd& radii,
                                 const PointsRef& queries, KnnMethod method) {
  if (centres.cols() != queries.cols()) {
    throw std::invalid_argument(
        fmt::format("ball centres are {}-D but queries are {}-D", centres.cols(), queries.cols()));
  }
  if (radii.size() != centres.rows()) throw std::invalid_argument("one radius per ball centre");
  if (method == KnnMethod::kAuto) {
    method = centres.cols() >= kBruteForceFromDim ? KnnMethod::kBruteForce : KnnMethod::kKdTree;
  }
  return method == KnnMethod::kKdTree ? kd_tree_balls(centres, radii, queries)
                                      : brute_force_balls(centres, radii, queries);
}

Eigen::MatrixXd knn_distances(const PointsRef& points, const PointsRef& queries, int k,
                              bool exclude_self, KnnMethod method) {
  if (k < 1) throw std::invalid_argument(fmt::format("k must be >= 1, found {}", k));
  if (points.cols() != queries.cols()) {
    throw std::invalid_argument(
        fmt::format("points are {}-D but queries are {}-D", points.cols(), queries.cols()));
  }
  const Eigen::Index available = points.rows() - (exclude_self ? 1 : 0);
  if (available < k) {
    throw std::invalid_argument(fmt::format(
        "k = {} needs at least {} points{}, found {}", k, k + (exclude_self ? 1 : 0),
        exclude_self ? " (each point's neighbours exclude itself)" : "", points.rows()));
  }
  if (exclude_self && points.data() != queries.data() && points.rows() != queries.rows()) {
    throw std::invalid_argument("exclude_self needs the queries to be the points themselves");
  }
  if (method == KnnMethod::kAuto) {
    method = points.cols() >= kBruteForceFromDim ? KnnMethod::kBruteForce : KnnMethod::kKdTree;
  }
  return method == KnnMethod::kKdTree ? kd_tree_knn(points, queries, k, exclude_self)
                                      : brute_force_knn(points, queries, k, exclude_self);
}

}  // namespace divbench
