#pragma once
// SIGTERM (Slurm's notice before pre-emption, cancellation or the time limit) and SIGINT (Ctrl-C)
// ask divbench to stop cleanly: a run saves its checkpoint after the current step, a sweep passes
// the signal on to its runs and waits for them. The same command later continues.
#include <csignal>

namespace divbench::cli {

// The signal received, 0 while none has been.
extern volatile std::sig_atomic_t g_stop_signal;

// Without SA_RESTART, so that a blocking waitpid returns EINTR when the signal arrives.
void install_stop_handlers();

}  // namespace divbench::cli
