#pragma once
// Multilayer perceptron: widths {in, h1, ..., hk, out}, one activation after every hidden layer
// and an output activation (identity for logits, tanh for images scaled to [-1, 1]).
#include <vector>

#include "models/activation.hpp"
#include "models/linear.hpp"
#include "models/model.hpp"

namespace divbench {

// {in, hidden..., out}: the widths an Mlp is built from.
template <class Int>
std::vector<Index> mlp_widths(Index in, const std::vector<Int>& hidden, Index out) {
  std::vector<Index> widths{in};
  widths.insert(widths.end(), hidden.begin(), hidden.end());
  widths.push_back(out);
  return widths;
}

class Mlp final : public Model {
 public:
  Mlp(std::vector<Index> widths, Activation hidden, Activation output = {});

  Index input_dim() const override { return widths_.front(); }
  Index output_dim() const override { return widths_.back(); }
  ConstMatrixView forward(ConstMatrixView input) override;
  ConstMatrixView backward(ConstMatrixView grad_output, Wanted wanted) override;
  std::vector<ParameterRef> parameters() override;
  void initialise(Rng& rng) override;
  std::string describe() const override;

  std::vector<Linear>& layers() { return layers_; }

 private:
  std::vector<Index> widths_;
  Activation hidden_;
  Activation output_;
  std::vector<Linear> layers_;
  // outputs_[l]: activation of layer l, (capacity, widths_[l+1]); grads_[l]: dL/d(input of layer
  // l) for l >= 1 and the input gradient for l = 0, (capacity, widths_[l]); grads_[L] holds the
  // incoming output gradient.
  std::vector<Matrix> outputs_;
  std::vector<Matrix> grads_;
  const float* input_ = nullptr;  // the last forward's input, (batch_, widths_[0])
  Index batch_ = 0;

  const Activation& activation_of(std::size_t layer) const {
    return layer + 1 == layers_.size() ? output_ : hidden_;
  }
};

}  // namespace divbench
