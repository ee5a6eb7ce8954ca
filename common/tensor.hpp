#pragma once
// Batch-major float32 matrices: one sample per row. Row-major storage makes the first n rows of a
// buffer a contiguous prefix, so a buffer sized for the largest batch serves every smaller batch
// through a Map without reallocating.
#include <Eigen/Core>

namespace divbench {

using Index = Eigen::Index;
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixView = Eigen::Map<Matrix>;
using ConstMatrixView = Eigen::Map<const Matrix>;

// The first `rows` rows of `m` as a view (no copy, no allocation).
inline MatrixView top_rows(Matrix& m, Index rows) { return {m.data(), rows, m.cols()}; }
inline ConstMatrixView top_rows(const Matrix& m, Index rows) { return {m.data(), rows, m.cols()}; }
inline ConstMatrixView view(const Matrix& m) { return {m.data(), m.rows(), m.cols()}; }
inline ConstMatrixView view(const MatrixView& m) { return {m.data(), m.rows(), m.cols()}; }

// Grows `m` to at least `rows` x `cols` (never shrinks), so that buffers stop allocating once the
// largest batch has been seen.
inline void ensure_capacity(Matrix& m, Index rows, Index cols) {
  if (m.rows() < rows || m.cols() != cols) m.resize(std::max(rows, m.rows()), cols);
}

}  // namespace divbench
