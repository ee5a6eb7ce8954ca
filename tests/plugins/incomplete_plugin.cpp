// A plugin whose description lacks a function (estimates is NULL): refused, naming what is missing.
#include "objectives/plugin_abi.h"

namespace {
void* create(const double*, char*, size_t) { return nullptr; }
void destroy(void*) {}
double d_loss(const void*, const float*, size_t, const float*, size_t, float*, float*) { return 0; }
double g_loss(const void*, const float*, size_t, float*) { return 0; }
const DivbenchObjectiveV1 kObjectives[] = {{"plugin-test-incomplete", "test", "none", 0, nullptr,
                                            nullptr, create, destroy, d_loss, g_loss, nullptr,
                                            nullptr}};
}  // namespace

extern "C" const DivbenchPluginV1* divbench_plugin(void) {
  static const DivbenchPluginV1 plugin = {DIVBENCH_PLUGIN_ABI_VERSION_1, 1, kObjectives};
  return &plugin;
}
