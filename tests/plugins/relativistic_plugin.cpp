// A version-2 plugin with a relativistic objective, through the C++ adapter (objectives/plugin.hpp):
// the paired relativistic LSGAN (Jolicoeur-Martineau, ICLR 2019, section 4.1; RLSGAN in
// github.com/AlexiaJM/RelativisticGAN, code/GAN.py), d_i = v_real,i - v_fake,i:
//   L_D = mean (d_i - 1)^2,   L_G = mean (d_i + 1)^2   (the generator wants v_fake above v_real).
// Equal batch sizes pair elementwise; otherwise all against all. Its generator loss needs real
// outputs: the loader must pass them (generator_sees_real).
#include <array>
#include <span>
#include <stdexcept>
#include <vector>

#include "objectives/plugin.hpp"

namespace {

class PairedLsgan final : public divbench::Objective {
 public:
  static constexpr const char* kName = "plugin-rlsgan";
  static constexpr const char* kSummary = "paired relativistic LSGAN (test plugin, ABI version 2)";
  static constexpr const char* kReference = "Jolicoeur-Martineau, ICLR 2019, section 4.1";
  static constexpr std::array<const char*, 0> kParameterNames{};
  static constexpr std::array<double, 0> kParameterDefaults{};
  explicit PairedLsgan(std::span<const double>) {}

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override {
    return paired(real, fake, -1.0, grad_real, grad_fake);
  }
  double generator_loss(std::span<const float>, std::span<float>) const override {
    throw std::logic_error("needs real outputs");
  }
  bool generator_sees_real() const override { return true; }
  double generator_loss_with_real(std::span<const float> real, std::span<const float> fake,
                                  std::span<float> grad_real,
                                  std::span<float> grad_fake) const override {
    return paired(real, fake, 1.0, grad_real, grad_fake);
  }
  std::vector<divbench::Estimate> estimates(std::span<const float> real,
                                            std::span<const float> fake) const override {
    std::vector<float> gr(real.size()), gf(fake.size());
    return {{"relativistic_gap", 1.0 - discriminator_loss(real, fake, gr, gf)}};
  }

 private:
  // mean over pairs of (r - f + shift)^2 with its gradients.
  static double paired(std::span<const float> real, std::span<const float> fake, double shift,
                       std::span<float> grad_real, std::span<float> grad_fake) {
    const bool elementwise = real.size() == fake.size();
    const double pairs = elementwise ? real.size() : double(real.size()) * fake.size();
    std::vector<double> gr(real.size()), gf(fake.size());
    double loss = 0.0;
    for (std::size_t i = 0; i < real.size(); ++i) {
      for (std::size_t j = elementwise ? i : 0; j < (elementwise ? i + 1 : fake.size()); ++j) {
        const double d = real[i] - fake[j] + shift;
        loss += d * d;
        gr[i] += 2.0 * d / pairs;
        gf[j] -= 2.0 * d / pairs;
      }
    }
    for (std::size_t i = 0; i < real.size(); ++i) grad_real[i] = static_cast<float>(gr[i]);
    for (std::size_t j = 0; j < fake.size(); ++j) grad_fake[j] = static_cast<float>(gf[j]);
    return loss / pairs;
  }
};

}  // namespace

DIVBENCH_PLUGIN(divbench::plugin::describe<PairedLsgan>())
