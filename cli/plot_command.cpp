// `divbench plot RESULTS.h5... --kind scatter|curves|images --out PREFIX [--rows R --cols C]
//  [--metrics M,...] [--where KEY=VALUE]...`: PREFIX.png and PREFIX.pdf from stored runs alone.
// divbench gathers what the figure shows into PREFIX.figure.h5 (results/figure_input.hpp) and
// results/plot.py draws it with matplotlib, under a Python that has h5py and matplotlib.
#include <filesystem>
#include <sys/wait.h>

#include <boost/program_options.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <spawn.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "results/figure_input.hpp"
#include "results/run_groups.hpp"

extern char** environ;

namespace divbench::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// Runs argv[0] (searched on PATH) and returns its exit status, -1 when it could not start.
int run_program(const std::vector<std::string>& args, bool quiet) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// DIVBENCH_PYTHON, else Debian's /usr/bin/python3 (which sees python3-h5py and
// python3-matplotlib), else python3 on PATH: the first that imports h5py and matplotlib.
std::string find_python() {
  std::vector<std::string> candidates;
  if (const char* p = std::getenv("DIVBENCH_PYTHON")) candidates.emplace_back(p);
  candidates.emplace_back("/usr/bin/python3");
  candidates.emplace_back("python3");
  for (const auto& python : candidates) {
    if (run_program({python, "-c", "import h5py, matplotlib"}, true) == 0) return python;
  }
  throw std::runtime_error(
      "no Python with h5py and matplotlib (tried DIVBENCH_PYTHON, /usr/bin/python3, python3); on "
      "Debian: apt-get install python3-h5py python3-matplotlib");
}

// DIVBENCH_PLOT_SCRIPT, else the installed copy next to this binary (../share/divbench/plot.py),
// else the source tree's results/plot.py.
std::string find_script() {
  if (const char* p = std::getenv("DIVBENCH_PLOT_SCRIPT")) return p;
  return shipped_file("plot.py", DIVBENCH_PLOT_SCRIPT_SOURCE).string();
}

}  // namespace

int plot_command(const Args& args) {
  FigureOptions options;
  std::vector<std::string> files, where;
  std::string kind = "scatter", metrics, out;
  po::options_description desc("Options");
  desc.add_options()("kind", po::value(&kind)->default_value(kind),
                     "scatter: final samples per row and column over the data and its modes; "
                     "curves: metrics over training steps, median and 25-75% band across runs; "
                     "images: a mosaic of generated samples per row and column (image data)")(
      "out", po::value(&out)->required(), "writes OUT.png and OUT.pdf")(
      "rows", po::value(&options.groups.rows)->default_value(options.groups.rows),
      "option whose values are the rows (scatter, images) or the lines (curves)")(
      "cols", po::value(&options.groups.cols)->default_value(options.groups.cols),
      "option whose values are the columns (\"\" for one)")(
      "metrics", po::value(&metrics),
      "curves: comma-separated metrics (hq, kl_rev, objective.kl_fwd, ...)")(
      "where", po::value(&where)->composing(),
      "KEY=VALUE: only runs whose option KEY is VALUE (a spec name matches every spec of that "
      "name; KEY==VALUE only that exact text) (repeatable)")("help,h", "show this help");
  std::string python, script, input;
  try {
    if (!parse_command_line(args, desc, {{"file", -1, po::value(&files)->composing()}},
                            "usage: divbench plot RESULTS.h5... --out PREFIX [options]"))
      return 0;
    if (files.empty()) throw std::invalid_argument("needs a merged sweep, collection or run file");
    options.kind = parse_figure_kind(kind);
    options.metrics = split_commas(metrics);
    options.groups.where = parse_where(where);
    NamedRuns runs;
    // Of a merged sweep, only the runs the figure shows are read whole (curves and samples).
    runs = read_runs_whole(files, options.groups.where);
    python = find_python();
    script = find_script();
    input = out + ".figure.h5";
    write_figure_input(runs, options, input);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench plot: {}\n", e.what());
    return 2;
  }
  const int status = run_program({python, script, input, out}, false);
  if (status != 0) {
    fmt::print(stderr, "divbench plot: {} {} failed (exit status {}); its input is kept: {}\n",
               python, script, status, input);
    return 1;
  }
  fs::remove(input);
  return 0;
}

}  // namespace divbench::cli
