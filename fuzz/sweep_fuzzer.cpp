// libFuzzer target for the sweep-file parser (`divbench sweep`, `plan`, `slurm`, `merge`): any text
// either expands to runs whose ids are unique and whose configurations are valid, or throws
// SweepError naming the file; nothing else (no crash, no sanitizer report, no other exception).
// The run limit is lowered so that an input costs milliseconds, not the seconds of a full-size
// expansion; the limit's own logic is the same.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "harness/sweep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace divbench;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const Sweep sweep = parse_sweep(text, "fuzz.ini", 200);
    if (sweep.runs.empty() || sweep.runs.size() > 200) __builtin_trap();
    std::set<std::string> ids;
    for (const SweepRun& run : sweep.runs) {
      if (!ids.insert(run.id).second || run.id != run_id(run.config)) __builtin_trap();
      validate(run.config);  // a planned run must be one `divbench train` accepts
    }
  } catch (const SweepError& e) {
    if (std::string(e.what()).rfind("fuzz.ini", 0) != 0) __builtin_trap();  // names the file
  }
  return 0;
}
