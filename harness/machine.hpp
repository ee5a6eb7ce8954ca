#pragma once
// The machine a run was computed on, for its provenance. With -march=native builds (the default)
// numbers are bitwise reproducible only on the same CPU family, so a run file records the CPU.
#include <string>

namespace divbench {

// "Intel(R) Xeon(R) Processor (family 6, model 207, stepping 2), 2 logical CPUs": model name and
// identification from /proc/cpuinfo (Linux, x86); fields it lacks are left out, and without
// /proc/cpuinfo the result is "unknown".
std::string cpu_description();

// Parses the text of /proc/cpuinfo as cpu_description() does (exposed for tests).
std::string describe_cpuinfo(const std::string& cpuinfo);

}  // namespace divbench
