#include "results/figure_input.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <stdexcept>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "datasets/dataset_registry.hpp"
#include "common/hdf5_io.hpp"
#include "results/table.hpp"

namespace divbench {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}

template <class T>
void put_matrix(H5::Group& group, const std::string& name, const std::vector<T>& values,
                hsize_t rows, hsize_t cols, const H5::PredType& type) {
  const hsize_t dims[2] = {rows, cols};
  H5::DataSet ds = group.createDataSet(name, type, H5::DataSpace(2, dims));
  if (!values.empty()) ds.write(values.data(), type);
}

// The first two columns of `m`, row-major.
std::vector<float> first_two(const Matrix& m) {
  std::vector<float> out;
  const Index cols = std::min<Index>(2, m.cols());
  for (Index i = 0; i < m.rows(); ++i) {
    for (Index j = 0; j < 2; ++j) out.push_back(j < cols ? m(i, j) : 0.0F);
  }
  return out;
}

void write_scatter_cell(H5::Group& cell, const RunRecord& run, long long data_points) {
  put(cell, "seed", run.config.seed);
  put_matrix(cell, "samples", first_two(run.samples), static_cast<hsize_t>(run.samples.rows()), 2,
             H5::PredType::NATIVE_FLOAT);
  const auto dataset = dataset_registry().make(run.config.dataset);
  Rng rng(0, "figure.data");
  const Matrix data = dataset->sample(data_points, rng);
  put_matrix(cell, "data", first_two(data), static_cast<hsize_t>(data.rows()), 2,
             H5::PredType::NATIVE_FLOAT);
  if (dataset->modes().empty()) return;
  std::vector<double> centres;
  for (const Mode& m : dataset->modes()) {
    centres.push_back(m.centre(0));
    centres.push_back(m.centre.size() > 1 ? m.centre(1) : 0.0);
  }
  put_matrix(cell, "modes", centres, dataset->modes().size(), 2, H5::PredType::NATIVE_DOUBLE);
}

void write_images_cell(H5::Group& cell, const RunRecord& run, long long count) {
  put(cell, "seed", run.config.seed);
  // Recorded by the run; older files: the dataset's shape, which real-data datasets know without
  // reading their files (datasets/deferred_dataset.hpp).
  std::string shape = run.sample_shape;
  if (shape.empty()) {
    for (const Index s : dataset_registry().make(run.config.dataset)->sample_shape())
      shape += (shape.empty() ? "" : "x") + std::to_string(s);
  }
  put(cell, "shape", shape);
  const Index n = std::min<Index>(count, run.samples.rows());
  std::vector<float> values(run.samples.data(), run.samples.data() + n * run.samples.cols());
  put_matrix(cell, "samples", values, static_cast<hsize_t>(n),
             static_cast<hsize_t>(run.samples.cols()), H5::PredType::NATIVE_FLOAT);
}

const std::vector<double>* curve_of(const RunRecord& run, const std::string& metric) {
  static const std::string prefix = "objective.";
  const auto& series = metric.rfind(prefix, 0) == 0 ? run.curves.objective : run.curves.metrics;
  const std::string name = metric.rfind(prefix, 0) == 0 ? metric.substr(prefix.size()) : metric;
  const auto it = series.find(name);
  return it == series.end() ? nullptr : &it->second;
}

void write_curves_cell(H5::Group& cell, const std::vector<const RunRecord*>& runs,
                       const std::vector<std::string>& metrics) {
  const RunRecord* longest = runs.front();
  for (const RunRecord* r : runs)
    if (r->curves.step.size() > longest->curves.step.size()) longest = r;
  const std::size_t points = longest->curves.step.size();
  put_vector(cell, "step", longest->curves.step, H5::PredType::NATIVE_LLONG);
  for (const std::string& metric : metrics) {
    std::vector<double> values(runs.size() * points, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (const auto* curve = curve_of(*runs[i], metric))
        std::copy(curve->begin(), curve->end(), values.begin() + static_cast<long>(i * points));
    }
    put_matrix(cell, metric, values, runs.size(), points, H5::PredType::NATIVE_DOUBLE);
  }
}

}  // namespace

FigureKind parse_figure_kind(const std::string& text) {
  if (text == "scatter") return FigureKind::scatter;
  if (text == "curves") return FigureKind::curves;
  if (text == "images") return FigureKind::images;
  throw std::invalid_argument(
      fmt::format("--kind: expected scatter, curves or images, found '{}'", text));
}

void write_figure_input(const NamedRuns& runs, const FigureOptions& o, const std::string& path) {
  const RunGroups groups = group_runs(runs, o.groups);
  std::vector<std::string> metrics;
  if (o.kind == FigureKind::curves) {
    const std::vector<std::string> names = known_curve_metrics(runs);
    const std::set<std::string> known(names.begin(), names.end());
    if (o.metrics.empty())
      throw std::invalid_argument("--metrics: curves need at least one metric");
    for (const auto& m : o.metrics) {
      const std::string c = canonical_metric(m);
      if (known.count(c) == 0) {
        throw std::invalid_argument(
            fmt::format("--metrics: no run has a curve '{}'; curves are: {}", m, joined(names)));
      }
      metrics.push_back(c);
    }
  }
  write_hdf5_atomically(path, "figure input", [&](H5::H5File& file) {
    H5::Group root = file.openGroup("/");
    put(root, "kind",
        std::string(o.kind == FigureKind::scatter  ? "scatter"
                    : o.kind == FigureKind::curves ? "curves"
                                                   : "images"));
    put(root, "rows", o.groups.rows);
    put(root, "cols", o.groups.cols);
    put(root, "row_values", joined(groups.row_values));
    put(root, "col_values", joined(groups.col_values));
    put(root, "metrics", joined(metrics));
    for (std::size_t r = 0; r < groups.row_values.size(); ++r) {
      for (std::size_t c = 0; c < groups.col_values.size(); ++c) {
        const auto& members = groups.members[r][c];
        if (members.empty()) continue;
        H5::Group cell = root.createGroup(fmt::format("cell_{}_{}", r, c));
        if (o.kind != FigureKind::curves) {
          const RunRecord* first = *std::min_element(members.begin(), members.end(),
                                                     [](const RunRecord* a, const RunRecord* b) {
                                                       return a->config.seed < b->config.seed;
                                                     });
          if (o.kind == FigureKind::scatter) {
            write_scatter_cell(cell, *first, o.data_points);
          } else {
            write_images_cell(cell, *first, o.image_count);
          }
        } else {
          write_curves_cell(cell, members, metrics);
        }
      }
    }
  });
}

}  // namespace divbench
