// Rendering of a Table as Markdown (renders on GitHub), LaTeX (booktabs; needs
// \usepackage{booktabs}) or CSV (long format, one line per cell and metric, every statistic).
#include <cmath>

#include <fmt/format.h>

#include "metrics/metric_registry.hpp"
#include "results/table.hpp"

namespace divbench {
namespace {

std::string number(double v, const std::string& metric) {
  if (std::fabs(v) >= 1e5) return fmt::format("{:.3g}", v);  // a divergence that blew up
  const MetricInfo* info = find_metric(metric);
  return fmt::format("{:.{}f}", v, info == nullptr ? 3 : info->decimals);
}

// The cell's value and spread as text, "-" when the cell has no finite value; `pm` is the
// plus-minus sign of the format.
std::string cell_text(const TableCell& cell, const std::string& metric, Aggregation agg,
                      const std::string& pm) {
  const Summary& s = cell.summary;
  if (s.n == 0) return "-";
  if (s.n == 1 && cell.runs <= 1) return number(s.mean, metric);  // one value: no spread to show
  switch (agg) {
    case Aggregation::mean_std:
      return fmt::format("{} {} {}", number(s.mean, metric), pm, number(s.std, metric));
    case Aggregation::mean_ci95:
      return fmt::format("{} {} {}", number(s.mean, metric), pm, number(s.ci95, metric));
    case Aggregation::median_iqr:
      return fmt::format("{} [{}, {}]", number(s.median, metric), number(s.q1, metric),
                         number(s.q3, metric));
  }
  return "-";
}

std::string runs_text(const TableCell& cell) {
  if (cell.runs == 0) return "-";  // a computed, not a trained, entry (gaussian-fit's exact fits)
  return cell.diverged == 0 ? fmt::format("{}", cell.runs)
                            : fmt::format("{} ({} div.)", cell.runs, cell.diverged);
}

bool has_mark(const Table& t, Mark mark) {
  for (const auto& row : t.cells) {
    for (const auto& col : row) {
      for (const TableCell& cell : col) {
        if (cell.mark == mark) return true;
      }
    }
  }
  return false;
}

// Notes a table owes its reader whatever its marks: how the mode-histogram KL is normalised.
std::string metric_notes(const Table& t) {
  for (const auto& m : t.metrics) {
    if (m == "modes_kl" || m == "modes_kl_reverse") {
      return " modes_kl, modes_kl_reverse: KL between the generated and the data's mode "
             "histograms, normalised over high-quality samples for synthetic modes and over all "
             "samples for classifier modes.";
    }
  }
  return "";
}

// What a run's value is when it is not the final evaluation (TableOptions::window).
std::string window_note(const Table& t) {
  if (t.options.window <= 0) return "";
  return fmt::format(
      " Each run's value is the mean of the finite values among its last {} evaluation{} (its "
      "curve points, every eval-every steps, each on eval-samples samples), not its final "
      "evaluation (on final-samples samples; k-NN estimates depend on the sample size).",
      t.options.window, t.options.window == 1 ? "" : "s");
}

std::string legend(const Table& t, bool latex) {
  const Aggregation agg = t.options.aggregation;
  // Ready for its format: LaTeX gets \pm, \% and -- instead of the Unicode signs.
  const std::string pm = latex ? "$\\pm$" : "±";
  const std::string what =
      agg == Aggregation::mean_std ? fmt::format("Mean {} standard deviation over runs", pm)
      : agg == Aggregation::mean_ci95
          ? fmt::format("Mean {} half-width of the 95{} t interval", pm, latex ? "\\%" : "%")
          : "Median [first quartile, third quartile]";
  const std::string test =
      agg == Aggregation::median_iqr
          ? fmt::format("{} ({})", latex ? "Mann--Whitney U test" : "Mann–Whitney U test",
                        kMannWhitneyMethod)
          : std::string("Welch's t-test");
  const std::string best = latex ? "Bold" : "**Bold**";
  const std::string tied = latex ? "underlined" : "*italic*";
  if (!t.options.marks) {
    const std::string notes = window_note(t) + metric_notes(t);
    return fmt::format(
        "{}. runs: runs per cell, diverged ones included; a metric that is NaN or Inf in a run is "
        "left out of its cell.{}",
        what, latex ? latex_escape(notes) : notes);
  }
  std::string out = fmt::format(
      "{}. {}: best in its column; {}: not significantly different from the best ({}, two-sided, "
      "alpha = {}). runs: runs per cell, diverged ones included; a metric that is NaN or Inf in a "
      "run is left out of its cell.",
      what, best, tied, test, t.options.alpha);
  if (has_mark(t, Mark::untestable)) {
    out += fmt::format(" {}: fewer than two values in it or in the best, so no test compares them.",
                       latex ? "$^\\dagger$" : "†");
  }
  if (!t.unmarked.empty()) {
    std::string columns;
    for (const auto& h : t.unmarked) columns += (columns.empty() ? "" : ", ") + h;
    out += fmt::format(
        " No marks in {}: a k-NN KL estimate there is below zero, which its bias allows, so lower "
        "is not better in that column.",
        latex ? latex_escape(columns) : columns);
  }
  const std::string notes = window_note(t) + metric_notes(t);
  out += latex ? latex_escape(notes) : notes;
  return out;
}

std::string header_of(const Table& t, std::size_t c, const std::string& metric) {
  return header_text(t.col_values[c], metric);
}

std::string markdown(const Table& t) {
  std::string out = fmt::format("| {} |", t.options.rows);
  std::string rule = "|---|";
  for (std::size_t c = 0; c < t.col_values.size(); ++c) {
    for (const auto& m : t.headers) {
      out += fmt::format(" {} |", header_of(t, c, m));
      rule += "---:|";
    }
    out += fmt::format(" {} |", header_of(t, c, "runs"));
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (std::size_t r = 0; r < t.row_values.size(); ++r) {
    out += fmt::format("| {} |", t.row_values[r]);
    for (std::size_t c = 0; c < t.col_values.size(); ++c) {
      for (std::size_t m = 0; m < t.metrics.size(); ++m) {
        const TableCell& cell = t.cells[r][c][m];
        const std::string text = cell_text(cell, t.metrics[m], t.options.aggregation, "±");
        out += cell.mark == Mark::best         ? fmt::format(" **{}** |", text)
               : cell.mark == Mark::tied       ? fmt::format(" *{}* |", text)
               : cell.mark == Mark::untestable ? fmt::format(" {} † |", text)
                                               : fmt::format(" {} |", text);
      }
      out += fmt::format(" {} |", runs_text(t.cells[r][c][0]));
    }
    out += "\n";
  }
  return out + "\n" + legend(t, false) + "\n";
}

std::string latex(const Table& t) {
  const std::size_t per_group = t.metrics.size() + 1;
  std::string spec = "l";
  for (std::size_t c = 0; c < t.col_values.size(); ++c) spec += " " + std::string(per_group, 'r');
  std::string out = "% Generated by divbench table; needs \\usepackage{booktabs}.\n";
  out += "\\begin{table}[t]\n\\centering\n";
  out += fmt::format("\\begin{{tabular}}{{{}}}\n\\toprule\n", spec);
  if (!t.col_values.front().empty()) {
    std::string groups, rules;
    for (std::size_t c = 0; c < t.col_values.size(); ++c) {
      const std::size_t first = 2 + c * per_group;
      groups += fmt::format(" & \\multicolumn{{{}}}{{c}}{{{}}}", per_group,
                            latex_escape(t.col_values[c]));
      rules += fmt::format("\\cmidrule(lr){{{}-{}}}", first, first + per_group - 1);
    }
    out += groups + " \\\\\n" + rules + "\n";
  }
  out += latex_escape(t.options.rows);
  for (std::size_t c = 0; c < t.col_values.size(); ++c) {
    for (const auto& m : t.headers) out += " & " + latex_escape(m);
    out += " & runs";
  }
  out += " \\\\\n\\midrule\n";
  for (std::size_t r = 0; r < t.row_values.size(); ++r) {
    out += latex_escape(t.row_values[r]);
    for (std::size_t c = 0; c < t.col_values.size(); ++c) {
      for (std::size_t m = 0; m < t.metrics.size(); ++m) {
        const TableCell& cell = t.cells[r][c][m];
        const std::string text = cell_text(cell, t.metrics[m], t.options.aggregation, "$\\pm$");
        out += cell.mark == Mark::best         ? fmt::format(" & \\textbf{{{}}}", text)
               : cell.mark == Mark::tied       ? fmt::format(" & \\underline{{{}}}", text)
               : cell.mark == Mark::untestable ? fmt::format(" & {}$^\\dagger$", text)
                                               : fmt::format(" & {}", text);
      }
      out += " & " + latex_escape(runs_text(t.cells[r][c][0]));
    }
    out += " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n";
  out += fmt::format("\\caption{{{}}}\n\\end{{table}}\n", legend(t, true));
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// With a window (TableOptions::window), a last column `window` says how many evaluations each
// run's value averages; without one the columns are as they always were.
std::string csv(const Table& t) {
  const bool window = t.options.window > 0;
  const std::string window_cell = window ? fmt::format(",{}", t.options.window) : "";
  std::string out = fmt::format(
      "{},{},metric,runs,diverged,values,mean,std,ci95,median,q1,q3,mark,p_vs_best{}\n",
      csv_field(t.options.rows), csv_field(t.options.cols.empty() ? "column" : t.options.cols),
      window ? ",window" : "");
  for (std::size_t r = 0; r < t.row_values.size(); ++r) {
    for (std::size_t c = 0; c < t.col_values.size(); ++c) {
      for (std::size_t m = 0; m < t.metrics.size(); ++m) {
        const TableCell& cell = t.cells[r][c][m];
        const Summary& s = cell.summary;
        const char* mark = cell.mark == Mark::best         ? "best"
                           : cell.mark == Mark::tied       ? "tied"
                           : cell.mark == Mark::untestable ? "untestable"
                                                           : "";
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}{}\n",
                           csv_field(t.row_values[r]), csv_field(t.col_values[c]), t.metrics[m],
                           cell.runs, cell.diverged, s.n, s.mean, s.std, s.ci95, s.median, s.q1,
                           s.q3, mark, cell.p_vs_best, window_cell);
      }
    }
  }
  return out;
}

}  // namespace

std::string latex_escape(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '_' || ch == '&' || ch == '%' || ch == '#' || ch == '$' || ch == '{' || ch == '}') {
      out += '\\';
      out += ch;
    } else if (ch == '~' || ch == '^' || ch == '\\') {
      out += fmt::format("\\char`\\{}", ch);
    } else {
      out += ch;
    }
  }
  return out;
}

std::string render_table(const Table& t) {
  switch (t.options.format) {
    case TableFormat::markdown:
      return markdown(t);
    case TableFormat::latex:
      return latex(t);
    case TableFormat::csv:
      return csv(t);
  }
  return {};
}

}  // namespace divbench
