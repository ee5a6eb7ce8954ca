#pragma once
// How a network's Linear layers draw their initial weights and biases (normalisation layers always
// start at gamma = 1, beta = 0):
//   pytorch          W, b ~ U(-1/sqrt(in), 1/sqrt(in)): nn.Linear.reset_parameters, divbench's
//                    reference (kaiming_uniform_ with a = sqrt 5 is exactly this bound)
//   normal:std=s     W ~ N(0, s^2), b = 0 (DCGAN, Radford et al. 2016; PacGAN's toy code)
//   orthogonal:gain=g  W = g Q with Q from the QR decomposition of a standard normal matrix, its
//                    columns' signs fixed by diag(R) (Saxe et al. 2014; torch.nn.init.orthogonal_),
//                    b = 0
//   glorot-uniform   W ~ U(-sqrt(6/(in+out)), +...), b = 0 (Glorot & Bengio 2010)
//   he-uniform       W ~ U(-sqrt(6/in), +sqrt(6/in)), b = 0: standard deviation sqrt(2/in) (He et
//                    al. 2015), drawn uniformly as the WGAN-GP code's tflib 'he' draws it
#include <string>
#include <string_view>

#include "common/rng.hpp"
#include "common/tensor.hpp"

namespace divbench {

enum class InitKind { kPytorch, kNormal, kOrthogonal, kGlorotUniform, kHeUniform };

struct Init {
  InitKind kind = InitKind::kPytorch;
  double scale = 0.0;  // normal: std; orthogonal: gain

  // "pytorch", "normal:std=0.02", "orthogonal:gain=1", "glorot-uniform", "he-uniform"; throws
  // std::invalid_argument naming the valid kinds or the parameter at fault.
  static Init parse(std::string_view text);
  static const char* known_names();
  // Canonical text with every parameter ("normal:std=0.02", "orthogonal:gain=1").
  std::string text() const;

  // weight: (in, out); bias: (1, out) or nullptr for a layer without bias. The weight is drawn
  // first, then the bias, from `rng`.
  void initialise_linear(Rng& rng, Matrix& weight, Matrix* bias) const;
};

}  // namespace divbench
