#include "objectives/objective_registry.hpp"

#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "objectives/density_ratio.hpp"
#include "objectives/f_gan.hpp"
#include "objectives/gan_minimax.hpp"
#include "objectives/gan_ns.hpp"
#include "objectives/hinge.hpp"
#include "objectives/lsgan.hpp"
#include "objectives/relativistic.hpp"
#include "objectives/wgan.hpp"

namespace divbench {
namespace {

constexpr double kDefaultClamp = 10.0;

// A parameter that must be positive (or >= 0), named in the error.
double checked(Spec& spec, const std::string& key, double fallback, bool allow_zero = false) {
  const double value = spec.get_double(key, fallback);
  if (!(allow_zero ? value >= 0.0 : value > 0.0)) {
    throw std::invalid_argument(fmt::format("objective '{}': {} must be {} 0, found {}",
                                            spec.name(), key, allow_zero ? ">=" : ">", value));
  }
  return value;
}

std::unique_ptr<Objective> make_density_ratio(const FDivergence& f, Spec& spec) {
  const double clamp =
      f.ratio_guard != RatioGuard::kNone ? checked(spec, "clamp", kDefaultClamp) : 0.0;
  return std::make_unique<DensityRatio>(f, clamp);
}

std::unique_ptr<Objective> make_f_gan(const FDivergence& f, Spec& spec) {
  const std::string loss = spec.get_string("generator", "trick");
  if (loss != "trick" && loss != "saddle") {
    throw std::invalid_argument(fmt::format(
        "objective '{}': generator must be 'trick' or 'saddle', found '{}'", spec.name(), loss));
  }
  return std::make_unique<FGan>(
      f, loss == "trick" ? FGanGeneratorLoss::kTrick : FGanGeneratorLoss::kSaddle);
}

ObjectiveRegistry build() {
  ObjectiveRegistry r("objective");
  const std::string clamp_doc =
      fmt::format("clamp={} (guard on r, on the side where h(e^r) explodes)", kDefaultClamp);
  r.add({"gan-minimax", "original GAN: G minimises E log(1 - D(G(z)))", "",
         "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014, eq. 1",
         [](Spec&) { return std::make_unique<GanMinimax>(); }});
  r.add({"gan-ns", "non-saturating GAN: G minimises -E log D(G(z))", "",
         "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014, section 3",
         [](Spec&) { return std::make_unique<GanNs>(); }});
  r.add({"gan-ns+kl",
         "non-saturating GAN plus lambda x the reverse-KL density-ratio loss -E r(G(z))",
         "lambda=1", "Goodfellow et al. 2014 section 3 + Sønderby et al., ICLR 2017, section 3.2",
         [](Spec& s) { return std::make_unique<GanNs>(checked(s, "lambda", 1.0, true)); }});

  const FDivergence& rkl = *find_f_divergence("rkl");
  const FDivergence& kl = *find_f_divergence("kl");
  r.add({"rkl", "reverse KL(P_g || P_data) by density ratio: G minimises -E r(G(z))", "",
         "Sønderby et al., Amortised MAP inference for image super-resolution, ICLR 2017 (AffGAN); "
         "Poole et al., Improved generator objectives for GANs, 2016",
         [&rkl](Spec& s) { return make_density_ratio(rkl, s); }});
  r.add({"fkl", "forward KL(P_data || P_g) by density ratio: G minimises -E exp(r(G(z)))",
         clamp_doc, "Poole et al., Improved generator objectives for GANs, 2016",
         [&kl](Spec& s) { return make_density_ratio(kl, s); }});
  for (const FDivergence& f : f_divergences()) {
    r.add(
        {fmt::format("ratio-{}", f.name),
         fmt::format(
             "{} by density ratio: G minimises E h(exp r(G(z))), h(u) = f(u) - u f'(u){}", f.title,
             f.ratio_guard != RatioGuard::kNone || f.ratio_loss_prime(1.0) != 0.0
                 ? ""
                 : "; h is piecewise constant, so the gradient vanishes: a negative control"),
         f.ratio_guard != RatioGuard::kNone ? clamp_doc : "",
         "Poole et al. 2016; envelope theorem on Nowozin et al., f-GAN, NeurIPS 2016, eq. 4",
         [&f](Spec& s) { return make_density_ratio(f, s); }});
  }
  for (const FDivergence& f : f_divergences()) {
    r.add({fmt::format("fgan-{}", f.name),
           fmt::format("f-GAN variational bound on {}; T = g_f(V)", f.title),
           "generator=trick (or saddle)",
           "Nowozin, Cseke, Tomioka, f-GAN, NeurIPS 2016, Tables 1-2, eq. 6, section 3.2",
           [&f](Spec& s) { return make_f_gan(f, s); }});
  }

  r.add({"lsgan", "least-squares GAN; a=-1, b=1, c=0 minimises Pearson chi^2(P+Q || 2Q)",
         "a=-1, b=1, c=0", "Mao et al., Least Squares GANs, ICCV 2017, eq. 2 and Thm 1",
         [](Spec& s) {
           return std::make_unique<Lsgan>(s.get_double("a", -1.0), s.get_double("b", 1.0),
                                          s.get_double("c", 0.0));
         }});
  r.add({"hinge",
         "hinge loss: D minimises E relu(1 - D(x)) + E relu(1 + D(G(z))), G maximises E D(G(z))",
         "",
         "Lim & Ye, Geometric GAN, 2017; Miyato et al., Spectral Normalization, ICLR 2018, eq. 17",
         [](Spec&) { return std::make_unique<Hinge>(); }});
  r.add({"wgan",
         "Wasserstein GAN, critic weights clipped to [-clip, clip] after each critic step (clip=0: "
         "no clip, the critic loss alone, for --regulariser gp = WGAN-GP)",
         "clip=0.01", "Arjovsky, Chintala, Bottou, Wasserstein GAN, ICML 2017, Algorithm 1",
         [](Spec& s) { return std::make_unique<Wgan>(checked(s, "clip", 0.01, true)); }});
  const char* relativistic_ref =
      "Jolicoeur-Martineau, The relativistic discriminator, ICLR 2019, sections 4.1-4.2 (losses as "
      "in github.com/AlexiaJM/RelativisticGAN, code/GAN.py)";
  r.add({"rsgan",
         "relativistic standard GAN: D minimises E softplus(-(C(x_r) - C(x_f))) over pairs, G the "
         "same with the sign flipped",
         "", relativistic_ref,
         [](Spec&) { return std::make_unique<Relativistic>(RelativisticLoss::kRsgan); }});
  r.add({"rasgan",
         "relativistic average standard GAN: logistic losses of C(x_r) - E C(x_f) and C(x_f) - E "
         "C(x_r)",
         "", relativistic_ref,
         [](Spec&) { return std::make_unique<Relativistic>(RelativisticLoss::kRasgan); }});
  r.add({"ralsgan",
         "relativistic average LSGAN: (C(x_r) - E C(x_f) -+ 1)^2 and (C(x_f) - E C(x_r) +- 1)^2",
         "", relativistic_ref,
         [](Spec&) { return std::make_unique<Relativistic>(RelativisticLoss::kRalsgan); }});
  r.add({"rahinge",
         "relativistic average hinge: relu(1 -+ (C(x_r) - E C(x_f))) and relu(1 +- (C(x_f) - E "
         "C(x_r)))",
         "", relativistic_ref,
         [](Spec&) { return std::make_unique<Relativistic>(RelativisticLoss::kRahinge); }});
  return r;
}

}  // namespace

ObjectiveRegistry& mutable_objective_registry() {
  static ObjectiveRegistry registry = build();
  return registry;
}

const ObjectiveRegistry& objective_registry() { return mutable_objective_registry(); }

std::unique_ptr<Objective> make_objective(std::string_view spec, std::string* resolved) {
  return objective_registry().make(spec, resolved);
}

}  // namespace divbench
