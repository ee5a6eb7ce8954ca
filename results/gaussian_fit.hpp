#pragma once
// The gaussian-fit experiment, after f-GAN (Nowozin, Cseke, Tomioka 2016) section 4: the Gaussian
// Q = N(mu, sigma^2) closest to a 1-D mixture P under each f-divergence D_f(P || Q), found
//   (a) exactly: D_f computed by adaptive Gauss–Kronrod quadrature (Boost.Math) and minimised over
//       (mu, log sigma) by a grid search refined with Nelder–Mead;
//   (b) variationally: the affine generator x = mu + sigma z trained with fgan-<f> (the runs of a
//       sweep; the fitted mu and sigma are the final samples' gen_mean and gen_std).
// Forward KL should land between the modes with a wide sigma (for a mixture it matches the
// mixture's mean and variance exactly), reverse KL on one mode.
#include <functional>
#include <string>

#include "objectives/f_divergence.hpp"
#include "results/table.hpp"

namespace divbench {

struct GaussianFit {
  double mu = 0.0;
  double sigma = 1.0;
  double divergence = 0.0;  // D_f(P || N(mu, sigma^2)) at the fit
};

// A 1-D density given by its log, and the interval outside which it is negligible.
struct Density1d {
  std::function<double(double)> log_p;
  double lo = -10.0;
  double hi = 10.0;
};

// The Gaussian mixture of a 1-D dataset with modes (mog1d, gmm:file=... in one dimension);
// throws std::invalid_argument otherwise.
Density1d mixture_density(const std::string& dataset_spec);

// D_f(P || N(mu, sigma^2)) = ∫ q f(p/q) dx over [min(lo, mu - 12 sigma), max(hi, mu + 12 sigma)].
double exact_divergence(const FDivergence& f, const Density1d& p, double mu, double sigma);

GaussianFit fit_gaussian(const FDivergence& f, const Density1d& p);

// The experiment's table: one row per f-divergence with fgan-<name> runs on a 1-D dataset with the
// affine generator; column groups "exact" and "variational" with mu, sigma, D_f, KL(P||Q) and
// KL(Q||P) of each fit (variational: mean and spread over the runs, per `options.aggregation`).
// Throws std::invalid_argument when there are no such runs.
Table gaussian_fit_table(const NamedRuns& runs, const TableOptions& options);

}  // namespace divbench
