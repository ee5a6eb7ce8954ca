#include "results/table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "metrics/metric_registry.hpp"

namespace divbench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double center(const Summary& s, Aggregation a) {
  return a == Aggregation::median_iqr ? s.median : s.mean;
}

void mark_column(std::vector<TableCell*>& column, int direction, const TableOptions& options) {
  TableCell* best = nullptr;
  for (TableCell* cell : column) {
    if (cell->summary.n == 0) continue;
    const double c = center(cell->summary, options.aggregation);
    if (best == nullptr || direction * c > direction * center(best->summary, options.aggregation))
      best = cell;
  }
  if (best == nullptr) return;
  best->mark = Mark::best;
  for (TableCell* cell : column) {
    if (cell == best || cell->summary.n == 0) continue;
    if (cell->summary.n < 2 || best->summary.n < 2) {
      // Neither test has a p-value with one value on a side: not "significantly worse".
      cell->mark = Mark::untestable;
      continue;
    }
    cell->p_vs_best = options.aggregation == Aggregation::median_iqr
                          ? mann_whitney_u_test(best->values, cell->values)
                          : welch_t_test(best->values, cell->values);
    if (cell->p_vs_best >= options.alpha) cell->mark = Mark::tied;
  }
}

}  // namespace

std::string header_text(const std::string& col_value, const std::string& metric) {
  return col_value.empty() ? metric : fmt::format("{}: {}", col_value, metric);
}

std::string canonical_metric(const std::string& name) {
  static const std::map<std::string, std::string> kAliases = {{"modes", "modes_covered"},
                                                              {"hq", "hq_fraction"},
                                                              {"kl_fwd", "knn_kl_fwd"},
                                                              {"kl_rev", "knn_kl_rev"}};
  const auto it = kAliases.find(name);
  return it == kAliases.end() ? name : it->second;
}

int metric_direction(const std::string& m) {
  const MetricInfo* info = find_metric(m);  // objective estimates are not listed: no direction
  if (info == nullptr) return 0;
  switch (info->direction) {
    case MetricDirection::kHigher:
      return 1;
    case MetricDirection::kLower:
      return -1;
    case MetricDirection::kNone:
      break;
  }
  return 0;
}

double run_metric_value(const RunRecord& run, const std::string& metric, long long window) {
  static const std::string prefix = "objective.";
  const bool estimate = metric.rfind(prefix, 0) == 0;
  const auto& curves = estimate ? run.curves.objective : run.curves.metrics;
  const auto curve = curves.find(estimate ? metric.substr(prefix.size()) : metric);
  if (window > 0) {
    if (curve == curves.end()) return kNaN;
    const std::vector<double>& v = curve->second;
    const std::size_t first = v.size() > static_cast<std::size_t>(window) ? v.size() - window : 0;
    double sum = 0.0;
    long long finite = 0;
    for (std::size_t i = first; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) continue;
      sum += v[i];
      ++finite;
    }
    return finite == 0 ? kNaN : sum / static_cast<double>(finite);
  }
  if (estimate) return curve == curves.end() || curve->second.empty() ? kNaN : curve->second.back();
  const auto it = run.final_metrics.find(metric);
  return it == run.final_metrics.end() ? kNaN : it->second;
}

Aggregation parse_aggregation(const std::string& text) {
  if (text == "mean-std") return Aggregation::mean_std;
  if (text == "mean-ci95") return Aggregation::mean_ci95;
  if (text == "median-iqr") return Aggregation::median_iqr;
  throw std::invalid_argument(
      fmt::format("--agg: expected mean-std, mean-ci95 or median-iqr, found '{}'", text));
}

TableFormat parse_table_format(const std::string& text) {
  if (text == "md" || text == "markdown") return TableFormat::markdown;
  if (text == "latex" || text == "tex") return TableFormat::latex;
  if (text == "csv") return TableFormat::csv;
  throw std::invalid_argument(fmt::format("--format: expected md, latex or csv, found '{}'", text));
}

Table build_table(const NamedRuns& runs, const TableOptions& options) {
  Table t;
  t.options = options;
  if (!(options.alpha > 0.0 && options.alpha < 1.0))
    throw std::invalid_argument(
        fmt::format("--alpha: expected 0 < alpha < 1, found {}", options.alpha));
  if (options.metrics.empty()) throw std::invalid_argument("--metrics: needs at least one metric");
  if (options.window < 0)
    throw std::invalid_argument(fmt::format(
        "--window: expected 0 (the final evaluation) or N >= 1, found {}", options.window));
  // With a window, a metric is known when some run has its curve, not its final value.
  const std::vector<std::string> metrics =
      options.window > 0 ? known_curve_metrics(runs) : known_metrics(runs);
  const std::set<std::string> known(metrics.begin(), metrics.end());
  for (const std::string& m : options.metrics) {
    const std::string c = canonical_metric(m);
    if (known.count(c) == 0) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw std::invalid_argument(fmt::format(
          "--metrics: no run has {} '{}'; {} are: {} (aliases: modes, hq, kl_fwd, kl_rev)",
          options.window > 0 ? "a curve of metric" : "metric", m,
          options.window > 0 ? "curves" : "metrics", list));
    }
    t.metrics.push_back(c);
    t.headers.push_back(m);
  }

  RunGroups groups = group_runs(runs, {options.rows, options.cols, options.where});
  t.row_values = std::move(groups.row_values);
  t.col_values = std::move(groups.col_values);
  t.cells.assign(t.row_values.size(),
                 std::vector<std::vector<TableCell>>(t.col_values.size(),
                                                     std::vector<TableCell>(t.metrics.size())));
  for (std::size_t r = 0; r < t.row_values.size(); ++r) {
    for (std::size_t c = 0; c < t.col_values.size(); ++c) {
      for (const RunRecord* run : groups.members[r][c]) {
        for (std::size_t m = 0; m < t.metrics.size(); ++m) {
          TableCell& cell = t.cells[r][c][m];
          ++cell.runs;
          if (run->status == "diverged") ++cell.diverged;
          const double v = run_metric_value(*run, t.metrics[m], options.window);
          if (std::isfinite(v)) cell.values.push_back(v);
        }
      }
    }
  }
  for (auto& row : t.cells) {
    for (auto& col : row) {
      for (TableCell& cell : col) {
        cell.summary = summarise(cell.values);
        cell.p_vs_best = kNaN;
      }
    }
  }
  for (std::size_t c = 0; c < t.col_values.size(); ++c) {
    for (std::size_t m = 0; m < t.metrics.size(); ++m) {
      const int direction = options.marks ? metric_direction(t.metrics[m]) : 0;
      if (direction == 0) continue;
      std::vector<TableCell*> column;
      for (auto& row : t.cells) column.push_back(&row[c][m]);
      const MetricInfo* info = find_metric(t.metrics[m]);
      if (info != nullptr && info->biased_below_zero &&
          std::any_of(column.begin(), column.end(), [&](const TableCell* cell) {
            return cell->summary.n > 0 && center(cell->summary, options.aggregation) < 0.0;
          })) {
        t.unmarked.push_back(header_text(t.col_values[c], t.headers[m]));
        continue;
      }
      mark_column(column, direction, options);
    }
  }
  return t;
}

}  // namespace divbench
