#include "harness/regulariser_registry.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "harness/dragan_penalty.hpp"
#include "harness/gradient_penalty.hpp"
#include "harness/weight_clip.hpp"
#include "harness/zero_centred_penalty.hpp"

namespace divbench {
namespace {

double positive(Spec& spec, const std::string& key, double fallback) {
  const double value = spec.get_double(key, fallback);
  if (!(value > 0.0) || !std::isfinite(value)) {
    throw std::invalid_argument(
        fmt::format("regulariser '{}': {} must be > 0, found {}", spec.name(), key, value));
  }
  return value;
}

long long every(Spec& spec) {
  const long long k = spec.get_int("every", 1);
  if (k < 1) {
    throw std::invalid_argument(
        fmt::format("regulariser '{}': every must be an integer >= 1, found {}", spec.name(), k));
  }
  return k;
}

RegulariserRegistry build() {
  RegulariserRegistry r("regulariser");
  r.add({"none", "no regulariser", "", "-", [](Spec&) { return std::make_unique<Regulariser>(); }});
  r.add({"gp",
         "gradient penalty lambda (|grad_x D(x^)| - target)^2 at random interpolates of real and "
         "generated samples",
         "lambda=10, target=1",
         "Gulrajani et al., Improved Training of Wasserstein GANs, NeurIPS 2017, Algorithm 1",
         [](Spec& s) {
           const double lambda = positive(s, "lambda", 10.0);
           const double target = s.get_double("target", 1.0);
           if (!(target >= 0.0)) {
             throw std::invalid_argument(
                 fmt::format("regulariser 'gp': target must be >= 0, found {}", target));
           }
           return std::make_unique<GradientPenalty>(lambda, target);
         }});
  r.add({"r1",
         "gamma/2 |grad_x D(x)|^2 on the real batch; every=k applies it at every k-th D update, "
         "scaled by k",
         "gamma=10, every=1",
         "Mescheder et al., Which Training Methods for GANs do actually Converge?, ICML 2018, eq. 9",
         [](Spec& s) {
           const double gamma = positive(s, "gamma", 10.0);
           return std::make_unique<ZeroCentredPenalty>(true, gamma, every(s));
         }});
  r.add({"r2",
         "gamma/2 |grad_x D(x)|^2 on the generated batch; every=k as for r1", "gamma=10, every=1",
         "Mescheder et al., Which Training Methods for GANs do actually Converge?, ICML 2018, "
         "eq. 10",
         [](Spec& s) {
           const double gamma = positive(s, "gamma", 10.0);
           return std::make_unique<ZeroCentredPenalty>(false, gamma, every(s));
         }});
  r.add({"dragan",
         "lambda (|grad_x D(x~)| - 1)^2 at perturbed real samples; perturb=compare-gan or "
         "studiogan (the two released variants)",
         "lambda=10, perturb=compare-gan",
         "Kodali et al., On Convergence and Stability of GANs, 2017; google/compare_gan "
         "penalty_lib.py; PyTorch-StudioGAN src/utils/losses.py",
         [](Spec& s) {
           const double lambda = positive(s, "lambda", 10.0);
           const std::string perturb = s.get_string("perturb", "compare-gan");
           if (perturb != "compare-gan" && perturb != "studiogan") {
             throw std::invalid_argument(fmt::format(
                 "regulariser 'dragan': perturb must be compare-gan or studiogan, found '{}'",
                 perturb));
           }
           return std::make_unique<DraganPenalty>(lambda, perturb == "compare-gan"
                                                              ? DraganPerturbation::kCompareGan
                                                              : DraganPerturbation::kStudioGan);
         }});
  r.add({"clip", "every discriminator parameter clipped to [-c, c] after each D update", "c=0.01",
         "Arjovsky, Chintala, Bottou, Wasserstein GAN, ICML 2017, Algorithm 1",
         [](Spec& s) { return std::make_unique<WeightClip>(static_cast<float>(positive(s, "c", 0.01))); }});
  return r;
}

}  // namespace

const RegulariserRegistry& regulariser_registry() {
  static const RegulariserRegistry registry = build();
  return registry;
}

std::unique_ptr<Regulariser> make_regulariser(std::string_view spec, std::string* resolved) {
  return regulariser_registry().make(spec, resolved);
}

}  // namespace divbench
