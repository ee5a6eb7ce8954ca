#pragma once
// A network as a sequence of layers (models/layer.hpp), with the activations between them kept
// for the backward pass and for the two second-order passes:
//   forward_tangent(ẋ)    the directional derivative of the last forward along the input tangent
//                          ẋ and the parameter tangents θ̇ (ParameterRef::tangent): ẏ;
//   backward_tangent(ḋy)  the directional derivative of the last backward: ġ_x and, in every
//                          ParameterRef::grad_tangent, ġ_θ.
// Hessian-vector products of a loss L(y): forward, backward(dL/dy), forward_tangent(ẋ) with θ̇
// set, then backward_tangent(∇²L ẏ) gives H·(ẋ, θ̇). The parameter gradient of a gradient penalty
// Σ φ(∇ₓ Σ y): forward, backward(1), forward_tangent(u = φ'(g_x)) with θ̇ = 0, then
// backward_tangent(0). Chains of networks (D after G) compose by passing tangents along.
#include <memory>
#include <optional>
#include <vector>

#include "models/init.hpp"
#include "models/layer.hpp"
#include "models/model.hpp"

namespace divbench {

class Network : public Model {
 public:
  // Each layer with the name its parameters and buffers are prefixed with ("layer0"). Widths must
  // chain (layer l's out_dim is layer l+1's in_dim).
  struct Named {
    std::string name;
    std::unique_ptr<Layer> layer;
  };
  Network(std::vector<Named> layers, Init init, std::string description);

  Index input_dim() const override { return layers_.front().layer->in_dim(); }
  Index output_dim() const override { return layers_.back().layer->out_dim(); }
  ConstMatrixView forward(ConstMatrixView input) override;
  ConstMatrixView backward(ConstMatrixView grad_output, Wanted wanted) override;
  std::vector<ParameterRef> parameters() override;
  std::vector<BufferRef> buffers() override;
  void set_phase(Phase phase) override { phase_ = phase; }
  Phase phase() const { return phase_; }
  void initialise(Rng& rng) override;
  std::string describe() const override { return description_; }
  // Every layer in order: "layer0: linear 2->8 (no bias); norm0: batch-norm 8 momentum=0.1 ...".
  std::string layers_text() const;

  // (batch, input_dim) input tangent, or an empty view for ẋ = 0 -> ẏ (batch, output_dim).
  ConstMatrixView forward_tangent(ConstMatrixView input_tangent);
  // (batch, output_dim) tangent of the last backward's grad_output -> ġ_x when wanted.input (else
  // an empty view), and every parameter's grad_tangent when wanted.parameters. Needs the last
  // forward, backward and forward_tangent, in that order, on the same batch.
  ConstMatrixView backward_tangent(ConstMatrixView grad_output_tangent, Wanted wanted);
  // Sets every parameter tangent θ̇ to zero.
  void zero_parameter_tangents();

  std::size_t size() const { return layers_.size(); }
  Layer& layer(std::size_t i) { return *layers_[i].layer; }
  const Init& init() const { return init_; }
  // The last linear layer ("layerN") draws its weights with `init` instead of the network's (the
  // WGAN-GP toy code initialises hidden layers He-uniform and the output Glorot-uniform).
  void set_output_init(const Init& init) { output_init_ = init; }

 private:
  std::vector<Named> layers_;
  Init init_;
  std::optional<Init> output_init_;
  std::string description_;
  Phase phase_ = Phase::kTrain;
  // Layer l reads acts(l) and writes outputs_[l], (capacity, out_dim(l)); grads_[l] is dL/d(input
  // of layer l), (capacity, in_dim(l)), and grads_[L] the incoming output gradient. The *_dot_
  // buffers hold the same quantities' tangents.
  std::vector<Matrix> outputs_, grads_, outputs_dot_, grads_dot_;
  // output_[l]: the outputs_ buffer layer l writes: its own, or, for an in-place layer after a
  // layer that does not read its output, the previous layer's (then acts(l) holds y, not x, after
  // the forward; in-place layers never read x again).
  std::vector<std::size_t> output_;
  // grad_[l]: the grads_ buffer that holds dL/d(input of layer l): its own, or for a layer whose
  // backward works in place, the one of its output (grad_[l + 1]).
  std::vector<std::size_t> grad_;
  Matrix zero_input_dot_;
  std::vector<ParameterRef> tangent_list_;  // zero_parameter_tangents' kept list
  const float* input_ = nullptr;  // the last forward's input, (batch_, input_dim)
  const float* input_dot_ = nullptr;
  Index batch_ = 0;

  ConstMatrixView acts(std::size_t l) const;
  ConstMatrixView acts_dot(std::size_t l) const;
};

}  // namespace divbench
