// An objective that crashes the process (SIGABRT) in its first generator step: a sweep must record
// the run as failed and go on with the others.
#include <array>
#include <cstdlib>
#include <span>

#include "objectives/plugin.hpp"

namespace {

class Abort final : public divbench::Objective {
 public:
  static constexpr const char* kName = "plugin-test-abort";
  static constexpr const char* kSummary = "crashes the run (for the sweep tests)";
  static constexpr const char* kReference = "none";
  static constexpr std::array<const char*, 0> kParameterNames{};
  static constexpr std::array<double, 0> kParameterDefaults{};
  explicit Abort(std::span<const double>) {}
  double discriminator_loss(std::span<const float>, std::span<const float>, std::span<float> gr,
                            std::span<float> gf) const override {
    for (auto& g : gr) g = 0.0F;
    for (auto& g : gf) g = 0.0F;
    return 0.0;
  }
  double generator_loss(std::span<const float>, std::span<float>) const override { std::abort(); }
  std::vector<divbench::Estimate> estimates(std::span<const float>,
                                            std::span<const float>) const override {
    return {{"zero", 0.0}};
  }
};

}  // namespace

DIVBENCH_PLUGIN(divbench::plugin::describe<Abort>())
