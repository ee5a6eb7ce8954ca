#pragma once
// One run inside the Python process (issue #23): what `divbench train` does with the same
// arguments (preset first, then the options; run_training; the run file; the checkpoint removed),
// for objectives registered from Python, which a child divbench process would not know. The GIL is
// released while the run trains; the objective's calls take it back. Ctrl-C (SIGINT) and SIGTERM
// stop the run after the current step with its checkpoint saved, as the command line does, and
// raise KeyboardInterrupt; the same call continues the run.
#include <string>
#include <vector>

namespace divbench::python {

// `args`: `divbench train` options ("--objective", "my-gan", "--out", "run.h5", ...). Returns the
// run's status line (as `divbench train` prints it). Bad options raise ValueError.
std::string train_in_process(const std::vector<std::string>& args, bool quiet);

}  // namespace divbench::python
