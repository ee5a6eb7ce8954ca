#include "metrics/nearest_neighbors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nanoflann.hpp>

#include "models/gemm.hpp"

namespace divbench {
namespace {

// nanoflann's view of a PointMatrix.
struct PointCloud {
  const PointMatrix& m;
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
std::vector<Eigen::Index> query_order(const Tree& tree, const PointMatrix& queries, bool self) {
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
Eigen::MatrixXd kd_tree_knn(const PointMatrix& points, const PointMatrix& queries, int k,
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
Eigen::MatrixXd kd_tree_knn(const PointMatrix& points, const PointMatrix& queries, int k,
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

using FloatMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double exact_sq(const PointMatrix& a, Eigen::Index i, const PointMatrix& b, Eigen::Index j) {
  return (a.row(i) - b.row(j)).squaredNorm();
}

// Squared distances by the expansion |x|^2 + |y|^2 - 2 x.y in float, for candidate selection:
// points and queries centred on the points' mean (smaller norms, smaller rounding error) and cast
// to float, their squared norms, and the rounding bound of one computed distance.
struct Expansion {
  FloatMatrix p, q;  // (n, d), (n_queries, d)
  Eigen::VectorXf p_norm, q_norm;
  double max_p_norm = 0.0;
  double bound_factor = 0.0;

  Expansion(const PointMatrix& points, const PointMatrix& queries) {
    const Eigen::RowVectorXd mean = points.colwise().mean();
    p = (points.rowwise() - mean).cast<float>();
    q = (queries.rowwise() - mean).cast<float>();
    p_norm = p.rowwise().squaredNorm();
    q_norm = q.rowwise().squaredNorm();
    max_p_norm = p_norm.size() > 0 ? static_cast<double>(p_norm.maxCoeff()) : 0.0;
    // |computed - exact| <= (d + 4) u (|x|^2 + |y|^2) for float unit roundoff u (Higham, Accuracy
    // and Stability, §3.1, for the dot product and the two sums); the float casts of the inputs
    // add at most u (|x|^2 + |y|^2) more; doubled for safety.
    const double u = std::numeric_limits<float>::epsilon() / 2.0;
    bound_factor = 2.0 * (static_cast<double>(points.cols()) + 6.0) * u;
  }
  // Bound on the error of any computed squared distance from query i.
  double delta(Eigen::Index i) const {
    return bound_factor * (static_cast<double>(q_norm(i)) + max_p_norm);
  }
};

// The k smallest approximate squared distances seen so far for one query, ascending, and the
// threshold below which a new distance may still belong to the k nearest.
struct TopK {
  std::vector<float> best;  // ascending, at most k
  float threshold = std::numeric_limits<float>::infinity();

  void reset(int k) {
    best.clear();
    best.reserve(static_cast<std::size_t>(k));
    threshold = std::numeric_limits<float>::infinity();
  }
  void offer(float approx, int k, float slack) {
    if (static_cast<int>(best.size()) == k) {
      if (approx >= best.back()) return;
      best.pop_back();
    }
    best.insert(std::upper_bound(best.begin(), best.end(), approx), approx);
    if (static_cast<int>(best.size()) == k) threshold = best.back() + slack;
  }
};

// Blocked brute force. Per query: the k smallest approximate squared distances seen so far and
// every candidate within 2 delta of the k-th (delta bounds the expansion's error for this query);
// the candidates are filtered again against the final k-th and recomputed exactly. The scan tests
// 16 distances at a time against the threshold (vectorised) and looks closer only at blocks with
// a hit, which after the first few blocks are rare.
Eigen::MatrixXd brute_force_knn(const PointMatrix& points, const PointMatrix& queries, int k,
                                bool exclude_self) {
  const Eigen::Index n = points.rows();
  const Expansion e(points, queries);
  constexpr Eigen::Index kQueryBlock = 64;
  constexpr Eigen::Index kPointBlock = 512;
  constexpr Eigen::Index kLanes = 16;
  Eigen::MatrixXd out(queries.rows(), k);
  FloatMatrix dots(kQueryBlock, kPointBlock);
  struct Candidate {
    float approx;
    Eigen::Index index;
  };
  std::vector<std::vector<Candidate>> candidates(kQueryBlock);
  std::vector<TopK> top(kQueryBlock);
  std::vector<float> slack(kQueryBlock);
  std::vector<std::pair<double, Eigen::Index>> exact;

  for (Eigen::Index q0 = 0; q0 < queries.rows(); q0 += kQueryBlock) {
    const Eigen::Index nq = std::min(kQueryBlock, queries.rows() - q0);
    for (Eigen::Index a = 0; a < nq; ++a) {
      candidates[a].clear();
      top[a].reset(k);
      slack[a] = static_cast<float>(2.0 * e.delta(q0 + a));
    }
    for (Eigen::Index p0 = 0; p0 < n; p0 += kPointBlock) {
      const Eigen::Index np = std::min(kPointBlock, n - p0);
      // Approximate squared distances of the whole block, |x|^2 + |y|^2 - 2 x.y, (nq, np), in
      // three vectorised passes; then each row is checked 16 at a time against its threshold.
      // The products through models/gemm (OpenBLAS's kernels where available): the rounding
      // bound delta holds for any summation order, and candidates are recomputed exactly, so the
      // kernel cannot change the neighbours found.
      auto block = dots.topLeftCorner(nq, np);
      gemm(e.q.middleRows(q0, nq), Op::none, e.p.middleRows(p0, np), Op::transpose, block);
      block.array() =
          (block.array() * -2.0F).rowwise() + e.p_norm.segment(p0, np).transpose().array();
      block.array().colwise() += e.q_norm.segment(q0, nq).array();
      for (Eigen::Index a = 0; a < nq; ++a) {
        const Eigen::Index qi = q0 + a;
        const float* row = dots.row(a).data();
        TopK& t = top[a];
        for (Eigen::Index b0 = 0; b0 < np; b0 += kLanes) {
          const Eigen::Index lanes = std::min(kLanes, np - b0);
          const float threshold = t.threshold;  // a local, so that the check vectorises
          if (lanes == kLanes &&
              !(Eigen::Map<const Eigen::Array<float, kLanes, 1>>(row + b0) <= threshold).any()) {
            continue;
          }
          for (Eigen::Index j = 0; j < lanes; ++j) {
            const Eigen::Index pi = p0 + b0 + j;
            if (row[b0 + j] > t.threshold || (exclude_self && pi == qi)) continue;
            candidates[a].push_back({row[b0 + j], pi});
            t.offer(row[b0 + j], k, slack[a]);
          }
        }
      }
    }
    for (Eigen::Index a = 0; a < nq; ++a) {
      const Eigen::Index qi = q0 + a;
      exact.clear();
      for (const Candidate& c : candidates[a]) {
        if (c.approx <= top[a].threshold)
          exact.emplace_back(exact_sq(queries, qi, points, c.index), c.index);
      }
      std::partial_sort(exact.begin(), exact.begin() + k, exact.end());
      for (int j = 0; j < k; ++j) out(qi, j) = std::sqrt(exact[static_cast<std::size_t>(j)].first);
    }
  }
  return out;
}

Eigen::VectorXi kd_tree_balls(const PointMatrix& centres, const Eigen::VectorXd& radii,
                              const PointMatrix& queries) {
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

Eigen::VectorXi brute_force_balls(const PointMatrix& centres, const Eigen::VectorXd& radii,
                                  const PointMatrix& queries) {
  const Expansion e(centres, queries);
  constexpr Eigen::Index kQueryBlock = 64;
  constexpr Eigen::Index kPointBlock = 512;
  FloatMatrix dots(kQueryBlock, kPointBlock);
  Eigen::VectorXi out = Eigen::VectorXi::Zero(queries.rows());
  for (Eigen::Index q0 = 0; q0 < queries.rows(); q0 += kQueryBlock) {
    const Eigen::Index nq = std::min(kQueryBlock, queries.rows() - q0);
    for (Eigen::Index p0 = 0; p0 < centres.rows(); p0 += kPointBlock) {
      const Eigen::Index np = std::min(kPointBlock, centres.rows() - p0);
      auto block = dots.topLeftCorner(nq, np);  // (nq, np)
      gemm(e.q.middleRows(q0, nq), Op::none, e.p.middleRows(p0, np), Op::transpose, block);
      for (Eigen::Index a = 0; a < nq; ++a) {
        const Eigen::Index qi = q0 + a;
        const double delta = e.delta(qi);
        for (Eigen::Index b = 0; b < np; ++b) {
          const Eigen::Index ci = p0 + b;
          const double approx = e.q_norm(qi) + e.p_norm(ci) - 2.0F * dots(a, b);
          const double r2 = radii(ci) * radii(ci);
          if (approx > r2 + delta) continue;
          if (approx < r2 - delta || exact_sq(queries, qi, centres, ci) <= r2) ++out(qi);
        }
      }
    }
  }
  return out;
}

}  // namespace

Eigen::VectorXi balls_containing(const PointMatrix& centres, const Eigen::VectorXd& radii,
                                 const PointMatrix& queries, KnnMethod method) {
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

Eigen::MatrixXd knn_distances(const PointMatrix& points, const PointMatrix& queries, int k,
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
  if (exclude_self && &points != &queries && points.rows() != queries.rows()) {
    throw std::invalid_argument("exclude_self needs the queries to be the points themselves");
  }
  if (method == KnnMethod::kAuto) {
    method = points.cols() >= kBruteForceFromDim ? KnnMethod::kBruteForce : KnnMethod::kKdTree;
  }
  return method == KnnMethod::kKdTree ? kd_tree_knn(points, queries, k, exclude_self)
                                      : brute_force_knn(points, queries, k, exclude_self);
}

}  // namespace divbench
