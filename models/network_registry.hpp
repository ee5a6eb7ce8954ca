#pragma once
// Networks by spec, as generators and discriminators are chosen on the command line and in sweep
// files ("mlp:widths=400-400-400-400,norm=batch,bias=false,init=normal:std=0.02",
// "maxout:widths=200-200-200,pieces=5"). `divbench list networks` prints every kind with its
// parameters. An unparameterised "mlp" takes its widths and activations from the reference options
// (--g-widths, --activation, ...), so the runs stored before networks had specs keep their
// networks and their ids.
#include <string>

#include "common/registry.hpp"
#include "models/network.hpp"

namespace divbench {

// What a network factory is given besides its spec: its input and output dimensions, and the
// defaults of the keys an unparameterised spec leaves out.
struct NetworkShape {
  Index in = 0;
  Index out = 0;
  std::string widths = "256-256";  // hidden widths joined by '-'; "" for none
  std::string activation = "relu";
  double slope = 0.2;  // leaky-relu
  std::string output = "identity";
};

using NetworkRegistry = Registry<Network, const NetworkShape&>;
const NetworkRegistry& network_registry();

// Hidden widths "400-400-400" -> {400, 400, 400} ("" -> none); throws std::invalid_argument.
std::vector<Index> parse_widths(const std::string& text);

}  // namespace divbench
