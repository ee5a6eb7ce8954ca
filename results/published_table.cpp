#include "results/published_table.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "common/spec.hpp"
#include "results/run_groups.hpp"
#include "results/statistics.hpp"
#include "results/table.hpp"  // run_metric_value

namespace divbench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<std::string> kColumns = {"row",   "col",  "metric", "label",   "scale",
                                           "mean", "standard_error", "n", "source"};

// One CSV line: fields split at commas outside double quotes ("" inside quotes is a quote).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

// The group index of a published value: equal as text, or as numbers ("1" and "1.0").
std::size_t find_value(const std::vector<std::string>& values, const std::string& wanted) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == wanted) return i;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    try {
      if (parse_double(values[i], "value") == parse_double(wanted, "value")) return i;
    } catch (const std::invalid_argument&) {
    }
  }
  return values.size();
}

struct Row {
  const PublishedValue* published;
  Summary ours;
  double standard_error = kNaN;
  long long runs = 0;
  double p = kNaN;
};

std::string plus_minus(double mean, double se, TableFormat format) {
  if (!std::isfinite(mean)) return "-";
  const char* pm = format == TableFormat::latex ? " $\\pm$ " : " ± ";
  return std::isfinite(se) ? fmt::format("{:.3g}{}{:.2g}", mean, pm, se) : fmt::format("{:.3g}", mean);
}

}  // namespace

std::vector<PublishedValue> read_published_values(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(fmt::format("{}: cannot open the published values", path));
  std::vector<PublishedValue> out;
  std::string line;
  int number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = csv_fields(line);
    if (!header) {
      if (f != kColumns) {
        throw std::invalid_argument(fmt::format(
            "{}:{}: expected the header 'row,col,metric,label,scale,mean,standard_error,n,source'",
            path, number));
      }
      header = true;
      continue;
    }
    if (f.size() != kColumns.size()) {
      throw std::invalid_argument(fmt::format("{}:{}: expected {} fields, found {}", path, number,
                                              kColumns.size(), f.size()));
    }
    PublishedValue v;
    v.row = f[0];
    v.col = f[1];
    v.metric = f[2];
    v.label = f[3];
    v.source = f[8];
    v.line = number;
    const auto number_field = [&](std::size_t i) {
      try {
        return parse_double(f[i], kColumns[i].c_str());
      } catch (const std::invalid_argument&) {
        throw std::invalid_argument(fmt::format("{}:{}: field '{}': expected a number, found '{}'",
                                                path, number, kColumns[i], f[i]));
      }
    };
    v.scale = number_field(4);
    v.mean = number_field(5);
    v.standard_error = number_field(6);
    const double n = number_field(7);
    if (!(n >= 2.0 && n == std::floor(n)) || !(v.standard_error >= 0.0) || v.metric.empty()) {
      throw std::invalid_argument(fmt::format(
          "{}:{}: expected a metric, a standard error >= 0 and n an integer >= 2, found '{}', "
          "'{}', '{}'",
          path, number, f[2], f[6], f[7]));
    }
    v.n = static_cast<long long>(n);
    out.push_back(std::move(v));
  }
  if (out.empty()) throw std::invalid_argument(fmt::format("{}: no published values", path));
  return out;
}

std::string published_table(const NamedRuns& runs, const TableOptions& options,
                            const std::vector<PublishedValue>& published) {
  const RunGroups groups =
      group_runs(runs, {.rows = options.rows, .cols = options.cols, .where = options.where});
  std::vector<Row> rows;
  for (const PublishedValue& v : published) {
    Row r{&v, {}, kNaN, 0, kNaN};
    const std::size_t ri = find_value(groups.row_values, v.row);
    const std::size_t ci = options.cols.empty() ? 0 : find_value(groups.col_values, v.col);
    if (ri < groups.row_values.size() && ci < groups.col_values.size()) {
      std::vector<double> values;
      for (const RunRecord* run : groups.members[ri][ci]) {
        ++r.runs;
        const double x = run_metric_value(*run, v.metric, 0) * v.scale;
        if (std::isfinite(x)) values.push_back(x);
      }
      r.ours = summarise(values);
      if (r.ours.n >= 2) {
        r.standard_error = r.ours.std / std::sqrt(static_cast<double>(r.ours.n));
        r.p = welch_t_test(v.mean, v.standard_error * v.standard_error, v.n, r.ours.mean,
                           r.standard_error * r.standard_error, r.ours.n);
      }
    }
    rows.push_back(r);
  }
  const auto verdict = [&](const Row& r) -> std::string {
    if (!std::isfinite(r.p)) return r.ours.n == 0 ? "no runs" : "too few runs";
    return fmt::format("{} (p = {:.2g})", r.p >= options.alpha ? "agree" : "differ", r.p);
  };
  const std::string row_name = options.rows;
  const std::string col_name = options.cols.empty() ? "column" : options.cols;
  std::string out;
  if (options.format == TableFormat::csv) {
    out += fmt::format("{},{},metric,label,paper_mean,paper_se,paper_n,divbench_mean,divbench_se,"
                       "divbench_n,runs,p,agree\n",
                       row_name, col_name);
    for (const Row& r : rows) {
      const PublishedValue& v = *r.published;
      out += fmt::format("\"{}\",\"{}\",{},\"{}\",{},{},{},{},{},{},{},{},{}\n", v.row, v.col,
                         v.metric, v.label, v.mean, v.standard_error, v.n, r.ours.mean,
                         r.standard_error, r.ours.n, r.runs, r.p,
                         std::isfinite(r.p) ? (r.p >= options.alpha ? "yes" : "no") : "");
    }
    return out;
  }
  const bool latex = options.format == TableFormat::latex;
  const std::string caption = fmt::format(
      "Published values (mean ± standard error over the paper's trials) beside divbench's (mean ± "
      "standard error over seeds; n finite runs of all runs). Agreement: Welch's two-sided t-test "
      "on the two means from their standard errors, alpha = {}; it has little power with few "
      "runs.",
      options.alpha);
  if (latex) {
    out += "\\begin{tabular}{lllrrl}\n\\toprule\n";
    out += fmt::format("{} & {} & & paper & divbench (n/runs) & \\\\\n\\midrule\n",
                       latex_escape(col_name), latex_escape(row_name));
  } else {
    out += fmt::format("| {} | {} | metric | paper | divbench (n/runs) | |\n", col_name, row_name);
    out += "|---|---|---|---:|---:|---|\n";
  }
  for (const Row& r : rows) {
    const PublishedValue& v = *r.published;
    const std::string ours =
        r.runs == 0 ? "-"
                    : fmt::format("{} ({}/{})", plus_minus(r.ours.mean, r.standard_error,
                                                           options.format),
                                  r.ours.n, r.runs);
    const std::string paper = plus_minus(v.mean, v.standard_error, options.format);
    if (latex) {
      out += fmt::format("{} & {} & {} & {} & {} & {} \\\\\n", latex_escape(v.col),
                         latex_escape(v.row), latex_escape(v.label), paper, ours,
                         latex_escape(verdict(r)));
    } else {
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", v.col, v.row, v.label, paper, ours,
                         verdict(r));
    }
  }
  if (latex) {
    out += fmt::format("\\bottomrule\n\\end{{tabular}}\n% {}\n", caption);  // a comment line
  } else {
    std::vector<std::string> sources;  // each once, in file order
    for (const PublishedValue& v : published) {
      if (std::find(sources.begin(), sources.end(), v.source) == sources.end())
        sources.push_back(v.source);
    }
    out += "\n" + caption + " Source:";
    for (const std::string& source : sources) out += " " + source + ".";
    out += "\n";
  }
  return out;
}

}  // namespace divbench
