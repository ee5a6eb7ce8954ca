#include "objectives/plugin_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <dlfcn.h>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "objectives/objective_registry.hpp"
#include "objectives/plugin_abi.h"

namespace divbench {
namespace {

// Bridges one plugin instance to the Objective interface. The library stays loaded for the life
// of the process (it is never dlclose'd), so `desc` stays valid.
class PluginObjective final : public Objective {
 public:
  PluginObjective(const DivbenchObjectiveV2& desc, void* self)
      : desc_(desc),
        self_(self),
        sees_real_(desc.generator_sees_real != nullptr && desc.generator_sees_real(self) != 0) {}
  ~PluginObjective() override { desc_.destroy(self_); }
  PluginObjective(const PluginObjective&) = delete;
  PluginObjective& operator=(const PluginObjective&) = delete;

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override {
    return desc_.discriminator_loss(self_, real.data(), real.size(), fake.data(), fake.size(),
                                    grad_real.data(), grad_fake.data());
  }
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override {
    return desc_.generator_loss(self_, fake.data(), fake.size(), grad_fake.data());
  }
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override {
    std::vector<Estimate> out;
    desc_.estimates(self_, real.data(), real.size(), fake.data(), fake.size(), &out,
                    [](void* sink, const char* name, double value) {
                      static_cast<std::vector<Estimate>*>(sink)->push_back({name, value});
                    });
    return out;
  }
  double critic_weight_clip() const override {
    return desc_.critic_weight_clip != nullptr ? desc_.critic_weight_clip(self_) : 0.0;
  }
  bool generator_sees_real() const override { return sees_real_; }
  double generator_loss_with_real(std::span<const float> real, std::span<const float> fake,
                                  std::span<float> grad_real,
                                  std::span<float> grad_fake) const override {
    if (!sees_real_) return Objective::generator_loss_with_real(real, fake, grad_real, grad_fake);
    return desc_.generator_loss_with_real(self_, real.data(), real.size(), fake.data(), fake.size(),
                                          grad_real.data(), grad_fake.data());
  }

 private:
  const DivbenchObjectiveV2& desc_;
  void* self_;
  bool sees_real_;
};

// Every loaded plugin's objectives as version-2 descriptions (a version-1 description gains the two
// members as NULL: its generator loss sees generated outputs only). A deque: entries never move.
std::deque<DivbenchObjectiveV2>& descriptions() {
  static std::deque<DivbenchObjectiveV2> all;
  return all;
}

DivbenchObjectiveV2 upgraded(const DivbenchObjectiveV1& d) {
  return {d.name,           d.summary,     d.reference,
          d.param_count,    d.param_names, d.param_defaults,
          d.create,         d.destroy,     d.discriminator_loss,
          d.generator_loss, d.estimates,   d.critic_weight_clip,
          nullptr,          nullptr};
}

std::vector<std::string>& loaded() {
  static std::vector<std::string> paths;
  return paths;
}

// Which plugin registered each plugin objective, for duplicate-name messages.
std::map<std::string, std::string>& origin_of() {
  static std::map<std::string, std::string> origins;
  return origins;
}

// Who registered the objective `name`, which is registered: "by plugin '...'" or "by divbench
// itself", for duplicate-name messages.
std::string registered_by(const std::string& name) {
  const auto origin = origin_of().find(name);
  return origin != origin_of().end() ? fmt::format("by plugin '{}'", origin->second)
                                     : std::string("by divbench itself");
}

void check_description(const DivbenchObjectiveV2& d, std::size_t index, const std::string& path) {
  const auto missing = [&](const char* field) {
    return std::runtime_error(fmt::format("plugin '{}': objective #{} ({}) has no {}", path, index,
                                          d.name != nullptr ? d.name : "unnamed", field));
  };
  if (d.name == nullptr || *d.name == '\0') throw missing("name");
  if (d.summary == nullptr) throw missing("summary");
  if (d.reference == nullptr) throw missing("reference");
  if (d.param_count > 0 && (d.param_names == nullptr || d.param_defaults == nullptr)) {
    throw missing("parameter names or defaults");
  }
  if (d.create == nullptr) throw missing("create function");
  if (d.destroy == nullptr) throw missing("destroy function");
  if (d.discriminator_loss == nullptr) throw missing("discriminator_loss function");
  if (d.generator_loss == nullptr) throw missing("generator_loss function");
  if (d.estimates == nullptr) throw missing("estimates function");
  if (d.generator_sees_real != nullptr && d.generator_loss_with_real == nullptr) {
    throw missing("generator_loss_with_real function (it has generator_sees_real)");
  }
}

Registry<Objective>::Entry make_entry(const DivbenchObjectiveV2& d) {
  std::string params;
  for (std::size_t i = 0; i < d.param_count; ++i) {
    params += fmt::format("{}{}={}", i == 0 ? "" : ", ", d.param_names[i], d.param_defaults[i]);
  }
  return {d.name, d.summary, params, d.reference, [&d](Spec& spec) -> std::unique_ptr<Objective> {
            std::vector<double> values(d.param_count);
            for (std::size_t i = 0; i < d.param_count; ++i) {
              values[i] = spec.get_double(d.param_names[i], d.param_defaults[i]);
            }
            char error[512] = "";
            void* self = d.create(values.data(), error, sizeof error);
            if (self == nullptr) {
              throw std::invalid_argument(fmt::format(
                  "objective '{}': {}", d.name, *error != '\0' ? error : "refused its parameters"));
            }
            return std::make_unique<PluginObjective>(d, self);
          }};
}

}  // namespace

void load_objective_plugin(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::canonical(path, ec);
  if (ec) throw std::runtime_error(fmt::format("plugin '{}': {}", path, ec.message()));
  const std::string file = canonical.string();
  if (std::find(loaded().begin(), loaded().end(), file) != loaded().end()) return;

  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr)
    throw std::runtime_error(fmt::format("plugin '{}': cannot load: {}", path, dlerror()));
  auto* entry = reinterpret_cast<DivbenchPluginEntry>(dlsym(handle, DIVBENCH_PLUGIN_ENTRY));
  if (entry == nullptr) {
    dlclose(handle);
    throw std::runtime_error(fmt::format(
        "plugin '{}': no symbol '{}' (a divbench plugin exports it, e.g. with DIVBENCH_PLUGIN from "
        "objectives/plugin.hpp)",
        path, DIVBENCH_PLUGIN_ENTRY));
  }
  const DivbenchPluginV1* returned = entry();
  if (returned == nullptr) {
    dlclose(handle);
    throw std::runtime_error(
        fmt::format("plugin '{}': {}() returned NULL", path, DIVBENCH_PLUGIN_ENTRY));
  }
  // Both versions begin with abi_version, then objective_count and the objectives' address.
  const DivbenchPluginV1* header = returned;
  const std::uint32_t version = header->abi_version;
  if (version != DIVBENCH_PLUGIN_ABI_VERSION && version != DIVBENCH_PLUGIN_ABI_VERSION_1) {
    dlclose(handle);
    throw std::runtime_error(fmt::format(
        "plugin '{}': built for plugin ABI version {}, but this divbench loads versions {} and {}; "
        "rebuild it against this divbench's headers",
        path, version, DIVBENCH_PLUGIN_ABI_VERSION_1, DIVBENCH_PLUGIN_ABI_VERSION));
  }
  if (header->objective_count > 0 && header->objectives == nullptr) {
    dlclose(handle);
    throw std::runtime_error(
        fmt::format("plugin '{}': objective_count is {} but objectives is NULL", path,
                    header->objective_count));
  }
  std::vector<DivbenchObjectiveV2> found;
  for (std::size_t i = 0; i < header->objective_count; ++i) {
    found.push_back(version == DIVBENCH_PLUGIN_ABI_VERSION_1
                        ? upgraded(header->objectives[i])
                        : reinterpret_cast<const DivbenchPluginV2*>(returned)->objectives[i]);
  }

  // Check everything before registering anything, so that a refused plugin adds nothing.
  ObjectiveRegistry& registry = mutable_objective_registry();
  std::vector<std::string> names;
  try {
    for (std::size_t i = 0; i < found.size(); ++i) {
      const DivbenchObjectiveV2& d = found[i];
      check_description(d, i, path);
      const bool repeated = std::find(names.begin(), names.end(), d.name) != names.end();
      if (registry.find(d.name) != nullptr || repeated) {
        throw std::runtime_error(fmt::format("plugin '{}': objective '{}' is already registered {}",
                                             path, d.name,
                                             repeated ? "by this plugin" : registered_by(d.name)));
      }
      names.emplace_back(d.name);
    }
  } catch (...) {
    dlclose(handle);
    throw;
  }
  for (const DivbenchObjectiveV2& d : found) {
    const DivbenchObjectiveV2& kept = descriptions().emplace_back(d);
    registry.add(make_entry(kept));
    origin_of()[kept.name] = file;
  }
  loaded().push_back(file);
}

void load_objective_plugin_path(const std::string& list) {
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t colon = std::min(list.find(':', start), list.size());
    const std::string item = list.substr(start, colon - start);
    start = colon + 1;
    if (item.empty()) continue;
    if (std::filesystem::is_directory(item)) {
      std::vector<std::string> files;
      for (const auto& f : std::filesystem::directory_iterator(item)) {
        if (f.path().extension() == ".so") files.push_back(f.path().string());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) load_objective_plugin(f);
    } else {
      load_objective_plugin(item);
    }
  }
}

void load_objective_plugins_from_environment() {
  if (const char* list = std::getenv("DIVBENCH_PLUGIN_PATH"); list != nullptr) {
    try {
      load_objective_plugin_path(list);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("DIVBENCH_PLUGIN_PATH: {}", e.what()));
    }
  }
}

namespace {
// name -> provenance of each run-time objective, in registration order.
std::vector<std::pair<std::string, std::string>>& runtime_objectives() {
  static std::vector<std::pair<std::string, std::string>> all;
  return all;
}
}  // namespace

void register_runtime_objective(Registry<Objective>::Entry entry, const std::string& provenance) {
  ObjectiveRegistry& registry = mutable_objective_registry();
  auto& runtime = runtime_objectives();
  const auto earlier = std::find_if(runtime.begin(), runtime.end(),
                                    [&](const auto& r) { return r.first == entry.name; });
  if (earlier != runtime.end()) {
    earlier->second = provenance;
    registry.replace(std::move(entry));
    return;
  }
  if (registry.find(entry.name) != nullptr) {
    throw std::invalid_argument(fmt::format("objective '{}' is already registered {}", entry.name,
                                            registered_by(entry.name)));
  }
  runtime.emplace_back(entry.name, provenance);
  registry.add(std::move(entry));
}

std::vector<std::string> loaded_objective_plugins() {
  std::vector<std::string> out = loaded();
  for (const auto& r : runtime_objectives()) out.push_back(r.second);
  return out;
}

}  // namespace divbench
