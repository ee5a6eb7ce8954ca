#pragma once
// Every update schedule divbench knows, registered explicitly in schedule_registry.cpp: adding one
// is one file plus one line there; the conformance tests loop over this registry.
#include <string>

#include "common/registry.hpp"
#include "harness/schedule.hpp"

namespace divbench {

using ScheduleRegistry = Registry<Schedule>;

const ScheduleRegistry& schedule_registry();

std::unique_ptr<Schedule> make_schedule(std::string_view spec, std::string* resolved = nullptr);

}  // namespace divbench
