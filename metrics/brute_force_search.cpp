#include "metrics/brute_force_search.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "common/gemm.hpp"

namespace divbench {
namespace {

using FloatMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Block shapes: a (256, 512) float block of products is 512 KiB, within this CPU's L2, and 256
// query rows amortise the packing of each 512-point panel (packing was 19 % of the time with 64).
constexpr Eigen::Index kQueryBlock = 256;
constexpr Eigen::Index kPointBlock = 512;
constexpr Eigen::Index kLanes = 16;
// Rows of the product block padded by 64 bytes: a 2 KiB row stride makes rows alias in the L1
// cache (sets repeat every 4 KiB) while OpenBLAS writes and the scan reads them.
constexpr Eigen::Index kPad = 16;
// One block of products, (query, point), of either search.
FloatMatrix product_block() { return FloatMatrix(kQueryBlock, kPointBlock + kPad); }
using Lanes = Eigen::Array<float, kLanes, 1>;

double exact_sq(const PointsRef& a, Eigen::Index i, const PointsRef& b, Eigen::Index j) {
  return (a.row(i) - b.row(j)).squaredNorm();
}

// Squared distances by the expansion |x|^2 + |y|^2 - 2 x.y in float, for candidate selection:
// points and queries centred on the points' mean (smaller norms, smaller rounding error) and cast
// to float, their squared norms, and the rounding bound of one computed distance. A self-search
// (no separate queries) keeps one copy: its queries are its points.
class Expansion {
 public:
  Expansion(const PointsRef& points, const PointsRef* queries) {
    const Eigen::RowVectorXd mean = points.colwise().mean();
    p_ = (points.rowwise() - mean).cast<float>();
    p_norm_ = p_.rowwise().squaredNorm();
    if (queries != nullptr) {
      q_ = (queries->rowwise() - mean).cast<float>();
      q_norm_ = q_.rowwise().squaredNorm();
    }
    self_ = queries == nullptr;
    max_p_norm_ = p_norm_.size() > 0 ? static_cast<double>(p_norm_.maxCoeff()) : 0.0;
    // |computed - exact| <= (d + 4) u (|x|^2 + |y|^2) for float unit roundoff u (Higham, Accuracy
    // and Stability, §3.1, for the dot product and the two sums); the float casts of the inputs
    // add at most u (|x|^2 + |y|^2) more; doubled for safety. Fused multiply-adds only lower it.
    const double u = std::numeric_limits<float>::epsilon() / 2.0;
    bound_factor_ = 2.0 * (static_cast<double>(points.cols()) + 6.0) * u;
  }

  const FloatMatrix& p() const { return p_; }                                  // (n, d)
  const FloatMatrix& q() const { return self_ ? p_ : q_; }                     // (n_queries, d)
  const Eigen::VectorXf& p_norm() const { return p_norm_; }                    // (n)
  const Eigen::VectorXf& q_norm() const { return self_ ? p_norm_ : q_norm_; }  // (n_queries)

  // Bound on the error of any computed squared distance from query i. It bounds the pair (i, j)
  // from either side in a self-search, as max_p_norm_ >= |x_j|^2.
  double delta(Eigen::Index i) const {
    return bound_factor_ * (static_cast<double>(q_norm()(i)) + max_p_norm_);
  }

 private:
  FloatMatrix p_, q_;
  Eigen::VectorXf p_norm_, q_norm_;
  bool self_ = false;
  double max_p_norm_ = 0.0;
  double bound_factor_ = 0.0;
};

// Every query's search state: the k smallest approximate squared distances offered so far
// (ascending), the threshold below which an offer may still belong to the k nearest (the k-th plus
// twice the query's rounding bound; +inf until k offers), and the candidates offered under it.
// Thresholds only fall, so a candidate above the current one can be dropped at any time; lists are
// compacted that way when they grow, which bounds the memory of a self-search whose later queries
// collect candidates from every earlier block.
class SearchState {
 public:
  SearchState(const Expansion& e, int k)
      : k_(k),
        best_(static_cast<std::size_t>(e.q().rows()) * static_cast<std::size_t>(k)),
        count_(static_cast<std::size_t>(e.q().rows()), 0),
        threshold_(static_cast<std::size_t>(e.q().rows()), std::numeric_limits<float>::infinity()),
        slack_(static_cast<std::size_t>(e.q().rows())),
        limit_(static_cast<std::size_t>(e.q().rows()), base_limit()),
        lists_(static_cast<std::size_t>(e.q().rows())) {
    for (Eigen::Index i = 0; i < e.q().rows(); ++i)
      slack_[at(i)] = static_cast<float>(2.0 * e.delta(i));
  }

  const float* thresholds() const { return threshold_.data(); }

  // Query i's k exact nearest squared distances, by recomputing its remaining candidates in
  // double, written as distances into out.row(i); frees its list.
  void finish(Eigen::Index i, const PointsRef& queries, const PointsRef& points,
              std::vector<std::pair<double, Eigen::Index>>& exact, Eigen::MatrixXd& out) {
    const std::size_t s = at(i);
    exact.clear();
    for (const Candidate& c : lists_[s]) {
      if (c.approx <= threshold_[s])
        exact.emplace_back(exact_sq(queries, i, points, c.index), c.index);
    }
    std::partial_sort(exact.begin(), exact.begin() + k_, exact.end());
    for (int j = 0; j < k_; ++j) out(i, j) = std::sqrt(exact[static_cast<std::size_t>(j)].first);
    std::vector<Candidate>().swap(lists_[s]);
  }

  void offer(Eigen::Index i, float approx, Eigen::Index point) {
    if (approx <= threshold_[at(i)]) insert(i, approx, point);
  }

 private:
  struct Candidate {
    float approx;
    Eigen::Index index;
  };

  void insert(Eigen::Index i, float approx, Eigen::Index point) {
    const std::size_t s = at(i);
    std::vector<Candidate>& list = lists_[s];
    if (list.capacity() == 0) list.reserve(base_limit());  // one allocation per query, mostly
    list.push_back({approx, point});
    float* best = &best_[s * static_cast<std::size_t>(k_)];
    int& count = count_[s];
    if (count == k_) {
      if (approx >= best[k_ - 1]) return;
      --count;
    }
    int pos = count++;
    for (; pos > 0 && best[pos - 1] > approx; --pos) best[pos] = best[pos - 1];
    best[pos] = approx;
    if (count < k_) return;
    threshold_[s] = best[k_ - 1] + slack_[s];
    if (list.size() >= limit_[s]) {
      const float t = threshold_[s];
      std::erase_if(list, [t](const Candidate& c) { return c.approx > t; });
      limit_[s] = std::max(base_limit(), 2 * list.size());
    }
  }

  static std::size_t at(Eigen::Index i) { return static_cast<std::size_t>(i); }
  std::size_t base_limit() const { return 4 * static_cast<std::size_t>(k_) + 16; }

  int k_;
  std::vector<float> best_;  // (queries, k)
  std::vector<int> count_;
  std::vector<float> threshold_, slack_;
  std::vector<std::size_t> limit_;
  std::vector<std::vector<Candidate>> lists_;
};

// Sixteen values of the expansion, v = (|y|^2 - 2 x.y) + |x|^2, written to v, and a bit mask of
// the lanes where v <= max(t_j, s) (t null: v <= s). With AVX-512 the compare lands in a mask
// register; Eigen's any() on a comparison compiles to sixteen scalar compares.
[[gnu::always_inline]] inline std::uint32_t expand_lanes(const float* p_norm, const float* dot,
                                                         float q_norm, const float* t, float s,
                                                         float* v) {
#if defined(__AVX512F__)
  const __m512 values = _mm512_add_ps(
      _mm512_fnmadd_ps(_mm512_set1_ps(2.0F), _mm512_loadu_ps(dot), _mm512_loadu_ps(p_norm)),
      _mm512_set1_ps(q_norm));
  _mm512_store_ps(v, values);
  const __m512 bound =
      t == nullptr ? _mm512_set1_ps(s) : _mm512_max_ps(_mm512_loadu_ps(t), _mm512_set1_ps(s));
  return _mm512_cmp_ps_mask(values, bound, _CMP_LE_OQ);
#else
  Eigen::Map<Lanes, Eigen::Aligned64> values(v);
  values = (Eigen::Map<const Lanes>(p_norm) - 2.0F * Eigen::Map<const Lanes>(dot)) + q_norm;
  std::uint32_t mask = 0;
  for (int j = 0; j < kLanes; ++j) {
    if (v[j] <= (t == nullptr ? s : std::max(t[j], s))) mask |= 1U << j;
  }
  return mask;
#endif
}

// Completes the expansion of one block of products, rows = queries q0.., columns = points p0..,
// and offers each value: to the row's query, and in a self-search (queries = points) also to the
// column's query, for pairs j > i only, so that each pair is computed and offered once. Values
// are computed 16 at a time (vectorised) and compared with the thresholds in a tight loop that
// stops only at lanes at or below one, rare after the first few blocks; those are offered. Each
// value is computed once, so two evaluations (which may round differently with fused
// multiply-adds) never disagree. kSelf is a template parameter to keep its branch out of the
// tight loop.
template <bool kSelf>
void scan_block(const FloatMatrix& dots, Eigen::Index nq, Eigen::Index np, Eigen::Index q0,
                Eigen::Index p0, const Expansion& e, SearchState& state) {
  const float* thresholds = state.thresholds();
  // A self-search also tests each value against the column's query's threshold.
  const float* column_thresholds = kSelf ? thresholds + p0 : nullptr;
  const float* p_norm = e.p_norm().data() + p0;
  const Eigen::Index full = np / kLanes * kLanes;
  alignas(64) float v[kLanes];
  const auto offer = [&](Eigen::Index i, Eigen::Index j, float value) {
    if constexpr (!kSelf) {
      state.offer(i, value, j);
    } else if (j > i) {
      state.offer(i, value, j);
      state.offer(j, value, i);
    }
  };
  for (Eigen::Index a = 0; a < nq; ++a) {
    const Eigen::Index i = q0 + a;
    const float q_norm = e.q_norm()(i);
    const float* row = dots.row(a).data();
    for (Eigen::Index b0 = 0; b0 < full; b0 += kLanes) {
      const float row_threshold = thresholds[i];
      std::uint32_t mask = 0;
      for (; b0 < full; b0 += kLanes) {
        mask = expand_lanes(p_norm + b0, row + b0, q_norm, kSelf ? column_thresholds + b0 : nullptr,
                            row_threshold, v);
        if (mask != 0) break;
      }
      for (; mask != 0; mask &= mask - 1) {
        const int lane = std::countr_zero(mask);
        offer(i, p0 + b0 + lane, v[lane]);
      }
    }
    for (Eigen::Index b = full; b < np; ++b) offer(i, p0 + b, (p_norm[b] - 2.0F * row[b]) + q_norm);
  }
}

}  // namespace

// Queries in blocks of 256; per block, products with every 512-point panel (in a self-search only
// the panels that hold pairs j > i: half the products), then the block's queries are complete —
// in a self-search, query i's pairs with earlier points were offered by earlier blocks — and are
// recomputed exactly.
Eigen::MatrixXd brute_force_knn(const PointsRef& points, const PointsRef& queries, int k,
                                bool exclude_self) {
  const PointsRef& q = exclude_self ? points : queries;
  const Expansion e(points, exclude_self ? nullptr : &queries);
  SearchState state(e, k);
  Eigen::MatrixXd out(q.rows(), k);
  FloatMatrix dots = product_block();
  std::vector<std::pair<double, Eigen::Index>> exact;
  for (Eigen::Index q0 = 0; q0 < q.rows(); q0 += kQueryBlock) {
    const Eigen::Index nq = std::min(kQueryBlock, q.rows() - q0);
    const Eigen::Index first = exclude_self ? q0 / kPointBlock * kPointBlock : 0;
    for (Eigen::Index p0 = first; p0 < points.rows(); p0 += kPointBlock) {
      const Eigen::Index np = std::min(kPointBlock, points.rows() - p0);
      // The products through models/gemm (OpenBLAS's kernels where available): the rounding
      // bound holds for any summation order, and candidates are recomputed exactly, so the kernel
      // cannot change the neighbours found.
      gemm(e.q().middleRows(q0, nq), Op::none, e.p().middleRows(p0, np), Op::transpose,
           dots.topLeftCorner(nq, np));  // (nq, np)
      if (exclude_self) {
        scan_block<true>(dots, nq, np, q0, p0, e, state);
      } else {
        scan_block<false>(dots, nq, np, q0, p0, e, state);
      }
    }
    for (Eigen::Index i = q0; i < q0 + nq; ++i) state.finish(i, q, points, exact, out);
  }
  return out;
}

Eigen::VectorXi brute_force_balls(const PointsRef& centres, const Eigen::VectorXd& radii,
                                  const PointsRef& queries) {
  const Expansion e(centres, &queries);
  FloatMatrix dots = product_block();
  Eigen::VectorXi out = Eigen::VectorXi::Zero(queries.rows());
  for (Eigen::Index q0 = 0; q0 < queries.rows(); q0 += kQueryBlock) {
    const Eigen::Index nq = std::min(kQueryBlock, queries.rows() - q0);
    for (Eigen::Index p0 = 0; p0 < centres.rows(); p0 += kPointBlock) {
      const Eigen::Index np = std::min(kPointBlock, centres.rows() - p0);
      auto block = dots.topLeftCorner(nq, np);  // (nq, np)
      gemm(e.q().middleRows(q0, nq), Op::none, e.p().middleRows(p0, np), Op::transpose, block);
      for (Eigen::Index a = 0; a < nq; ++a) {
        const Eigen::Index qi = q0 + a;
        const double delta = e.delta(qi);
        for (Eigen::Index b = 0; b < np; ++b) {
          const Eigen::Index ci = p0 + b;
          const double approx = e.q_norm()(qi) + e.p_norm()(ci) - 2.0F * dots(a, b);
          const double r2 = radii(ci) * radii(ci);
          if (approx > r2 + delta) continue;
          if (approx < r2 - delta || exact_sq(queries, qi, centres, ci) <= r2) ++out(qi);
        }
      }
    }
  }
  return out;
}

}  // namespace divbench
