#pragma once
// What a merged sweep's /index says of one run, read from its group without its curves or
// samples: status, steps, final metrics and the last value of each objective estimate. Reading
// it costs a few attributes and one value per estimate; reading the whole run (read_run) costs
// every curve and sample, which at 100,000 runs is most of a merge's time.
#include <map>
#include <string>

#include <H5Cpp.h>

#include "harness/run_file.hpp"

namespace divbench {

struct RunSummary {
  TrainConfig config;  // every resolved option, as stored
  std::string status;  // "complete" or "diverged"
  long long steps_completed = 0;
  long long diverged_step = -1;
  std::string diverged_reason;
  // The final metrics as read_run gives them (modes_covered as a number), and modes_total when
  // the run counted modes.
  std::map<std::string, double> final_metrics;
  // The last recorded value of each objective estimate (curves/objective/<name>), NaN if none.
  std::map<std::string, double> last_estimates;
};

// Throws std::runtime_error naming `where` and the missing or mistyped item, as read_run does.
RunSummary read_run_summary(const H5::Group& root, const std::string& where);
// The same for a run file (`where` is "PATH:/"); a file cut short fails to open (HDF5 checks
// the file's end against its superblock), a damaged one fails on the item it damages.
RunSummary read_run_file_summary(const std::string& path);

}  // namespace divbench
