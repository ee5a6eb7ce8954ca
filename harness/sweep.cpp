#include "harness/sweep.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/spec.hpp"
#include "datasets/dataset_registry.hpp"
#include "harness/networks.hpp"
#include "harness/preset_registry.hpp"
#include "harness/regulariser_registry.hpp"
#include "harness/schedule_registry.hpp"
#include "objectives/objective_registry.hpp"

namespace divbench {
namespace {

// Not an option of a run: it names the bundle of defaults the run's options start from.
const std::string kPresetKey = "preset";

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

struct Entry {
  std::string key;
  std::vector<std::string> values;  // typed-checked text, ranges expanded
  int line = 0;
};

struct Section {
  std::string kind;  // "" (global), "objective", "dataset" or another option's name
  std::string name;  // the objective or dataset it applies to, or the option's value as written
  int line = 0;
  std::vector<Entry> entries;
  OptionValue value;  // the option's typed value (sections of other options)
};

class Parser {
 public:
  Parser(std::string path, std::size_t max_runs) : path_(std::move(path)), max_runs_(max_runs) {}

  [[noreturn]] void fail(int line, const std::string& key, const std::string& what) const {
    throw SweepError(key.empty() ? fmt::format("{}:{}: {}", path_, line, what)
                                 : fmt::format("{}:{}: key '{}': {}", path_, line, key, what));
  }

  std::vector<Section> parse(const std::string& text) {
    std::vector<Section> sections(1);
    std::istringstream in(text);
    std::string raw;
    int line = 0;
    while (std::getline(in, raw)) {
      ++line;
      const std::string content = trim(std::string_view(raw).substr(0, raw.find('#')));
      if (content.empty()) continue;
      if (content.front() == '[') {
        sections.push_back(parse_section(content, line));
        continue;
      }
      const auto eq = content.find('=');
      if (eq == std::string::npos)
        fail(line, "", fmt::format("expected 'key = value', found '{}'", content));
      Entry entry{trim(std::string_view(content).substr(0, eq)), {}, line};
      const std::string value = trim(std::string_view(content).substr(eq + 1));
      check_key(sections.back(), entry.key, line);
      entry.values = split_values(entry.key, value, line);
      if (entry.values.size() > 1 && entry.key != kPresetKey &&
          option(entry.key).role == OptionRole::bookkeeping) {
        fail(line, entry.key,
             "takes one value: it changes how runs are stored, not what they compute, so it "
             "cannot be an axis");
      }
      if (!sections.back().kind.empty() && entry.values.size() > 1) {
        fail(line, entry.key,
             "a section sets one value per key; axes belong before the first section");
      }
      sections.back().entries.push_back(std::move(entry));
    }
    check_run_count(sections.front());
    return sections;
  }

 private:
  std::string path_;
  std::size_t max_runs_;

  // Refused before any run is expanded: "seed = 0..99999999" is a typo, not a plan.
  void check_run_count(const Section& global) const {
    std::size_t runs = 1;
    for (const Entry& e : global.entries) {
      if (e.values.size() > max_runs_ / runs) {
        fail(e.line, e.key,
             fmt::format("the sweep would have more than {} runs (the limit; split the sweep "
                         "into several files)",
                         max_runs_));
      }
      runs *= e.values.size();
    }
  }

  Section parse_section(const std::string& content, int line) const {
    if (content.back() != ']')
      fail(line, "", fmt::format("expected '[KEY.VALUE]' (e.g. [objective.NAME]), found '{}'",
                                 content));
    const std::string inner = trim(std::string_view(content).substr(1, content.size() - 2));
    const auto dot = inner.find('.');
    const std::string kind = inner.substr(0, dot);
    const bool known_option = std::any_of(
        train_options().begin(), train_options().end(),
        [&](const OptionInfo& o) { return o.name == kind && o.role == OptionRole::computation; });
    if (dot == std::string::npos || !known_option || kind == "seed") {
      fail(line, "",
           fmt::format("unknown section '[{}]': sections are [KEY.VALUE] for an option KEY of "
                       "'divbench train' other than seed: [objective.NAME], [dataset.NAME], "
                       "[pack.2], ...",
                       inner));
    }
    const std::string name = inner.substr(dot + 1);
    if (kind == "objective" || kind == "dataset") {
      const auto names =
          kind == "objective" ? objective_registry().names() : dataset_registry().names();
      if (names.count(name) == 0) {
        const std::string hint = nearest_name(name, names);
        fail(line, "",
             fmt::format("section '[{}]': unknown {} '{}'{}", inner, kind, name,
                         hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
      }
    } else {
      try {
        return {kind, name, line, {}, parse_option_value(kind, name)};
      } catch (const std::invalid_argument& e) {
        fail(line, "", fmt::format("section '[{}]': {}", inner, e.what()));
      }
    }
    return {kind, name, line, {}, {}};
  }

  void check_key(const Section& section, const std::string& key, int line) const {
    if (key == "out")
      fail(line, key,
           "output paths are chosen by 'divbench sweep --out DIR', not by the sweep file");
    std::set<std::string> known{kPresetKey};
    for (const auto& o : train_options()) {
      if (o.role != OptionRole::output_path) known.insert(o.name);
    }
    if (key == kPresetKey && !section.kind.empty()) {
      fail(line, key,
           fmt::format("cannot be set inside [{}.{}]: a preset applies to every run, before the "
                       "file's other keys",
                       section.kind, section.name));
    }
    if (known.count(key) == 0) {
      const std::string hint = nearest_name(key, known);
      fail(line, key,
           fmt::format("unknown key{}; keys are the options of 'divbench train'",
                       hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    }
    if (!section.kind.empty() && key == section.kind) {
      fail(line, key, fmt::format("cannot be set inside [{}.{}]", section.kind, section.name));
    }
    for (const Entry& e : section.entries) {
      if (e.key == key) fail(line, key, fmt::format("given twice (first on line {})", e.line));
    }
  }

  const OptionInfo& option(const std::string& key) const {
    for (const auto& o : train_options()) {
      if (o.name == key) return o;
    }
    throw std::logic_error("checked key not found");
  }

  // "a, b, c", "0..9", and specs whose parameters contain commas ("lsgan:a=0,b=1").
  std::vector<std::string> split_values(const std::string& key, const std::string& value,
                                        int line) const {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (true) {
      const auto comma = value.find(',', start);
      const std::string item = trim(std::string_view(value).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start));
      const auto eq = item.find('=');
      const bool continues = eq != std::string::npos && item.find(':') > eq;
      if (item.empty())
        fail(line, key, value.empty() ? "empty value" : fmt::format("empty item in '{}'", value));
      if (continues) {
        if (items.empty())
          fail(line, key, fmt::format("'{}' is a parameter without a name before it", item));
        items.back() += "," + item;
      } else {
        items.push_back(item);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    std::vector<std::string> out;
    const bool preset = key == kPresetKey;
    const bool is_int =
        !preset && std::holds_alternative<long long TrainConfig::*>(option(key).field);
    const bool is_double =
        !preset && std::holds_alternative<double TrainConfig::*>(option(key).field);
    for (const std::string& item : items) {
      const auto dots = item.find("..");
      if (dots != std::string::npos && (is_int || is_double)) {
        if (!is_int)
          fail(line, key, fmt::format("ranges 'a..b' are for integer options, found '{}'", item));
        long long lo = 0, hi = 0;
        try {
          lo = parse_int(item.substr(0, dots), "range start");
          hi = parse_int(item.substr(dots + 2), "range end");
        } catch (const std::invalid_argument&) {
          fail(line, key, fmt::format("expected a range of integers 'a..b', found '{}'", item));
        }
        if (hi < lo)
          fail(line, key, fmt::format("empty range '{}' (its end is below its start)", item));
        // hi - lo in unsigned arithmetic: exact for hi >= lo, where the signed difference can
        // overflow (-9e18..9e18).
        const unsigned long long span =
            static_cast<unsigned long long>(hi) - static_cast<unsigned long long>(lo);
        if (span >= max_runs_ || out.size() + span >= max_runs_) {
          fail(line, key,
               fmt::format("range '{}' has more than {} values, the limit of runs in a sweep", item,
                           max_runs_));
        }
        for (unsigned long long i = 0; i <= span; ++i)
          out.push_back(std::to_string(lo + static_cast<long long>(i)));
        continue;
      }
      try {
        if (is_int) parse_int(item, key);
        if (is_double) parse_double(item, key);
      } catch (const std::invalid_argument&) {
        fail(line, key,
             fmt::format("expected {}, found '{}'", is_int ? "an integer" : "a number", item));
      }
      // Spec syntax now, so that a malformed spec is named with its line like any other value
      // (names and parameters are checked against the registries when runs are resolved).
      if (key == "objective" || key == "dataset") {
        try {
          (void)Spec::parse(item);
        } catch (const std::invalid_argument& e) {
          fail(line, key, e.what());
        }
      }
      if (preset) {
        try {
          (void)find_preset(item);
        } catch (const std::invalid_argument& e) {
          fail(line, key, e.what());
        }
      }
      out.push_back(item);
    }
    std::set<std::string> seen;
    for (const auto& v : out) {
      if (!seen.insert(v).second) fail(line, key, fmt::format("value '{}' is listed twice", v));
    }
    return out;
  }
};

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
bool advance(std::vector<std::size_t>& choice, const std::vector<Entry>& entries) {
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
  const std::vector<Section> sections = Parser(path, max_runs).parse(text);
  const Section& global = sections.front();
  Sweep sweep{path, text, {}, {}};
  for (const Entry& e : global.entries) {
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
      const Entry& e = global.entries[i];
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
    const auto applies = [&](const Section& section) {
      if (section.kind == "objective") return section.name == objective_name;
      if (section.kind == "dataset") return section.name == dataset_name;
      return get_value(run.config, section.kind) == section.value;
    };
    std::vector<const Section*> applying;  // chosen before any of them changes an option
    for (std::size_t s = 1; s < sections.size(); ++s) {
      if (applies(sections[s])) applying.push_back(&sections[s]);
    }
    for (const Section* section : applying) {
      for (const Entry& e : section->entries) {
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
