// A plugin built for an ABI version this divbench does not load: it must be refused by name.
#include "objectives/plugin_abi.h"

extern "C" const DivbenchPluginV1* divbench_plugin(void) {
  static const DivbenchPluginV1 plugin = {99, 0, nullptr};
  return &plugin;
}
