#pragma once
// An exponential moving average of the generator's weights (--g-ema DECAY; Yazıcı et al., The
// Unusual Effectiveness of Averaging in GAN Training, ICLR 2019, section 3):
//   θ_ema ← decay · θ_ema + (1 − decay) · θ   after every generator update, from θ_ema = θ_0.
// Evaluation (samples, metrics, the objective's estimates) uses θ_ema; the generator's buffers
// (BatchNorm's running statistics) are the trained generator's. Training never sees θ_ema.
#include <string>
#include <utility>
#include <vector>

#include "models/layer.hpp"

namespace divbench {

class GeneratorAverage {
 public:
  GeneratorAverage(std::vector<ParameterRef> parameters, double decay);
  void update();
  // Exchanges θ and θ_ema in the generator (twice: back as before).
  void swap();
  // By parameter name, for checkpoints.
  std::vector<std::pair<std::string, std::vector<float>>> state() const;
  // Throws std::invalid_argument naming a missing or mis-sized parameter.
  void restore(const std::vector<std::pair<std::string, std::vector<float>>>& state);

 private:
  std::vector<ParameterRef> parameters_;
  std::vector<std::vector<float>> average_;
  float decay_;
};

// While alive, the generator holds its averaged weights (no-op for a null average).
class AveragedWeights {
 public:
  explicit AveragedWeights(GeneratorAverage* average) : average_(average) {
    if (average_ != nullptr) average_->swap();
  }
  ~AveragedWeights() {
    if (average_ != nullptr) average_->swap();
  }
  AveragedWeights(const AveragedWeights&) = delete;
  AveragedWeights& operator=(const AveragedWeights&) = delete;

 private:
  GeneratorAverage* average_;
};

}  // namespace divbench
