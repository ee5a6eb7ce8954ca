#include <csignal>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/stop_signal.hpp"
#include "harness/preset_registry.hpp"
#include "harness/run_file.hpp"
#include "harness/run_training.hpp"
#include "objectives/plugin_loader.hpp"

namespace divbench::cli {

namespace po = boost::program_options;

int train_command(const Args& args) {
  TrainConfig config;
  std::string preset;
  try {
    preset = apply_preset_argument(config, args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench train: {}\n", e.what());
    return 2;
  }
  po::options_description desc = train_description(config);
  bool quiet = false;
  std::vector<std::string> plugins;
  std::vector<std::string> preset_names;
  for (const Preset& p : presets()) preset_names.push_back(p.name);
  const std::string preset_help = fmt::format(
      "start from a paper's settings: {} (see 'divbench list presets'); explicit "
      "options override them",
      fmt::join(preset_names, ", "));
  desc.add_options()("preset", po::value(&preset), preset_help.c_str())(
      "quiet,q", po::bool_switch(&quiet), "no progress output")(
      "plugin", po::value(&plugins)->composing(),
      "load objectives from this shared library (repeatable; also DIVBENCH_PLUGIN_PATH)")(
      "help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help") != 0) {
      fmt::print("usage: divbench train [options]\n\n{}", fmt::streamed(desc));
      return 0;
    }
    for (const auto& p : plugins) load_objective_plugin(p);
    validate(config);
    check_writable(config.out);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench train: {}\n", e.what());
    return 2;
  }

  Progress progress(config.steps, stderr, Progress::is_terminal(stderr),
                    fmt::format("{}/{}/seed={}", config.dataset, config.objective, config.seed));
  const RunControl control{
      .checkpoint = checkpoint_path(config), .stop = &g_stop_signal, .log = stderr};
  install_stop_handlers();
  RunRecord record;
  try {
    record = run_training(config, quiet ? nullptr : &progress, control);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "divbench train: {}\n", e.what());
    return 2;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "divbench train: {}\n", e.what());
    return 1;
  }
  if (record.status == "interrupted") {
    fmt::print(stderr, "divbench train: stopped by signal {}; run the same command to continue\n",
               static_cast<int>(g_stop_signal));
    return 128 + static_cast<int>(g_stop_signal);
  }
  write_run_file(config.out, record);
  std::filesystem::remove(control.checkpoint);  // the run file now holds everything
  // One summary line with whichever of the headline metrics this run has.
  std::string summary = fmt::format("{}: {}", config.out, record.status);
  const auto& m = record.final_metrics;
  if (record.coverage) {
    summary += fmt::format(", modes covered {}/{}", record.coverage->modes_covered,
                           record.coverage->modes_total);
    if (m.count("hq_fraction") != 0)
      summary += fmt::format(", high-quality fraction {:.3f}", m.at("hq_fraction"));
    if (m.count("modes_kl") != 0)
      summary += fmt::format(", mode-histogram KL {:.3f}", m.at("modes_kl"));
  }
  if (m.count("knn_kl_fwd") != 0) {
    summary += fmt::format(", k-NN KL data||model {:.3f}, model||data {:.3f}", m.at("knn_kl_fwd"),
                           m.at("knn_kl_rev"));
  }
  fmt::print("{}; evaluation {:.1f} s of {:.1f} s\n", summary, record.eval_seconds,
             record.train_seconds);
  return 0;
}

}  // namespace divbench::cli
