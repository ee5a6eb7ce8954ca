#pragma once
// Multilayer perceptron: widths {in, h1, ..., hk, out}; each hidden layer is Linear, then an
// optional normalisation, then the hidden activation; the last layer is Linear and the output
// activation (identity for logits, tanh for images scaled to [-1, 1]). With the default options it
// is divbench's reference network (PyTorch's initialisation, biases, no normalisation).
#include <vector>

#include "models/activation.hpp"
#include "models/network.hpp"

namespace divbench {

// {in, hidden..., out}: the widths an Mlp is built from.
template <class Int>
std::vector<Index> mlp_widths(Index in, const std::vector<Int>& hidden, Index out) {
  std::vector<Index> widths{in};
  widths.insert(widths.end(), hidden.begin(), hidden.end());
  widths.push_back(out);
  return widths;
}

enum class NormKind { kNone, kBatch, kLayer };

// How each hidden block is built (models/network_spec.cpp reads these from a spec).
struct BlockOptions {
  NormKind norm = NormKind::kNone;
  double norm_momentum = 0.1;  // BatchNorm
  double norm_eps = 1e-5;
  bool bias = true;         // hidden Linear layers
  bool output_bias = true;  // the last Linear layer
  bool spectral = false;    // spectral normalisation of every Linear layer
  Index spectral_iterations = 1;
};

// The Linear layer of one block ("layer{index}"), spectrally normalised when asked.
Network::Named linear_block(std::size_t index, Index in, Index out, bool bias,
                            const BlockOptions& options);
// The normalisation of block `index` ("norm{index}"), when options.norm is not kNone.
void append_norm(std::vector<Network::Named>& layers, std::size_t index, Index width,
                 const BlockOptions& options);

class Mlp final : public Network {
 public:
  Mlp(const std::vector<Index>& widths, Activation hidden, Activation output = {},
      const BlockOptions& options = {}, Init init = {}, std::string description = {});
};

}  // namespace divbench
