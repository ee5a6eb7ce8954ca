// `divbench table RESULTS.h5... --rows objective --cols dataset --metrics modes,hq,kl_rev
//  [--format md|latex|csv] [--agg mean-std|mean-ci95|median-iqr] [--where KEY=VALUE]...
//  [--alpha A] [--window N] [--out FILE]`: a paper table regenerated from stored runs
//  (results/table.hpp).
#include <fstream>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "harness/merged_file.hpp"
#include "results/gaussian_fit.hpp"
#include "results/published_table.hpp"
#include "results/run_groups.hpp"
#include "results/table.hpp"

namespace divbench::cli {

namespace po = boost::program_options;

namespace {

// The table on standard output, or in `out`; 1 when the file cannot be written.
int write_table(const std::string& text, const std::string& out) {
  if (out.empty()) {
    fmt::print("{}", text);
    return 0;
  }
  std::ofstream file(out);
  file << text;
  if (!file) {
    fmt::print(stderr, "divbench table: {}: cannot write\n", out);
    return 1;
  }
  return 0;
}

}  // namespace

int table_command(const Args& args) {
  TableOptions options;
  std::vector<std::string> files, where;
  std::string metrics = "modes,hq,kl_rev", format = "md", agg = "mean-std", out, kind = "grid";
  std::string published;
  bool no_marks = false;
  po::options_description desc("Options");
  desc.add_options()("kind", po::value(&kind)->default_value(kind),
                     "grid: rows x column groups of metrics; gaussian-fit: exact against "
                     "variational Gaussian fits of the gaussian-fit experiment (fgan-* runs with "
                     "the affine generator on a 1-D mixture); published: a paper's values "
                     "(--published FILE) beside divbench's, with a test of agreement")(
      "published", po::value(&published),
      "CSV of a paper's values for --kind published (results/published_table.hpp)")(
      "rows", po::value(&options.rows)->default_value(options.rows),
      "option whose values are the rows")(
      "cols", po::value(&options.cols),
      "option whose values are the column groups (default: none)")(
      "metrics", po::value(&metrics)->default_value(metrics),
      "comma-separated final metrics (aliases modes, hq, kl_fwd, kl_rev) or objective.<estimate>")(
      "format", po::value(&format)->default_value(format), "md, latex or csv")(
      "agg", po::value(&agg)->default_value(agg), "mean-std, mean-ci95 or median-iqr")(
      "where", po::value(&where)->composing(),
      "KEY=VALUE: only runs whose option KEY is VALUE (a spec name matches every spec of that "
      "name; KEY==VALUE only that exact text) (repeatable)")(
      "alpha", po::value(&options.alpha)->default_value(options.alpha),
      "level of the significance test behind the marks")(
      "window", po::value(&options.window)->default_value(options.window),
      "N >= 1: each run's value is the mean of its last N evaluations (curve points), not its "
      "final evaluation; the runs are then read with their curves (--kind grid)")(
      "no-marks", po::bool_switch(&no_marks),
      "no best/tied marks, so no tests between cells: for rows that are not contenders, such as "
      "a row per seed, where the best cell is only the luckiest run (--kind grid)")(
      "out", po::value(&out), "write the table to this file (default: standard output)")(
      "help,h", "show this help");
  Table table;
  try {
    if (!parse_command_line(args, desc, {{"file", -1, po::value(&files)->composing()}},
                            "usage: divbench table RESULTS.h5... [options]"))
      return 0;
    if (files.empty()) throw std::invalid_argument("needs a merged sweep, collection or run file");
    options.metrics = split_commas(metrics);
    options.format = parse_table_format(format);
    options.aggregation = parse_aggregation(agg);
    options.where = parse_where(where);
    // Options of the grid kind alone, refused with the reason the other kinds have.
    const auto grid_only = [&](bool given, const char* option, const char* why) {
      if (given && kind != "grid")
        throw std::invalid_argument(
            fmt::format("--{}: applies to --kind grid (found --kind {}), {}", option, kind, why));
    };
    grid_only(options.window != 0, "window", "whose values are final evaluations");
    grid_only(no_marks, "no-marks", "the kind with marks");
    options.marks = !no_marks;
    // A window needs curves: of a merged sweep, only the runs --where keeps are read whole.
    NamedRuns runs;
    if (options.window > 0) {
      runs = read_runs_whole(files, options.where);
    } else {
      for (const auto& f : files) {
        for (auto& [name, record] : read_runs_for_table(f))
          runs.emplace_back(name, std::move(record));
      }
    }
    if (kind == "published") {
      if (published.empty()) throw std::invalid_argument("--kind published needs --published FILE");
      const std::string text = published_table(runs, options, read_published_values(published));
      return write_table(text, out);
    }
    if (kind == "gaussian-fit") {
      table = gaussian_fit_table(runs, options);
    } else if (kind == "grid") {
      table = build_table(runs, options);
    } else {
      throw std::invalid_argument(
          fmt::format("--kind: expected grid, gaussian-fit or published, found '{}'", kind));
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench table: {}\n", e.what());
    return 2;
  }
  return write_table(render_table(table), out);
}

}  // namespace divbench::cli
