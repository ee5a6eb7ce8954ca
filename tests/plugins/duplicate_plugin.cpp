// A plugin whose second objective takes a built-in name: the whole plugin must be refused, and its
// first objective must not be registered either.
#include <array>
#include <span>

#include "objectives/plugin.hpp"

namespace {

template <const char* Name>
class Constant final : public divbench::Objective {
 public:
  static constexpr const char* kName = Name;
  static constexpr const char* kSummary = "test objective";
  static constexpr const char* kReference = "none";
  static constexpr std::array<const char*, 0> kParameterNames{};
  static constexpr std::array<double, 0> kParameterDefaults{};
  explicit Constant(std::span<const double>) {}
  double discriminator_loss(std::span<const float>, std::span<const float>, std::span<float> gr,
                            std::span<float> gf) const override {
    for (auto& g : gr) g = 0.0F;
    for (auto& g : gf) g = 0.0F;
    return 0.0;
  }
  double generator_loss(std::span<const float>, std::span<float> g) const override {
    for (auto& x : g) x = 0.0F;
    return 0.0;
  }
  std::vector<divbench::Estimate> estimates(std::span<const float>,
                                            std::span<const float>) const override {
    return {{"zero", 0.0}};
  }
};

constexpr char kUnique[] = "plugin-test-unique";
constexpr char kTaken[] = "gan-ns";

}  // namespace

DIVBENCH_PLUGIN(divbench::plugin::describe<Constant<kUnique>>(),
                divbench::plugin::describe<Constant<kTaken>>())
