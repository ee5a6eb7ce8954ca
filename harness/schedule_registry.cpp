#include "harness/schedule_registry.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "harness/alternating_schedule.hpp"
#include "harness/lookahead_schedule.hpp"
#include "harness/simultaneous_schedule.hpp"
#include "harness/unrolled_schedule.hpp"

namespace divbench {
namespace {

ScheduleRegistry build() {
  ScheduleRegistry r("schedule");
  r.add({"alternating", "d-steps discriminator updates on fresh batches, then one generator update",
         "", "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014, Algorithm 1",
         [](Spec&) { return std::make_unique<AlternatingSchedule>(); }});
  r.add({"simultaneous",
         "both players' gradients from the same batches through the same discriminator, then both "
         "updates",
         "",
         "PacGAN (Lin et al., NeurIPS 2018) and Unrolled GAN (Metz et al., ICLR 2017) released code",
         [](Spec&) { return std::make_unique<SimultaneousSchedule>(); }});
  r.add({"lookahead",
         "first-order look-ahead: G's gradient against D after k updates on one batch (no "
         "second-order term); D keeps the first",
         "k=5", "Metz et al., Unrolled Generative Adversarial Networks, ICLR 2017, eq. 12 without its "
         "second term",
         [](Spec& s) {
           const long long k = s.get_int("k", 5);
           if (k < 1) {
             throw std::invalid_argument(
                 fmt::format("schedule 'lookahead': k must be an integer >= 1, found {}", k));
           }
           return std::make_unique<LookaheadSchedule>(k);
         }});
  r.add({"unrolled",
         "G's gradient through k differentiable D updates with the run's D optimiser (second-order "
         "terms included); D keeps the first",
         "k=5", "Metz et al., Unrolled Generative Adversarial Networks, ICLR 2017, eq. 12",
         [](Spec& s) {
           const long long k = s.get_int("k", 5);
           if (k < 1 || k > 100) {
             throw std::invalid_argument(fmt::format(
                 "schedule 'unrolled': k must be an integer in [1, 100], found {}", k));
           }
           return std::make_unique<UnrolledSchedule>(k);
         }});
  return r;
}

}  // namespace

const ScheduleRegistry& schedule_registry() {
  static const ScheduleRegistry registry = build();
  return registry;
}

void check_schedule_supports(const Schedule& schedule, const Objective& objective,
                             std::string_view schedule_spec, std::string_view objective_spec) {
  if (!schedule.differentiates_through_updates()) return;
  const float v[1] = {0.5F};
  float g[2] = {0.0F, 0.0F};
  if (!objective.discriminator_loss_tangent(v, v, v, v, {g, 1}, {g + 1, 1})) {
    throw std::invalid_argument(fmt::format(
        "schedule '{}' differentiates through discriminator updates, which needs the objective's "
        "second derivatives; objective '{}' does not provide them (plugins do not); use "
        "'lookahead:k=...', the first-order variant",
        schedule_spec, objective_spec));
  }
}

std::unique_ptr<Schedule> make_schedule(std::string_view spec, std::string* resolved) {
  return schedule_registry().make(spec, resolved);
}

}  // namespace divbench
