#include "common/spec.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace divbench {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

Spec Spec::parse(std::string_view text) {
  Spec spec;
  const auto colon = text.find(':');
  spec.name_ = std::string(trim(text.substr(0, colon)));
  if (spec.name_.empty()) {
    throw std::invalid_argument(
        fmt::format("'{}': expected a name, optionally followed by "
                    "':key=value,...'",
                    text));
  }
  if (colon == std::string_view::npos) return spec;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || trim(item.substr(0, eq)).empty()) {
      throw std::invalid_argument(
          fmt::format("'{}': parameter '{}' is not of the form key=value", text, item));
    }
    std::string key(trim(item.substr(0, eq)));
    if (!spec.params_.emplace(key, std::string(trim(item.substr(eq + 1)))).second) {
      throw std::invalid_argument(fmt::format("'{}': parameter '{}' given twice", text, key));
    }
  }
  return spec;
}

double Spec::get_double(const std::string& key, double fallback) {
  read_.insert(key);
  const auto it = params_.find(key);
  const double value = it == params_.end() ? fallback : parse_double(it->second, name_ + ":" + key);
  resolved_[key] = fmt::format("{}", value);  // shortest text that reads back to the same double
  return value;
}

long long Spec::get_int(const std::string& key, long long fallback) {
  read_.insert(key);
  const auto it = params_.find(key);
  const long long value = it == params_.end() ? fallback : parse_int(it->second, name_ + ":" + key);
  resolved_[key] = fmt::format("{}", value);
  return value;
}

std::string Spec::get_string(const std::string& key, const std::string& fallback) {
  read_.insert(key);
  const auto it = params_.find(key);
  std::string value = it == params_.end() ? fallback : it->second;
  resolved_[key] = value;
  return value;
}

void Spec::check_consumed(std::string_view what) const {
  for (const auto& [key, value] : params_) {
    if (read_.count(key) != 0) continue;
    const std::string hint = nearest_name(key, read_);
    throw std::invalid_argument(
        fmt::format("{} '{}' has no parameter '{}'{}; its parameters are: {}", what, name_, key,
                    hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                    read_.empty() ? "(none)" : fmt::format("{}", fmt::join(read_, ", "))));
  }
}

namespace {

std::string join_spec(const std::string& name, const std::map<std::string, std::string>& params) {
  std::string out = name;
  char sep = ':';
  for (const auto& [key, value] : params) {
    out += sep;
    out += key;
    out += '=';
    out += value;
    sep = ',';
  }
  return out;
}

}  // namespace

std::string Spec::text() const { return join_spec(name_, params_); }

std::string Spec::resolved_text() const { return join_spec(name_, resolved_); }

double parse_double(std::string_view text, std::string_view what) {
  const std::string_view t = trim(text);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
    throw std::invalid_argument(fmt::format("{}: expected a number, found '{}'", what, text));
  }
  return value;
}

long long parse_int(std::string_view text, std::string_view what) {
  const std::string_view t = trim(text);
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
    throw std::invalid_argument(fmt::format("{}: expected an integer, found '{}'", what, text));
  }
  return value;
}

std::string nearest_name(std::string_view word, const std::set<std::string>& candidates) {
  // Closest by edit distance; ties go to the candidate whose length is closest to the word's
  // ("ring9" suggests "ring8", not "ring").
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  std::size_t best_length_gap = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    const std::size_t gap =
        c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (d < best_distance || (d == best_distance && !best.empty() && gap < best_length_gap)) {
      best_distance = d;
      best_length_gap = gap;
      best = c;
    }
  }
  return best;
}

}  // namespace divbench
