#pragma once
// Paper tables from stored runs: rows and columns are the values of two options (objective ×
// dataset, say), each cell aggregates a metric over the runs that share them (seeds), and the best
// entry of each column is marked together with every entry not significantly different from it.
//
// Significance: the best entry (highest mean, or median for median-iqr, for metrics where higher
// is better; lowest for divergences) is compared with every other entry of its column by a
// two-sided test at level alpha — Welch's t-test for mean-std and mean-ci95, the Mann–Whitney U
// test for median-iqr (results/statistics.hpp). An entry whose p-value is at least alpha is "tied"
// with the best. No correction for multiple comparisons: the marks answer "could this entry be as
// good as the best?" one entry at a time, which errs towards marking more entries.
#include <string>
#include <utility>
#include <vector>

#include "results/run_groups.hpp"
#include "results/run_table.hpp"
#include "results/statistics.hpp"

namespace divbench {

enum class Aggregation { mean_std, mean_ci95, median_iqr };
enum class TableFormat { markdown, latex, csv };

struct TableOptions {
  std::string rows = "objective";  // an option of `divbench train`
  std::string cols;                // another option, or "" for a single column group
  // Final metrics (knn_kl_fwd, hq_fraction, ...; aliases modes, hq, kl_fwd, kl_rev) or the last
  // value of an objective estimate as "objective.<name>" (objective.kl_fwd).
  std::vector<std::string> metrics = {"modes", "hq", "kl_rev"};
  Aggregation aggregation = Aggregation::mean_std;
  TableFormat format = TableFormat::markdown;
  std::vector<std::pair<std::string, std::string>> where;  // keep runs whose option equals value
  double alpha = 0.05;
  bool marks = true;  // false: no best/tied marks (tables that compare methods, not contenders)
  // 0: each run's value is its final evaluation (/final; for objective.<name>, the estimate's
  // last value). N > 0: the mean of the finite values among the last N points of the metric's
  // curve (curves/metrics, curves/objective), NaN when none is finite. A late-training average
  // where the final evaluation is one draw from a trajectory that still moves; the runs must be
  // read with their curves.
  long long window = 0;
};

// untestable: a cell (or the best) with fewer than two values, which no test can compare.
enum class Mark { none, best, tied, untestable };

struct TableCell {
  std::vector<double> values;  // finite values of the metric, one per run
  long long runs = 0;          // runs in the cell, diverged included
  long long diverged = 0;
  Summary summary;
  Mark mark = Mark::none;
  double p_vs_best = 0.0;  // NaN for the best entry and where no test applies
};

struct Table {
  TableOptions options;
  std::vector<std::string> metrics;     // canonical names, in the order asked
  std::vector<std::string> headers;     // the names as asked (aliases kept), for column headers
  std::vector<std::string> row_values;  // in order of first appearance
  std::vector<std::string> col_values;  // {""} when there is no column option
  // cells[r][c][m]
  std::vector<std::vector<std::vector<TableCell>>> cells;
  // Column headers left without marks because a cell of a metric whose estimator can be biased
  // below zero (a k-NN KL estimate) is negative there: "lower is better" ranks nothing then.
  std::vector<std::string> unmarked;
};

// "ring8: kl_rev", or the metric alone without a column option.
std::string header_text(const std::string& col_value, const std::string& metric);

// Throws std::invalid_argument naming the unknown option or metric (with the known ones), a
// --where that matches no run, or a --window below 0.
Table build_table(const NamedRuns& runs, const TableOptions& options);
std::string render_table(const Table& table);

// "modes" -> "modes_covered"; a name that is no alias is returned as it is.
std::string canonical_metric(const std::string& name);
// +1 when higher is better, -1 when lower is better, 0 when neither (no marks): entropies, and the
// objectives' own estimates, which measure the discriminator as much as the generator.
int metric_direction(const std::string& canonical);

// Text for a LaTeX table cell: _ & % # $ { } escaped, ~ ^ \ as \char`.
std::string latex_escape(const std::string& text);

Aggregation parse_aggregation(const std::string& text);

// A run's value of a canonical metric as a table cell counts it (TableOptions::window).
double run_metric_value(const RunRecord& run, const std::string& metric, long long window);
TableFormat parse_table_format(const std::string& text);

}  // namespace divbench
