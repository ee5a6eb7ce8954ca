#include "harness/sweep_sections.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "common/spec.hpp"
#include "datasets/dataset_registry.hpp"
#include "harness/preset_registry.hpp"
#include "harness/sweep.hpp"  // SweepError
#include "objectives/objective_registry.hpp"

namespace divbench {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

class Parser {
 public:
  Parser(std::string path, std::size_t max_runs) : path_(std::move(path)), max_runs_(max_runs) {}

  [[noreturn]] void fail(int line, const std::string& key, const std::string& what) const {
    throw SweepError(key.empty() ? fmt::format("{}:{}: {}", path_, line, what)
                                 : fmt::format("{}:{}: key '{}': {}", path_, line, key, what));
  }

  std::vector<SweepSection> parse(const std::string& text) {
    std::vector<SweepSection> sections(1);
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
      SweepEntry entry{trim(std::string_view(content).substr(0, eq)), {}, line};
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
  void check_run_count(const SweepSection& global) const {
    std::size_t runs = 1;
    for (const SweepEntry& e : global.entries) {
      if (e.values.size() > max_runs_ / runs) {
        fail(e.line, e.key,
             fmt::format("the sweep would have more than {} runs (the limit; split the sweep "
                         "into several files)",
                         max_runs_));
      }
      runs *= e.values.size();
    }
  }

  SweepSection parse_section(const std::string& content, int line) const {
    if (content.back() != ']')
      fail(line, "",
           fmt::format("expected '[KEY.VALUE]' (e.g. [objective.NAME]), found '{}'", content));
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

  void check_key(const SweepSection& section, const std::string& key, int line) const {
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
    for (const SweepEntry& e : section.entries) {
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

}  // namespace

std::vector<SweepSection> parse_sweep_sections(const std::string& text, const std::string& path,
                                               std::size_t max_runs) {
  return Parser(path, max_runs).parse(text);
}

}  // namespace divbench
