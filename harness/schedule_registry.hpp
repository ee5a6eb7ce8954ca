#pragma once
// Every update schedule divbench knows, registered explicitly in schedule_registry.cpp: adding one
// is one file plus one line there; the conformance tests loop over this registry.
#include <string>

#include "common/registry.hpp"
#include "harness/schedule.hpp"
#include "objectives/objective.hpp"

namespace divbench {

using ScheduleRegistry = Registry<Schedule>;

const ScheduleRegistry& schedule_registry();

std::unique_ptr<Schedule> make_schedule(std::string_view spec, std::string* resolved = nullptr);

// Throws std::invalid_argument, naming both specs, when `schedule` cannot train `objective`: a
// schedule that differentiates through D's updates needs the objective's second derivatives.
void check_schedule_supports(const Schedule& schedule, const Objective& objective,
                             std::string_view schedule_spec, std::string_view objective_spec);

}  // namespace divbench
