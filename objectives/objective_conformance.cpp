#include "objectives/objective_conformance.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>

#include "common/rng.hpp"

namespace divbench {

std::vector<float> random_outputs(std::size_t n, std::uint64_t seed, float scale) {
  Rng rng(seed, "outputs");
  std::vector<float> v(n);
  rng.fill_normal(v.data(), static_cast<std::int64_t>(n));
  for (auto& x : v) x *= scale;
  return v;
}

namespace {

using Outputs = std::vector<float>;

// Collects failures, at most `max_per_check` for each check.
class Report {
 public:
  explicit Report(std::size_t max_per_check) : max_(max_per_check) {}
  void fail(const std::string& check, std::string detail) {
    const auto same = std::count_if(failures_.begin(), failures_.end(),
                                    [&](const ConformanceFailure& f) { return f.check == check; });
    if (static_cast<std::size_t>(same) < max_) failures_.push_back({check, std::move(detail)});
  }
  void expect(bool ok, const std::string& check, const std::string& detail) {
    if (!ok) fail(check, detail);
  }
  std::vector<ConformanceFailure> take() { return std::move(failures_); }

 private:
  std::size_t max_;
  std::vector<ConformanceFailure> failures_;
};

// Central difference with h = 1e-3 on float inputs, losses in double; the tolerance of
// tests/gradient_check.hpp.
bool close(double fd, double analytic) {
  return std::abs(fd - analytic) <= 1e-4 + 1e-2 * std::abs(analytic);
}

bool all_finite(std::span<const float> v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}
bool no_nan(std::span<const float> v) {
  return std::none_of(v.begin(), v.end(), [](float x) { return std::isnan(x); });
}

// The generator's loss as the training loop calls it: with the real outputs for objectives whose
// loss depends on them (relativistic ones), else from the generated outputs alone.
double g_loss(const Objective& obj, std::span<const float> real, std::span<const float> fake,
              std::span<float> grad_real, std::span<float> grad_fake) {
  return obj.generator_sees_real() ? obj.generator_loss_with_real(real, fake, grad_real, grad_fake)
                                   : obj.generator_loss(fake, grad_fake);
}

// A loss of (real, fake) writing both gradients: the discriminator's, or the generator's through
// generator_loss_with_real (whose real gradient is zero when it does not see real outputs).
using Loss = double (*)(const Objective&, std::span<const float>, std::span<const float>,
                        std::span<float>, std::span<float>);

double d_loss(const Objective& obj, std::span<const float> r, std::span<const float> f,
              std::span<float> gr, std::span<float> gf) {
  return obj.discriminator_loss(r, f, gr, gf);
}
double g_loss_with_real(const Objective& obj, std::span<const float> r, std::span<const float> f,
                        std::span<float> gr, std::span<float> gf) {
  return obj.generator_loss_with_real(r, f, gr, gf);
}

void check_gradients(const Objective& obj, Loss loss, const char* which_loss, Outputs real,
                     Outputs fake, Report& report) {
  const std::string check = fmt::format("{} gradients match finite differences", which_loss);
  Outputs gr(real.size()), gf(fake.size()), scratch_r(real.size()), scratch_f(fake.size());
  loss(obj, real, fake, gr, gf);
  const double h = 1e-3;
  for (int which = 0; which < 2; ++which) {
    Outputs& v = which == 0 ? real : fake;
    const Outputs& g = which == 0 ? gr : gf;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const float saved = v[i];
      v[i] = static_cast<float>(saved + h);
      const double up = v[i];
      const double plus = loss(obj, real, fake, scratch_r, scratch_f);
      v[i] = static_cast<float>(saved - h);
      const double down = v[i];
      const double minus = loss(obj, real, fake, scratch_r, scratch_f);
      v[i] = saved;
      const double fd = (plus - minus) / (up - down);
      report.expect(
          close(fd, g[i]), check,
          fmt::format("d/d{}[{}] at {} (batches {} real, {} generated): finite "
                      "difference {:.6g}, gradient {:.6g}",
                      which == 0 ? "real" : "fake", i, saved, real.size(), fake.size(), fd, g[i]));
    }
  }
  if (loss == g_loss_with_real && !obj.generator_sees_real()) {
    Outputs g(fake.size());
    const double alone = obj.generator_loss(fake, g);
    const double with_real = obj.generator_loss_with_real(real, fake, scratch_r, scratch_f);
    report.expect(std::abs(alone - with_real) <= 1e-12 * std::max(1.0, std::abs(alone)),
                  "generator_loss equals generator_loss_with_real",
                  fmt::format("{} vs {}", alone, with_real));
    report.expect(g == gf, "generator_loss equals generator_loss_with_real",
                  "the gradients w.r.t. generated outputs differ");
  }
}

void check_written(const Objective& obj, Report& report) {
  const std::string check = "every gradient entry is written, losses finite";
  const Outputs r = random_outputs(7, 6, 2.0F), f = random_outputs(5, 7, 2.0F);
  Outputs gr(7, std::nanf("")), gf(5, std::nanf(""));
  report.expect(std::isfinite(obj.discriminator_loss(r, f, gr, gf)), check,
                "discriminator loss not finite");
  report.expect(all_finite(gr) && all_finite(gf), check,
                "discriminator gradient has unwritten or non-finite entries");
  Outputs g(5, std::nanf("")), g_real(7, std::nanf(""));
  report.expect(std::isfinite(obj.generator_loss_with_real(r, f, g_real, g)), check,
                "generator loss not finite");
  report.expect(all_finite(g) && all_finite(g_real), check,
                "generator gradient has unwritten or non-finite entries");
}

void check_estimates(const Objective& obj, Report& report) {
  const std::string check = "estimates are finite, named, the same names every time";
  const auto first = obj.estimates(random_outputs(9, 8, 1.0F), random_outputs(11, 9, 1.0F));
  const auto second = obj.estimates(random_outputs(4, 10, 3.0F), random_outputs(4, 11, 3.0F));
  if (first.empty()) report.fail(check, "no estimates");
  if (first.size() != second.size()) {
    report.fail(check, fmt::format("{} estimates, then {}", first.size(), second.size()));
    return;
  }
  for (std::size_t i = 0; i < first.size(); ++i) {
    report.expect(!first[i].name.empty(), check, fmt::format("estimate #{} has no name", i));
    report.expect(
        first[i].name == second[i].name, check,
        fmt::format("estimate #{} named '{}', then '{}'", i, first[i].name, second[i].name));
    report.expect(std::isfinite(first[i].value), check,
                  fmt::format("'{}' = {}", first[i].name, first[i].value));
  }
}

void check_extremes(const Objective& obj, Report& report) {
  const Outputs fifty{50.0F, -50.0F, 50.0F, -50.0F};
  Outputs gr(4), gf(4);
  std::string check = "finite losses, gradients and estimates at outputs of +-50";
  report.expect(std::isfinite(obj.discriminator_loss(fifty, fifty, gr, gf)) && all_finite(gr) &&
                    all_finite(gf),
                check, "discriminator loss or gradient");
  report.expect(
      std::isfinite(g_loss(obj, fifty, fifty, gr, gf)) && all_finite(gr) && all_finite(gf), check,
      "generator loss or gradient");
  for (const Estimate& e : obj.estimates(fifty, fifty))
    report.expect(std::isfinite(e.value), check,
                  fmt::format("estimate '{}' = {}", e.name, e.value));

  const Outputs hundred{100.0F, -100.0F, 100.0F, -100.0F};
  check = "at outputs of +-100: finite losses, gradients never NaN";
  report.expect(
      std::isfinite(obj.discriminator_loss(hundred, hundred, gr, gf)) && no_nan(gr) && no_nan(gf),
      check, "discriminator loss or gradient");
  report.expect(std::isfinite(g_loss(obj, hundred, hundred, gr, gf)) && no_nan(gr) && no_nan(gf),
                check, "generator loss or gradient");
  for (const Estimate& e : obj.estimates(hundred, hundred))
    report.expect(!std::isnan(e.value), check, fmt::format("estimate '{}' is NaN", e.name));
}

void check_batch_means(const Objective& obj, Report& report) {
  const std::string check = "losses are batch means: repeating a batch changes neither loss";
  const Outputs r = random_outputs(3, 4, 1.0F), f = random_outputs(3, 5, 1.0F);
  Outputs rr(r), ff(f);
  rr.insert(rr.end(), r.begin(), r.end());
  ff.insert(ff.end(), f.begin(), f.end());
  Outputs g3a(3), g3b(3), g6a(6), g6b(6);
  // Relative 1e-6: an objective may compute in float32 (a Python one on the float32 outputs it is
  // given), whose sums differ in the last bits; a sum instead of a mean is off by a factor of 2.
  const auto same = [](double a, double b) {
    return std::abs(a - b) <= 1e-6 * std::max(std::abs(a), std::abs(b)) + 1e-300;
  };
  const double d3 = obj.discriminator_loss(r, f, g3a, g3b);
  const double d6 = obj.discriminator_loss(rr, ff, g6a, g6b);
  report.expect(same(d3, d6), check, fmt::format("discriminator loss {} vs {} doubled", d3, d6));
  const double l3 = g_loss(obj, r, f, g3b, g3a);
  const double l6 = g_loss(obj, rr, ff, g6b, g6a);
  report.expect(same(l3, l6), check, fmt::format("generator loss {} vs {} doubled", l3, l6));
}

}  // namespace

std::vector<ConformanceFailure> check_objective_conformance(const Objective& objective,
                                                            std::size_t max_per_check) {
  Report report(max_per_check);
  check_written(objective, report);
  check_estimates(objective, report);
  check_gradients(objective, d_loss, "discriminator loss", random_outputs(6, 1, 1.5F),
                  random_outputs(4, 2, 1.5F), report);
  check_gradients(objective, g_loss_with_real, "generator loss", random_outputs(4, 4, 1.5F),
                  random_outputs(5, 3, 1.5F), report);
  check_gradients(objective, g_loss_with_real, "generator loss", random_outputs(5, 5, 1.5F),
                  random_outputs(5, 6, 1.5F), report);
  check_extremes(objective, report);
  check_batch_means(objective, report);
  return report.take();
}

}  // namespace divbench
