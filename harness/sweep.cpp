#include "harness/sweep.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/spec.hpp"
#include "datasets/dataset_registry.hpp"
#include "harness/networks.hpp"
#include "harness/preset_registry.hpp"
#include "harness/regulariser_registry.hpp"
#include "harness/schedule_registry.hpp"
#include "harness/sweep_sections.hpp"
#include "objectives/objective_registry.hpp"

namespace divbench {
namespace {

// A dataset spec resolved once per sweep: its full spec, or why it was refused. Real-data datasets
// read nothing until sampled (datasets/deferred_dataset.hpp), so planning a sweep reads no data;
// the dimension is asked only of runs with the affine generator, whose latent dimension it is
// (a `file:` dataset's dimension is in its file, which is then read).
struct ResolvedDataset {
  std::string spec;
  std::shared_ptr<const Dataset> dataset;
  std::string error;
};
using DatasetCache = std::map<std::string, ResolvedDataset>;

const ResolvedDataset& resolve_dataset(const std::string& spec, DatasetCache& cache) {
  auto it = cache.find(spec);
  if (it != cache.end()) return it->second;
  ResolvedDataset r;
  try {
    r.dataset = dataset_registry().make(spec, &r.spec);
  } catch (const std::invalid_argument& e) {
    r.error = e.what();
  }
  return cache.emplace(spec, std::move(r)).first->second;
}

// Network specs checked once per distinct spec and reference options: "" or the error, naming the
// option. The networks are built (on 2-D data) and dropped: widths are what they cost.
using NetworkCache = std::map<std::string, std::string>;

const std::string& check_networks(const TrainConfig& c, NetworkCache& cache) {
  const std::string key = fmt::format(
      "{}\n{}\n{}\n{}\n{}", c.generator, c.discriminator,
      fmt::join(generator_hidden_widths(c), "-"), fmt::join(discriminator_hidden_widths(c), "-"),
      fmt::format("{} {} {} {} {}", c.activation, c.d_activation, c.leaky_slope, c.g_output,
                  c.latent_dim));
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::string error;
  try {
    if (c.generator != "affine") make_generator(c, 2, nullptr);
    make_discriminator(c, 2, nullptr);
  } catch (const std::invalid_argument& e) {
    error = e.what();
  }
  return cache.emplace(key, std::move(error)).first->second;
}

// Resolves the run's objective and dataset specs through their registries (unknown names and
// parameters are refused here), then checks the whole configuration.
void resolve(SweepRun& run, const std::map<std::string, int>& line_of, const std::string& path,
             DatasetCache& datasets, NetworkCache& networks) {
  TrainConfig& c = run.config;
  const auto fail_at = [&](const std::string& key, const std::string& what) {
    const auto it = line_of.find(key);
    throw SweepError(it == line_of.end() ? fmt::format("{}: run '{}': {}", path, run.name, what)
                                         : fmt::format("{}:{}: key '{}': {} (run '{}')", path,
                                                       it->second, key, what, run.name));
  };
  const ResolvedDataset& dataset = resolve_dataset(c.dataset, datasets);
  if (!dataset.error.empty()) fail_at("dataset", dataset.error);
  c.dataset = dataset.spec;
  // Resolved as Trainer resolves it, so that the planned id is the id of the run as recorded.
  if (c.generator == "affine") {
    try {
      c.latent_dim = dataset.dataset->dim();
    } catch (const std::exception& e) {
      fail_at("dataset", e.what());
    }
  }
  std::unique_ptr<Objective> objective;
  try {
    std::string resolved;
    objective = make_objective(c.objective, &resolved);
    c.objective = resolved;
  } catch (const std::invalid_argument& e) {
    fail_at("objective", e.what());
  }
  try {
    std::string resolved;
    make_regulariser(c.regulariser, &resolved);
    c.regulariser = resolved;
  } catch (const std::invalid_argument& e) {
    fail_at("regulariser", e.what());
  }
  try {
    std::string resolved;
    const auto schedule = make_schedule(c.schedule, &resolved);
    c.schedule = resolved;
    check_schedule_supports(*schedule, *objective, c.schedule, c.objective);
  } catch (const std::invalid_argument& e) {
    fail_at("schedule", e.what());
  }
  // validate() and the network factories name the option as "--key: ...".
  const auto fail_with_option = [&](const std::string& what) {
    const auto colon = what.find(':');
    const std::string key =
        what.rfind("--", 0) == 0 && colon != std::string::npos ? what.substr(2, colon - 2) : "";
    fail_at(key, what);
  };
  try {
    validate(c);
  } catch (const std::invalid_argument& e) {
    fail_with_option(e.what());
  }
  const std::string& network_error = check_networks(c, networks);
  if (!network_error.empty()) fail_with_option(network_error);
}

// The next combination of axis values, last axis fastest; false after the last one.
bool advance(std::vector<std::size_t>& choice, const std::vector<SweepEntry>& entries) {
  for (std::size_t i = entries.size(); i-- > 0;) {
    if (++choice[i] < entries[i].values.size()) return true;
    choice[i] = 0;
  }
  return false;
}

}  // namespace

std::string run_id(const TrainConfig& config) {
  return fmt::format("{:012x}", fnv1a(identity_text(config)) >> 16);
}

std::string sweep_id(const Sweep& sweep) {
  std::string ids;
  for (const SweepRun& run : sweep.runs) ids += run.id + "\n";
  return fmt::format("{:012x}", fnv1a(ids) >> 16);
}

Sweep parse_sweep(const std::string& text, const std::string& path, std::size_t max_runs) {
  const std::vector<SweepSection> sections = parse_sweep_sections(text, path, max_runs);
  const SweepSection& global = sections.front();
  Sweep sweep{path, text, {}, {}};
  for (const SweepEntry& e : global.entries) {
    if (e.values.size() > 1) sweep.axes.push_back(e.key);
  }
  // Odometer over the axes: the first axis varies slowest.
  std::vector<std::size_t> choice(global.entries.size(), 0);
  DatasetCache datasets;
  NetworkCache networks;
  while (true) {
    SweepRun run;
    std::map<std::string, int> line_of;
    std::map<std::string, std::string> chosen;
    for (std::size_t i = 0; i < global.entries.size(); ++i) {
      const SweepEntry& e = global.entries[i];
      chosen[e.key] = e.values[choice[i]];
      line_of[e.key] = e.line;
    }
    // The preset first, then the file's keys over it.
    if (const auto preset = chosen.find(kPresetKey); preset != chosen.end())
      apply_preset(run.config, find_preset(preset->second));
    for (const auto& [key, value] : chosen) {
      if (key != kPresetKey) set_value(run.config, key, parse_option_value(key, value));
    }
    // Section overrides, in file order, for the runs whose option (before any section) has the
    // section's value: objectives and datasets by spec name, other options by value.
    const std::string objective_name = Spec::parse(run.config.objective).name();
    const std::string dataset_name = Spec::parse(run.config.dataset).name();
    const auto applies = [&](const SweepSection& section) {
      if (section.kind == "objective") return section.name == objective_name;
      if (section.kind == "dataset") return section.name == dataset_name;
      return get_value(run.config, section.kind) == section.value;
    };
    std::vector<const SweepSection*> applying;  // chosen before any of them changes an option
    for (std::size_t s = 1; s < sections.size(); ++s) {
      if (applies(sections[s])) applying.push_back(&sections[s]);
    }
    for (const SweepSection* section : applying) {
      for (const SweepEntry& e : section->entries) {
        set_value(run.config, e.key, parse_option_value(e.key, e.values.front()));
        line_of[e.key] = e.line;
      }
    }
    // Name: dataset/objective/other axes/seed, from the values as written.
    std::string name =
        fmt::format("{}/{}", chosen.count("dataset") ? chosen["dataset"] : run.config.dataset,
                    chosen.count("objective") ? chosen["objective"] : run.config.objective);
    for (const std::string& axis : sweep.axes) {
      if (axis != "dataset" && axis != "objective" && axis != "seed")
        name += fmt::format("/{}={}", axis, chosen[axis]);
    }
    run.name = name + fmt::format("/seed={}", run.config.seed);
    for (const std::string& axis : sweep.axes) run.axis_values.push_back(chosen[axis]);
    resolve(run, line_of, path, datasets, networks);
    run.id = run_id(run.config);
    sweep.runs.push_back(std::move(run));

    if (!advance(choice, global.entries)) break;
  }
  // Two runs with one id would share a run file: an axis that repeats a value ("seed = 1, 1", or
  // "fkl" next to its resolved form "fkl:clamp=10").
  std::map<std::string, const SweepRun*> by_id;
  for (const SweepRun& run : sweep.runs) {
    const auto [it, fresh] = by_id.emplace(run.id, &run);
    if (!fresh) {
      throw SweepError(
          fmt::format("{}: runs '{}' and '{}' are the same run (id {}): an axis "
                      "repeats a value",
                      path, it->second->name, run.name, run.id));
    }
  }
  return sweep;
}

Sweep load_sweep(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SweepError(fmt::format("{}: cannot open the sweep file", path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_sweep(text.str(), path);
}

}  // namespace divbench
