#include "harness/preset_registry.hpp"

#include <set>
#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/spec.hpp"
#include "harness/train_config.hpp"

namespace divbench {

// One function per preset, each in its own file.
Preset reference_preset();
Preset pacgan_preset();
Preset unrolled_gan_preset();
Preset wgan_gp_toy_preset();

const std::vector<Preset>& presets() {
  static const std::vector<Preset> kPresets = {
      reference_preset(),
      pacgan_preset(),
      unrolled_gan_preset(),
      wgan_gp_toy_preset(),
  };
  return kPresets;
}

const Preset& find_preset(std::string_view name) {
  std::set<std::string> names;
  std::vector<std::string> in_order;
  for (const Preset& p : presets()) {
    if (p.name == name) return p;
    names.insert(p.name);
    in_order.push_back(p.name);
  }
  const std::string hint = nearest_name(std::string(name), names);
  throw std::invalid_argument(fmt::format(
      "unknown preset '{}'{}; known presets: {}", name,
      hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint), fmt::join(in_order, ", ")));
}

std::string apply_preset_argument(TrainConfig& config, const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  std::string name;
  po::options_description only("preset");
  only.add_options()("preset", po::value(&name));
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(only).allow_unregistered().run(), vm);
  po::notify(vm);
  if (!name.empty())
    with_option("preset", [&] {
      apply_preset(config, find_preset(name));
      return 0;
    });
  return name;
}

}  // namespace divbench
