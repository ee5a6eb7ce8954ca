#include <fmt/format.h>

#include "cli/commands.hpp"
#include "datasets/dataset_registry.hpp"
#include "harness/regulariser_registry.hpp"
#include "harness/schedule_registry.hpp"
#include "metrics/metric_registry.hpp"
#include "models/init.hpp"
#include "models/network_registry.hpp"
#include "objectives/objective_registry.hpp"
#include "objectives/plugin_loader.hpp"

namespace divbench::cli {
namespace {

void list_datasets() {
  fmt::print("{:<8} {:>4} {:>6}  {:<28} {}\n", "name", "dim", "modes", "parameters", "description");
  for (const auto& e : dataset_registry().entries()) {
    std::string dim = "-";
    std::string modes = "-";
    try {
      Spec defaults = Spec::parse(e.name);
      const auto d = e.make(defaults);
      dim = std::to_string(d->dim());
      modes = d->modes().empty() ? "-" : std::to_string(d->modes().size());
    } catch (const std::exception&) {
      // Needs parameters (e.g. a file) to be built: shown without dimension and modes.
    }
    fmt::print("{:<8} {:>4} {:>6}  {:<28} {}\n", e.name, dim, modes,
               e.parameters.empty() ? "-" : e.parameters, e.summary);
  }
}

void list_networks() {
  for (const auto& e : network_registry().entries()) {
    fmt::print("{}\n  {}\n  parameters: {}\n  reference:  {}\n", e.name, e.summary, e.parameters,
               e.reference);
  }
  fmt::print(
      "\nGenerators: --generator SPEC (or affine); discriminators: --discriminator SPEC.\n"
      "Initialisations (init=...): {}.\n"
      "Training uses batch statistics and advances BatchNorm's running statistics and spectral\n"
      "norm's power iteration; evaluation (samples, metrics, the objective's estimates) uses the\n"
      "stored statistics. --d-batch joint|separate: D sees real and generated samples in one\n"
      "forward or in two.\n",
      Init::known_names());
}

// Registries whose entries are listed as name, summary, parameters and reference.
template <class R>
void list_entries(const R& registry) {
  for (const auto& e : registry.entries()) {
    fmt::print("{}\n  {}\n  parameters: {}\n  reference:  {}\n", e.name, e.summary,
               e.parameters.empty() ? "none" : e.parameters, e.reference);
  }
}

void list_metrics() {
  for (const MetricInfo& m : metric_registry()) {
    const char* better = m.direction == MetricDirection::kHigher  ? "higher is better"
                         : m.direction == MetricDirection::kLower ? "lower is better"
                                                                  : "no direction (no marks)";
    fmt::print("{}\n  {}\n  {}{}; recorded by {}\n", m.name, m.description, better,
               m.biased_below_zero ? " (no marks in a column where it is negative: bias)" : "",
               m.which);
  }
}

}  // namespace

int list_command(const Args& all_args) {
  // "--plugin PATH" (repeatable) adds a plugin's objectives to the listing.
  Args args;
  for (std::size_t i = 0; i < all_args.size(); ++i) {
    if (all_args[i] == "--plugin" && i + 1 < all_args.size()) {
      load_objective_plugin(all_args[++i]);
    } else {
      args.push_back(all_args[i]);
    }
  }
  // "--names": one name per line, for scripts.
  if (args.size() == 2 && args[1] == "--names") {
    const auto names = args[0] == "datasets"     ? dataset_registry().names_in_order()
                       : args[0] == "objectives" ? objective_registry().names_in_order()
                       : args[0] == "networks"   ? network_registry().names_in_order()
                       : args[0] == "regularisers" ? regulariser_registry().names_in_order()
                       : args[0] == "schedules"    ? schedule_registry().names_in_order()
                                                   : std::vector<std::string>{};
    for (const auto& n : names) fmt::print("{}\n", n);
    if (!names.empty()) return 0;
  }
  if (args.size() == 1 && args[0] == "datasets") {
    list_datasets();
    return 0;
  }
  if (args.size() == 1 && args[0] == "objectives") {
    list_entries(objective_registry());
    return 0;
  }
  if (args.size() == 1 && args[0] == "regularisers") {
    list_entries(regulariser_registry());
    fmt::print(
        "\nSpectral normalisation is a property of D's network: --discriminator "
        "mlp:spectral=true.\nPenalties' forward passes of D run in the training phase after the "
        "loss's backward;\ntheir random points come from the run's 'regulariser' stream.\n");
    return 0;
  }
  if (args.size() == 1 && args[0] == "schedules") {
    list_entries(schedule_registry());
    return 0;
  }
  if (args.size() == 1 && args[0] == "networks") {
    list_networks();
    return 0;
  }
  if (args.size() == 1 && args[0] == "metrics") {
    list_metrics();
    return 0;
  }
  fmt::print(stderr,
             "usage: divbench list datasets|objectives|networks|regularisers|schedules|metrics [--names] "
             "[--plugin PATH]...\n");
  return 2;
}

}  // namespace divbench::cli
