#pragma once
// A named thing with parameters, written "name" or "name:key=value,key=value" — the way datasets
// and objectives are chosen on the command line and in sweep files (e.g. "ring:k=12,std=0.05").
// Factories read the keys they know (with defaults); check_consumed() then rejects any key nobody
// read, naming it and listing the known ones.
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace divbench {

class Spec {
 public:
  // Throws std::invalid_argument on an empty name, a parameter without '=', or a repeated key.
  static Spec parse(std::string_view text);

  const std::string& name() const { return name_; }
  const std::map<std::string, std::string>& params() const { return params_; }
  bool has(const std::string& key) const { return params_.count(key) != 0; }

  double get_double(const std::string& key, double fallback);
  long long get_int(const std::string& key, long long fallback);
  std::string get_string(const std::string& key, const std::string& fallback);

  // Throws std::invalid_argument naming `what`, the first unknown key and the known ones.
  void check_consumed(std::string_view what) const;

  // The canonical text "name:k=v,..." with keys sorted, as given.
  std::string text() const;
  // The same with every parameter a factory read, given or defaulted ("fkl" -> "fkl:clamp=10"):
  // what a run file records, so that a later change of default cannot change what a file means.
  std::string resolved_text() const;

 private:
  std::string name_;
  std::map<std::string, std::string> params_;
  std::set<std::string> read_;
  std::map<std::string, std::string> resolved_;  // key -> value used, for every key read
};

// Strict number parsing: the whole string must be a number (no trailing characters).
// Throw std::invalid_argument naming `what` and the text found.
double parse_double(std::string_view text, std::string_view what);
long long parse_int(std::string_view text, std::string_view what);

// The candidate closest to `word` by edit distance ("" when nothing is reasonably close): for
// "did you mean" hints.
std::string nearest_name(std::string_view word, const std::set<std::string>& candidates);

}  // namespace divbench
