#include "cli/stop_signal.hpp"

namespace divbench::cli {

volatile std::sig_atomic_t g_stop_signal = 0;

namespace {
extern "C" void divbench_request_stop(int signal) { g_stop_signal = signal; }
}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = divbench_request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

}  // namespace divbench::cli
