#include "objectives/objective_registry.hpp"

#include "objectives/gan_minimax.hpp"
#include "objectives/gan_ns.hpp"

namespace divbench {
namespace {

template <class T>
std::unique_ptr<Objective> make_plain(Spec& /*spec*/) {
  return std::make_unique<T>();
}

ObjectiveRegistry build() {
  ObjectiveRegistry r("objective");
  r.add({"gan-minimax", "original GAN: G minimises E log(1 - D(G(z)))", "",
         "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014, eq. 1",
         make_plain<GanMinimax>});
  r.add({"gan-ns", "non-saturating GAN: G minimises -E log D(G(z))", "",
         "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014, section 3", make_plain<GanNs>});
  return r;
}

}  // namespace

const ObjectiveRegistry& objective_registry() {
  static const ObjectiveRegistry registry = build();
  return registry;
}

std::unique_ptr<Objective> make_objective(std::string_view spec) {
  return objective_registry().make(spec);
}

}  // namespace divbench
