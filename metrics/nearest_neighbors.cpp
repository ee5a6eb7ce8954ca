#include "metrics/nearest_neighbors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nanoflann.hpp>

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

using KdTree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, PointCloud>,
                                                   PointCloud, -1, std::uint32_t>;

Eigen::MatrixXd kd_tree_knn(const PointMatrix& points, const PointMatrix& queries, int k,
                            bool exclude_self) {
  const PointCloud cloud{points};
  const KdTree tree(static_cast<int>(points.cols()), cloud,
                    nanoflann::KDTreeSingleIndexAdaptorParams(16));
  const int want = k + (exclude_self ? 1 : 0);
  std::vector<std::uint32_t> index(static_cast<std::size_t>(want));
  std::vector<double> dist_sq(static_cast<std::size_t>(want));
  Eigen::MatrixXd out(queries.rows(), k);
  for (Eigen::Index q = 0; q < queries.rows(); ++q) {
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

// Blocked brute force. Per query: a max-heap of the k smallest approximate squared distances seen
// so far and every candidate within 2 delta of the heap's top (delta bounds the expansion's error
// for this query), filtered again and recomputed exactly at the end.
Eigen::MatrixXd brute_force_knn(const PointMatrix& points, const PointMatrix& queries, int k,
                                bool exclude_self) {
  const Eigen::Index n = points.rows();
  const Expansion e(points, queries);

  constexpr Eigen::Index kQueryBlock = 256;
  constexpr Eigen::Index kPointBlock = 1024;
  Eigen::MatrixXd out(queries.rows(), k);
  FloatMatrix dots(kQueryBlock, kPointBlock);
  struct Candidate {
    float approx;
    Eigen::Index index;
  };
  std::vector<std::vector<Candidate>> candidates(kQueryBlock);
  std::vector<std::priority_queue<float>> heaps(kQueryBlock);
  std::vector<double> delta(kQueryBlock);
  std::vector<std::pair<double, Eigen::Index>> exact;

  for (Eigen::Index q0 = 0; q0 < queries.rows(); q0 += kQueryBlock) {
    const Eigen::Index nq = std::min(kQueryBlock, queries.rows() - q0);
    for (Eigen::Index a = 0; a < nq; ++a) {
      candidates[a].clear();
      heaps[a] = {};
      delta[a] = e.delta(q0 + a);
    }
    for (Eigen::Index p0 = 0; p0 < n; p0 += kPointBlock) {
      const Eigen::Index np = std::min(kPointBlock, n - p0);
      dots.topLeftCorner(nq, np).noalias() =
          e.q.middleRows(q0, nq) * e.p.middleRows(p0, np).transpose();  // (nq, np)
      for (Eigen::Index a = 0; a < nq; ++a) {
        const Eigen::Index qi = q0 + a;
        auto& heap = heaps[a];
        auto& cand = candidates[a];
        const float qn = e.q_norm(qi);
        const float* row = dots.row(a).data();
        for (Eigen::Index b = 0; b < np; ++b) {
          const Eigen::Index pi = p0 + b;
          if (exclude_self && pi == qi) continue;
          const float approx = qn + e.p_norm(pi) - 2.0F * row[b];
          const bool full = static_cast<int>(heap.size()) == k;
          if (full && approx > heap.top() + 2.0 * delta[a]) continue;
          cand.push_back({approx, pi});
          if (!full) {
            heap.push(approx);
          } else if (approx < heap.top()) {
            heap.pop();
            heap.push(approx);
          }
        }
      }
    }
    for (Eigen::Index a = 0; a < nq; ++a) {
      const Eigen::Index qi = q0 + a;
      const double limit = static_cast<double>(heaps[a].top()) + 2.0 * delta[a];
      exact.clear();
      for (const Candidate& c : candidates[a]) {
        if (c.approx <= limit) exact.emplace_back(exact_sq(queries, qi, points, c.index), c.index);
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
  const KdTree tree(static_cast<int>(centres.cols()), cloud,
                    nanoflann::KDTreeSingleIndexAdaptorParams(16));
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
  constexpr Eigen::Index kQueryBlock = 256;
  constexpr Eigen::Index kPointBlock = 1024;
  FloatMatrix dots(kQueryBlock, kPointBlock);
  Eigen::VectorXi out = Eigen::VectorXi::Zero(queries.rows());
  for (Eigen::Index q0 = 0; q0 < queries.rows(); q0 += kQueryBlock) {
    const Eigen::Index nq = std::min(kQueryBlock, queries.rows() - q0);
    for (Eigen::Index p0 = 0; p0 < centres.rows(); p0 += kPointBlock) {
      const Eigen::Index np = std::min(kPointBlock, centres.rows() - p0);
      dots.topLeftCorner(nq, np).noalias() =
          e.q.middleRows(q0, nq) * e.p.middleRows(p0, np).transpose();  // (nq, np)
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
