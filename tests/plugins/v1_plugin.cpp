// A plugin as built for plugin ABI version 1, before relativistic objectives existed: the C
// structures of version 1 filled by hand, no C++ adapter. divbench must still load it and train
// it unchanged (its generator loss sees generated outputs only); the conformance suite covers it
// (tests/CMakeLists.txt: plugin.conformance_v1_v2).
// The objective: the non-saturating GAN under another name (Goodfellow et al. 2014, section 3),
//   L_D = mean softplus(-v_real) + mean softplus(v_fake),   L_G = mean softplus(-v_fake).
#include <algorithm>
#include <cmath>

#include "objectives/plugin_abi.h"

namespace {

double softplus(double v) { return std::max(v, 0.0) + std::log1p(std::exp(-std::abs(v))); }
double sigmoid(double v) { return v >= 0.0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v)); }

int instance = 0;
void* create(const double*, char*, size_t) { return &instance; }
void destroy(void*) {}

// mean softplus(sign v) and its gradient sign sigmoid(sign v) / n.
double logistic(const float* v, size_t n, double sign, float* grad) {
  double loss = 0.0;
  for (size_t i = 0; i < n; ++i) {
    loss += softplus(sign * v[i]);
    if (grad != nullptr) grad[i] = static_cast<float>(sign * sigmoid(sign * v[i]) / n);
  }
  return loss / static_cast<double>(n);
}

double d_loss(const void*, const float* real, size_t n_real, const float* fake, size_t n_fake,
              float* grad_real, float* grad_fake) {
  return logistic(real, n_real, -1.0, grad_real) + logistic(fake, n_fake, 1.0, grad_fake);
}
double g_loss(const void*, const float* fake, size_t n, float* grad) {
  return logistic(fake, n, -1.0, grad);
}
void estimates(const void*, const float* real, size_t n_real, const float* fake, size_t n_fake,
               void* sink, DivbenchEmitEstimate emit) {
  // log 2 - L_D / 2 = JSD lower bound (Goodfellow et al. 2014, Theorem 1).
  emit(sink, "jsd", std::log(2.0) - d_loss(nullptr, real, n_real, fake, n_fake, nullptr, nullptr) / 2.0);
}

const DivbenchObjectiveV1 kObjectives[] = {{"plugin-v1-gan-ns",
                                            "the non-saturating GAN from a version-1 plugin",
                                            "Goodfellow et al., NeurIPS 2014, section 3", 0,
                                            nullptr, nullptr, create, destroy, d_loss, g_loss,
                                            estimates, nullptr}};

}  // namespace

extern "C" const DivbenchPluginV1* divbench_plugin(void) {
  static const DivbenchPluginV1 plugin = {DIVBENCH_PLUGIN_ABI_VERSION_1, 1, kObjectives};
  return &plugin;
}
