#pragma once
// Explicit name -> factory registry (no static-initialiser registration: objects in a static
// library that nothing references are dropped by the linker and would silently never register).
// Used for datasets, objectives and networks; `Args` are what a factory needs besides its spec
// (a network's input and output dimensions).
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/spec.hpp"

namespace divbench {

template <class T, class... Args>
class Registry {
 public:
  struct Entry {
    std::string name;
    std::string summary;     // one line
    std::string parameters;  // "key=default, ..." or "" when none
    std::string reference;   // paper or source
    std::function<std::unique_ptr<T>(Spec&, Args...)> make;
  };

  // kind: "dataset", "objective" — used in messages.
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  // Throws std::invalid_argument when the name is taken.
  void add(Entry entry) {
    if (find(entry.name) != nullptr) {
      throw std::invalid_argument(fmt::format("{} '{}' is registered twice", kind_, entry.name));
    }
    entries_.push_back(std::move(entry));
  }

  // Replaces the entry of the same name; false when there is none.
  bool replace(Entry entry) {
    for (auto& e : entries_) {
      if (e.name == entry.name) {
        e = std::move(entry);
        return true;
      }
    }
    return false;
  }

  const Entry* find(std::string_view name) const {
    for (const auto& e : entries_) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }

  // Builds from "name" or "name:key=value,...". Unknown names and unknown keys throw
  // std::invalid_argument with the nearest valid name and the full list. `resolved`, when given,
  // receives the spec with every parameter's value, defaults included (Spec::resolved_text).
  std::unique_ptr<T> make(std::string_view spec_text, std::string* resolved = nullptr,
                          Args... args) const {
    Spec spec = Spec::parse(spec_text);
    const Entry* entry = find(spec.name());
    if (entry == nullptr) {
      const std::set<std::string> known = names();
      const std::string hint = nearest_name(spec.name(), known);
      throw std::invalid_argument(
          fmt::format("unknown {} '{}'{}; known {}s: {}", kind_, spec.name(),
                      hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint), kind_,
                      fmt::join(names_in_order(), ", ")));
    }
    auto made = entry->make(spec, args...);
    spec.check_consumed(kind_);
    if (resolved != nullptr) *resolved = spec.resolved_text();
    return made;
  }

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& kind() const { return kind_; }

  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : entries_) out.insert(e.name);
    return out;
  }
  std::vector<std::string> names_in_order() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e.name);
    return out;
  }

 private:
  std::string kind_;
  std::vector<Entry> entries_;
};

}  // namespace divbench
