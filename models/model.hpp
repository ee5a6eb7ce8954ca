#pragma once
// What the training loop needs from a network: forward, backward, its parameters and buffers, and
// its mode. Models know nothing of objectives, optimisers or the loop.
#include <string>
#include <vector>

#include "models/layer.hpp"
#include "common/rng.hpp"
#include "common/tensor.hpp"

namespace divbench {

// Which gradients a backward pass must produce. The generator step needs the discriminator's
// input gradient but not its weight gradients; the discriminator step the reverse.
struct Wanted {
  bool parameters = true;
  bool input = false;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual Index input_dim() const = 0;
  virtual Index output_dim() const = 0;

  // (batch, input_dim) -> (batch, output_dim). The input is referenced, not copied: it must stay
  // alive and unchanged until the matching backward. The result is valid until the next forward.
  virtual ConstMatrixView forward(ConstMatrixView input) = 0;
  // Gradient of the loss w.r.t. the last forward's output, (batch, output_dim). Overwrites the
  // parameter gradients when wanted.parameters; returns dL/d(input), (batch, input_dim), when
  // wanted.input, else an empty view.
  virtual ConstMatrixView backward(ConstMatrixView grad_output, Wanted wanted) = 0;

  virtual std::vector<ParameterRef> parameters() = 0;
  // Named state that is not trained (BatchNorm running statistics, spectral-norm vectors).
  virtual std::vector<BufferRef> buffers() { return {}; }
  // Training (batch statistics, state advances) or evaluation; models without such layers ignore
  // it.
  virtual void set_phase(Phase /*phase*/) {}
  virtual void initialise(Rng& rng) = 0;
  virtual std::string describe() const = 0;
};

// Total number of scalar parameters.
Index parameter_count(Model& model);

}  // namespace divbench
