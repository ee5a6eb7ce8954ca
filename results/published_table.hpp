#pragma once
// A paper's table set beside divbench's: for each published cell (a row option's value, a column
// option's value, a metric), the paper's mean ± standard error over its n trials, divbench's mean
// ± standard error over its runs (finite values; diverged runs counted apart), and whether the two
// agree: Welch's two-sided t-test on the two means from their standard errors and counts
// (results/statistics.hpp), at level alpha. "agree" means only that the test does not reject
// equal means; with few seeds it has little power, so the p-value is printed too.
//
// Published values are data, never code: a CSV file beside the experiment, one cell per line,
//   row,col,metric,label,scale,mean,standard_error,n,source
// with a header line first, '#' comment lines, and fields in double quotes where they hold commas
// (dataset specs). `row` and `col` are the values of the table's --rows and --cols options as run
// files record them (resolved specs: "ring:k=8,radius=1,std=0.01"); `metric` is a divbench metric
// (modes_covered, hq_fraction, modes_kl, ...); `scale` converts divbench's value to the paper's
// unit (100 for a percentage of a fraction); `label` is the paper's column name.
#include <string>
#include <vector>

#include "results/run_table.hpp"
#include "results/table.hpp"

namespace divbench {

struct PublishedValue {
  std::string row, col, metric, label;
  double scale = 1.0;
  double mean = 0.0;
  double standard_error = 0.0;
  long long n = 0;
  std::string source;
  int line = 0;  // in the file, for messages
};

// Throws std::invalid_argument naming the file, line and field for anything malformed.
std::vector<PublishedValue> read_published_values(const std::string& path);

// The side-by-side table in options.format (Markdown, LaTeX or CSV), rows in the file's order.
// options.rows and options.cols name the options `row` and `col` are values of; options.where
// filters runs first. Throws std::invalid_argument for an unknown option.
std::string published_table(const NamedRuns& runs, const TableOptions& options,
                            const std::vector<PublishedValue>& published);

}  // namespace divbench
