// `divbench reproduce NAME [--out DIR] [--workers N] [--quick] [--slurm --tasks T [slurm
// options]]`: one experiment end to end. configs/NAME.ini is its sweep (configs/NAME.quick.ini the
// small variant CI runs), configs/NAME.report lists its tables and figures, one per line:
//   table OUTPUT [divbench table options]    -> DIR/tables/OUTPUT.{md,tex,csv}
//   plot OUTPUT [divbench plot options]      -> DIR/figures/OUTPUT.{png,pdf}
// The sweep is resumable (run the same command again after an interruption); the tables and
// figures are always regenerated from DIR/merged.h5 alone.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"

namespace divbench::cli {

namespace fs = std::filesystem;

namespace {

// DIVBENCH_CONFIGS, else the installed share/divbench/configs next to this binary, else the
// source tree's configs/.
fs::path configs_dir() {
  if (const char* p = std::getenv("DIVBENCH_CONFIGS")) return p;
  return shipped_file("configs", DIVBENCH_CONFIGS_SOURCE);
}

// Whitespace-separated words; '...' or "..." keep spaces.
std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char ch : line) {
    if (quote != 0) {
      if (ch == quote) {
        quote = 0;
      } else {
        word += ch;
      }
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      in_word = true;
    } else if (ch == ' ' || ch == '\t') {
      if (in_word) out.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += ch;
      in_word = true;
    }
  }
  if (in_word) out.push_back(word);
  return out;
}

std::string extension_of(const Args& table_args) {
  for (std::size_t i = 0; i + 1 < table_args.size(); ++i) {
    if (table_args[i] == "--format") {
      const std::string& f = table_args[i + 1];
      return f == "latex" || f == "tex" ? "tex" : f == "csv" ? "csv" : "md";
    }
  }
  return "md";
}

// The report's lines, each run in-process as `divbench table` or `divbench plot`.
int run_report(const fs::path& report, const fs::path& dir) {
  std::ifstream in(report);
  if (!in) {
    fmt::print(stderr, "divbench reproduce: {}: cannot open\n", report.string());
    return 2;
  }
  fs::create_directories(dir / "tables");
  fs::create_directories(dir / "figures");
  const std::string merged = (dir / "merged.h5").string();
  std::string line;
  int line_number = 0, failures = 0;
  std::string first_table;
  while (std::getline(in, line)) {
    ++line_number;
    const auto hash = line.find('#');
    const std::vector<std::string> words = words_of(line.substr(0, hash));
    if (words.empty()) continue;
    if (words.size() < 2 || (words[0] != "table" && words[0] != "plot")) {
      fmt::print(stderr, "{}:{}: expected 'table OUTPUT options' or 'plot OUTPUT options'\n",
                 report.string(), line_number);
      return 2;
    }
    Args args{merged};
    args.insert(args.end(), words.begin() + 2, words.end());
    // A file the report names (--published) is beside the report, in the configs directory.
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "--published" && fs::path(args[i + 1]).is_relative())
        args[i + 1] = (report.parent_path() / args[i + 1]).string();
    }
    int status = 0;
    if (words[0] == "table") {
      const fs::path out = dir / "tables" / (words[1] + "." + extension_of(args));
      args.insert(args.end(), {"--out", out.string()});
      status = table_command(args);
      if (status == 0 && first_table.empty() && out.extension() == ".md")
        first_table = out.string();
      if (status == 0) fmt::print(stderr, "  {}\n", out.string());
    } else {
      const fs::path out = dir / "figures" / words[1];
      args.insert(args.end(), {"--out", out.string()});
      status = plot_command(args);
      if (status == 0) fmt::print(stderr, "  {}.png, {}.pdf\n", out.string(), out.string());
    }
    if (status != 0) {
      fmt::print(stderr, "{}:{}: '{}' failed\n", report.string(), line_number, line);
      ++failures;
    }
  }
  if (!first_table.empty()) {
    std::ifstream table(first_table);
    std::stringstream text;
    text << table.rdbuf();
    fmt::print("{}", text.str());
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

int reproduce_command(const Args& args) {
  const fs::path configs = configs_dir();
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::string names;
    if (fs::is_directory(configs)) {
      for (const auto& e : fs::directory_iterator(configs)) {
        if (e.path().extension() == ".report") names += " " + e.path().stem().string();
      }
    }
    fmt::print(stderr,
               "usage: divbench reproduce NAME [--out DIR] [--workers N] [--quick] "
               "[--report-only]\n"
               "                          [--slurm --tasks T [divbench slurm options]]\n"
               "experiments in {}:{}\n",
               configs.string(), names);
    return args.empty() ? 2 : 0;
  }
  const std::string& name = args[0];
  bool quick = false, report_only = false, slurm = false;
  std::string out;
  Args passed;  // to divbench sweep or divbench slurm
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--quick") {
      quick = true;
    } else if (args[i] == "--report-only") {
      report_only = true;
    } else if (args[i] == "--slurm") {
      slurm = true;
    } else if (args[i] == "--out" && i + 1 < args.size()) {
      out = args[++i];
    } else {
      passed.push_back(args[i]);
    }
  }
  const fs::path sweep = configs / (name + (quick ? ".quick.ini" : ".ini"));
  const fs::path report = configs / (name + ".report");
  if (!fs::exists(sweep) || !fs::exists(report)) {
    fmt::print(stderr, "divbench reproduce: unknown experiment '{}': {} or {} is missing\n", name,
               sweep.string(), report.string());
    return 2;
  }
  const fs::path dir = fs::absolute(
      out.empty() ? fs::path("runs") / (name + (quick ? "-quick" : "")) : fs::path(out));
  if (!report_only) {
    Args sweep_args{sweep.string(), "--out", dir.string()};
    sweep_args.insert(sweep_args.end(), passed.begin(), passed.end());
    if (slurm) {
      // The merge job regenerates the tables and figures once every task has succeeded.
      sweep_args.insert(sweep_args.end(),
                        {"--then",
                         fmt::format("\"$DIVBENCH\" reproduce {} --report-only --out {}{}", name,
                                     dir.string(), quick ? " --quick" : ""),
                         "--submit"});
      return slurm_command(sweep_args);
    }
    const int swept = sweep_command(sweep_args);
    if (swept == 2 || swept >= 128) return swept;  // bad input, or stopped by a signal
    const int merged = merge_command({dir.string()});
    if (merged == 2) return merged;
  }
  fmt::print(stderr, "{}: tables and figures from {}\n", name, (dir / "merged.h5").string());
  return run_report(report, dir);
}

}  // namespace divbench::cli
