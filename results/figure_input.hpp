#pragma once
// The data behind a figure, gathered from stored runs into one small HDF5 file that
// results/plot.py draws (with matplotlib): the grouping, filtering and dataset knowledge stay in
// C++, the script only draws. Layout (all under the root):
//   attributes kind ("scatter" | "curves"), rows, cols (option names), row_values, col_values,
//   metrics (newline-separated lists)
//   /cell_<r>_<c>/ for each group with runs:
//     scatter: samples (n, 2) float32 of the group's first run, attribute seed; modes (k, 2)
//              float64 (mode centres, absent when the dataset has none); data (m, 2) float32
//     curves:  step (points) int64; <metric> (runs, points) float64, NaN-padded
//     images:  samples (n, d) float32, the first `image_count` of the group's first run, with
//              attributes seed and shape ("28x28", "3x28x28": the dataset's sample shape)
// Only the first two coordinates are drawn in scatter plots.
#include <string>
#include <vector>

#include "results/run_groups.hpp"

namespace divbench {

enum class FigureKind { scatter, curves, images };

struct FigureOptions {
  FigureKind kind = FigureKind::scatter;
  GroupOptions groups{"objective", "dataset", {}};
  std::vector<std::string> metrics;  // curves: final-metric names (aliases allowed) or objective.X
  long long data_points = 2000;      // scatter: data samples drawn under the generated ones
  long long image_count = 64;        // images: samples per cell
};

FigureKind parse_figure_kind(const std::string& text);

// Throws std::invalid_argument for unknown options or metrics; std::runtime_error when the file
// cannot be written.
void write_figure_input(const NamedRuns& runs, const FigureOptions& options,
                        const std::string& path);

}  // namespace divbench
