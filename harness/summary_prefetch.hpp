#pragma once
// A merge's reading of run files, done ahead of it in a second process. Copying a run into the
// merged file (H5Ocopy) and reading what its /index row needs (run_summary.hpp) cost about the
// same; HDF5 runs in one thread, so the reading moves to a child process that works through the
// run files in order and passes each outcome down a pipe while the merge copies the runs before.
// The outcomes are those read_summary_outcome gives in-process, in the same order: the merged
// file is the same bytes either way.
#include <cstdio>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace divbench {

struct SummaryOutcome {
  enum Kind { missing, ok, unreadable, wrong_run };
  Kind kind = missing;
  std::string message;  // unreadable, wrong_run: what is wrong, naming the file
  std::string status;
  long long steps_completed = 0;
  long long diverged_step = -1;
  std::map<std::string, double> final_metrics;
  std::map<std::string, double> last_estimates;
};

// Reads the summary of run file `file`, which should hold the run `id`.
SummaryOutcome read_summary_outcome(const std::string& file, const std::string& id);

class SummaryPrefetch {
 public:
  // Starts the child; `files[i]` should hold run `ids[i]`. Throws std::runtime_error when no
  // process or pipe can be made.
  SummaryPrefetch(std::vector<std::string> files, std::vector<std::string> ids);
  ~SummaryPrefetch();  // stops the child if it is still reading, and waits for it
  SummaryPrefetch(const SummaryPrefetch&) = delete;
  SummaryPrefetch& operator=(const SummaryPrefetch&) = delete;

  // The next file's outcome; throws std::runtime_error if the child died.
  SummaryOutcome next();

 private:
  pid_t child_ = -1;
  std::FILE* from_child_ = nullptr;
};

}  // namespace divbench
