// divbench: which divergence should a GAN minimise? Thin entry point: dispatch to a subcommand.
#include <exception>
#include <string_view>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "common/gemm.hpp"
#include "objectives/plugin_loader.hpp"

namespace {

constexpr const char* kUsage =
    "usage: divbench <command> [options]\n"
    "\n"
    "commands:\n"
    "  train       train one run and write its HDF5 file      (divbench train --help)\n"
    "  list        list datasets, objectives or metrics       (divbench list "
    "datasets|objectives|metrics)\n"
    "  sweep       run a sweep locally                         (divbench sweep SWEEP.ini --out "
    "DIR)\n"
    "  reproduce   one experiment end to end: sweep, merge, tables, figures\n"
    "                                                          (divbench reproduce mode-coverage)\n"
    "  slurm       write (and submit) a Slurm job array and merge job for a sweep\n"
    "                                                          (divbench slurm SWEEP.ini --out DIR "
    "--tasks T)\n"
    "  merge       one HDF5 file with an /index for a sweep    (divbench merge DIR)\n"
    "  table       a paper table from stored runs (Markdown, LaTeX, CSV) with significance marks\n"
    "                                                          (divbench table merged.h5 --cols "
    "dataset)\n"
    "  plot        figures (PNG, PDF) from stored runs: sample scatter grids, metric curves\n"
    "                                                          (divbench plot merged.h5 --out "
    "fig)\n"
    "  compare     are two run files or merges bitwise equal?  (divbench compare A.h5 B.h5)\n"
    "  plan        the runs of a sweep file, with ids and names (divbench plan SWEEP.ini)\n"
    "  kl          k-NN KL, entropy and mode coverage of two sample sets (divbench kl P Q)\n"
    "  collect     gather run files into one HDF5 file        (divbench collect OUT.h5 RUN.h5...)\n"
    "  summarize   print Markdown tables of stored runs       (divbench summarize FILE.h5...)\n"
    "  version     print the version and build flags\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace divbench::cli;
  if (argc < 2) {
    fmt::print(stderr, "{}", kUsage);
    return 2;
  }
  const std::string_view command = argv[1];
  const Args args(argv + 2, argv + argc);
  // Chooses the product kernels now, while this is the only thread (it may set OpenBLAS's
  // environment variables, which child processes then inherit).
  (void)divbench::gemm_backend();
  try {
    divbench::load_objective_plugins_from_environment();
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench {}: {}\n", command, e.what());
    return 2;
  }
  try {
    if (command == "train") return train_command(args);
    if (command == "list") return list_command(args);
    if (command == "kl") return kl_command(args);
    if (command == "plan") return plan_command(args);
    if (command == "sweep") return sweep_command(args);
    if (command == "slurm") return slurm_command(args);
    if (command == "merge") return merge_command(args);
    if (command == "compare") return compare_command(args);
    if (command == "table") return table_command(args);
    if (command == "plot") return plot_command(args);
    if (command == "reproduce") return reproduce_command(args);
    if (command == "collect") return collect_command(args);
    if (command == "summarize") return summarize_command(args);
    if (command == "version" || command == "--version") return version_command(args);
    if (command == "help" || command == "--help" || command == "-h") {
      fmt::print("{}", kUsage);
      return 0;
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench {}: error: {}\n", command, e.what());
    return 1;
  }
  fmt::print(stderr, "divbench: unknown command '{}'\n\n{}", command, kUsage);
  return 2;
}
