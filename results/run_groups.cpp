#include "results/run_groups.hpp"

#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "common/hdf5_file.hpp"
#include "common/spec.hpp"
#include "harness/merged_file.hpp"
#include "harness/run_file.hpp"

namespace divbench {
namespace {

// The text of option `name` in `config`; throws for an unknown option.
std::string option_text(const TrainConfig& config, const std::string& name) {
  for (const auto& [key, value] : to_values(config)) {
    if (key == name) return std::visit([](const auto& v) { return fmt::format("{}", v); }, value);
  }
  std::string known;
  for (const auto& o : train_options()) known += (known.empty() ? "" : ", ") + o.name;
  throw std::invalid_argument(fmt::format("unknown option '{}'; options are: {}", name, known));
}

// A --where value matches the run's option when equal as text, as numbers, or as a spec name
// ("fkl" matches the resolved "fkl:clamp=10", and any other fkl:...). A value written with a
// second '=' (KEY==VALUE) matches only that exact text: "discriminator==mlp" leaves out
// "mlp:spectral=true".
bool matches_one(const TrainConfig& config, const std::string& key, const std::string& wanted) {
  const std::string have = option_text(config, key);
  if (!wanted.empty() && wanted.front() == '=') return have == wanted.substr(1);
  if (have == wanted) return true;
  try {
    std::size_t used_a = 0, used_b = 0;
    const double a = std::stod(have, &used_a);
    const double b = std::stod(wanted, &used_b);
    if (used_a == have.size() && used_b == wanted.size()) return a == b;
  } catch (const std::exception&) {
  }
  try {
    return Spec::parse(have).name() == wanted;
  } catch (const std::exception&) {
    return false;
  }
}

// "a|b|c" matches any of a, b, c.
bool matches(const TrainConfig& config, const std::string& key, const std::string& wanted) {
  for (std::size_t start = 0; start <= wanted.size();) {
    const std::size_t end = std::min(wanted.find('|', start), wanted.size());
    if (matches_one(config, key, wanted.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

std::size_t index_of(std::map<std::string, std::size_t>& index, std::vector<std::string>& values,
                     const std::string& v) {
  const auto [it, fresh] = index.emplace(v, values.size());
  if (fresh) values.push_back(v);
  return it->second;
}

}  // namespace

RunGroups group_runs(const NamedRuns& runs, const GroupOptions& options) {
  std::vector<const RunRecord*> kept;
  for (const auto& [name, run] : runs) {
    bool keep = true;
    for (const auto& [key, value] : options.where) keep = keep && matches(run.config, key, value);
    if (keep) kept.push_back(&run);
  }
  if (kept.empty() && !runs.empty())
    throw std::invalid_argument(fmt::format("--where: no run matches (of {} runs)", runs.size()));

  RunGroups g;
  std::map<std::string, std::size_t> row_index, col_index;
  std::vector<std::pair<std::size_t, std::size_t>> where_of;
  for (const RunRecord* run : kept) {
    const std::size_t r = index_of(row_index, g.row_values, option_text(run->config, options.rows));
    // Column groups of a numeric option say which option they are ("g-lr=0.0001").
    std::string col;
    if (!options.cols.empty()) {
      col = option_text(run->config, options.cols);
      if (options.cols != "dataset" && options.cols != "objective")
        col = fmt::format("{}={}", options.cols, col);
    }
    where_of.emplace_back(r, index_of(col_index, g.col_values, col));
  }
  if (g.col_values.empty()) g.col_values.push_back("");
  g.members.assign(g.row_values.size(),
                   std::vector<std::vector<const RunRecord*>>(g.col_values.size()));
  for (std::size_t i = 0; i < kept.size(); ++i)
    g.members[where_of[i].first][where_of[i].second].push_back(kept[i]);
  return g;
}

std::vector<std::string> matching_names(
    const NamedRuns& runs, const std::vector<std::pair<std::string, std::string>>& where) {
  std::vector<std::string> names;
  for (const auto& [name, run] : runs) {
    bool keep = true;
    for (const auto& [key, value] : where) keep = keep && matches(run.config, key, value);
    if (keep) names.push_back(name);
  }
  return names;
}

NamedRuns read_runs_whole(const std::vector<std::string>& paths,
                          const std::vector<std::pair<std::string, std::string>>& where) {
  NamedRuns runs;
  std::size_t indexed = 0;  // runs of merged sweeps, kept or not
  for (const std::string& path : paths) {
    if (!has_run_index(path)) {
      for (auto& [name, record] : read_runs(path)) runs.emplace_back(name, std::move(record));
      continue;
    }
    const NamedRuns index = read_index_runs(path);
    indexed += index.size();
    const H5::H5File file = open_hdf5_for_reading(path);
    for (const std::string& name : matching_names(index, where))
      runs.emplace_back(name, *read_named_run(file, path, name));
  }
  if (runs.empty() && indexed > 0)
    throw std::invalid_argument(fmt::format("--where: no run matches (of {} runs)", indexed));
  return runs;
}

namespace {

// The metric names of `of(run)` (a run's final values or its curves) over every run, and every
// run's objective estimates as "objective.<name>", sorted and once each.
template <class Select>
std::vector<std::string> metric_names(const NamedRuns& runs, Select of) {
  std::set<std::string> known;
  for (const auto& [name, run] : runs) {
    for (const auto& [m, v] : of(run)) known.insert(m);
    for (const auto& [m, v] : run.curves.objective) known.insert("objective." + m);
  }
  return {known.begin(), known.end()};
}

}  // namespace

std::vector<std::string> known_metrics(const NamedRuns& runs) {
  return metric_names(
      runs, [](const RunRecord& run) -> const auto& { return run.final_metrics; });
}

std::vector<std::string> known_curve_metrics(const NamedRuns& runs) {
  return metric_names(
      runs, [](const RunRecord& run) -> const auto& { return run.curves.metrics; });
}

}  // namespace divbench
