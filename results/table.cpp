#include "results/table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "common/spec.hpp"

namespace divbench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The text of option `name` in `config`; throws for an unknown option.
std::string option_text(const TrainConfig& config, const std::string& name) {
  for (const auto& [key, value] : to_values(config)) {
    if (key == name) return std::visit([](const auto& v) { return fmt::format("{}", v); }, value);
  }
  std::string known;
  for (const auto& o : train_options()) known += (known.empty() ? "" : ", ") + o.name;
  throw std::invalid_argument(fmt::format("unknown option '{}'; options are: {}", name, known));
}

// A --where value matches the run's option when equal as text, as numbers, or as a spec name
// ("fkl" matches the resolved "fkl:clamp=10").
bool matches(const TrainConfig& config, const std::string& key, const std::string& wanted) {
  const std::string have = option_text(config, key);
  if (have == wanted) return true;
  try {
    std::size_t used_a = 0, used_b = 0;
    const double a = std::stod(have, &used_a);
    const double b = std::stod(wanted, &used_b);
    if (used_a == have.size() && used_b == wanted.size()) return a == b;
  } catch (const std::exception&) {
  }
  try {
    return Spec::parse(have).name() == wanted;
  } catch (const std::exception&) {
    return false;
  }
}

double metric_value(const RunRecord& run, const std::string& metric) {
  static const std::string prefix = "objective.";
  if (metric.rfind(prefix, 0) == 0) {
    const auto it = run.curves.objective.find(metric.substr(prefix.size()));
    return it == run.curves.objective.end() || it->second.empty() ? kNaN : it->second.back();
  }
  const auto it = run.final_metrics.find(metric);
  return it == run.final_metrics.end() ? kNaN : it->second;
}

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
    cell->p_vs_best = options.aggregation == Aggregation::median_iqr
                          ? mann_whitney_u_test(best->values, cell->values)
                          : welch_t_test(best->values, cell->values);
    if (cell->p_vs_best >= options.alpha) cell->mark = Mark::tied;
  }
}

}  // namespace

std::string canonical_metric(const std::string& name) {
  static const std::map<std::string, std::string> kAliases = {{"modes", "modes_covered"},
                                                              {"hq", "hq_fraction"},
                                                              {"kl_fwd", "knn_kl_fwd"},
                                                              {"kl_rev", "knn_kl_rev"}};
  const auto it = kAliases.find(name);
  return it == kAliases.end() ? name : it->second;
}

int metric_direction(const std::string& m) {
  static const std::set<std::string> kHigher = {"modes_covered", "hq_fraction", "precision",
                                                "recall",        "density",     "coverage"};
  if (kHigher.count(m) != 0) return 1;
  if (m.rfind("objective.", 0) == 0) return 0;
  if (m.find("kl") != std::string::npos || m.find("jsd") != std::string::npos) return -1;
  return 0;
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
  std::set<std::string> known;  // every metric some run has
  for (const auto& [name, run] : runs) {
    for (const auto& [m, v] : run.final_metrics) known.insert(m);
    for (const auto& [m, v] : run.curves.objective) known.insert("objective." + m);
  }
  for (const std::string& m : options.metrics) {
    const std::string c = canonical_metric(m);
    if (known.count(c) == 0) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw std::invalid_argument(fmt::format(
          "--metrics: no run has metric '{}'; metrics are: {} (aliases: modes, hq, kl_fwd, kl_rev)",
          m, list));
    }
    t.metrics.push_back(c);
    t.headers.push_back(m);
  }

  std::vector<const RunRecord*> kept;
  for (const auto& [name, run] : runs) {
    bool keep = true;
    for (const auto& [key, value] : options.where) keep = keep && matches(run.config, key, value);
    if (keep) kept.push_back(&run);
  }
  if (kept.empty() && !runs.empty())
    throw std::invalid_argument(fmt::format("--where: no run matches (of {} runs)", runs.size()));

  std::map<std::string, std::size_t> row_index, col_index;
  const auto index_of = [](std::map<std::string, std::size_t>& index,
                           std::vector<std::string>& values, const std::string& v) {
    const auto [it, fresh] = index.emplace(v, values.size());
    if (fresh) values.push_back(v);
    return it->second;
  };
  std::vector<std::pair<std::size_t, std::size_t>> where_of;
  for (const RunRecord* run : kept) {
    const std::size_t r = index_of(row_index, t.row_values, option_text(run->config, options.rows));
    // Column groups of a numeric option say which option they are ("g-lr=0.0001").
    std::string col;
    if (!options.cols.empty()) {
      col = option_text(run->config, options.cols);
      if (options.cols != "dataset" && options.cols != "objective")
        col = fmt::format("{}={}", options.cols, col);
    }
    const std::size_t c = index_of(col_index, t.col_values, col);
    where_of.emplace_back(r, c);
  }
  if (t.col_values.empty()) t.col_values.push_back("");
  t.cells.assign(t.row_values.size(),
                 std::vector<std::vector<TableCell>>(t.col_values.size(),
                                                     std::vector<TableCell>(t.metrics.size())));
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const auto [r, c] = where_of[i];
    for (std::size_t m = 0; m < t.metrics.size(); ++m) {
      TableCell& cell = t.cells[r][c][m];
      ++cell.runs;
      if (kept[i]->status == "diverged") ++cell.diverged;
      const double v = metric_value(*kept[i], t.metrics[m]);
      if (std::isfinite(v)) cell.values.push_back(v);
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
      const int direction = metric_direction(t.metrics[m]);
      if (direction == 0) continue;
      std::vector<TableCell*> column;
      for (auto& row : t.cells) column.push_back(&row[c][m]);
      mark_column(column, direction, options);
    }
  }
  return t;
}

}  // namespace divbench
