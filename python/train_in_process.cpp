#include "python/train_in_process.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <pybind11/pybind11.h>

#include "harness/preset_registry.hpp"
#include "harness/run_file.hpp"
#include "harness/run_training.hpp"
#include "harness/train_config.hpp"

namespace py = pybind11;
namespace po = boost::program_options;

namespace divbench::python {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void request_stop(int signal) { g_stop = signal; }

// SIGINT and SIGTERM ask the run to stop while it trains; Python's own handlers come back after.
class StopHandlers {
 public:
  StopHandlers() {
    g_stop = 0;
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &saved_int_);
    sigaction(SIGTERM, &action, &saved_term_);
  }
  ~StopHandlers() {
    sigaction(SIGINT, &saved_int_, nullptr);
    sigaction(SIGTERM, &saved_term_, nullptr);
  }
  StopHandlers(const StopHandlers&) = delete;
  StopHandlers& operator=(const StopHandlers&) = delete;

 private:
  struct sigaction saved_int_ {};
  struct sigaction saved_term_ {};
};

// The command line's parse: the preset's values first, then the explicit options over them.
TrainConfig parse(const std::vector<std::string>& args) {
  TrainConfig config;
  std::string preset = apply_preset_argument(config, args);
  po::options_description desc = train_description(config);
  desc.add_options()("preset", po::value(&preset));
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  validate(config);
  check_writable(config.out);
  return config;
}

}  // namespace

std::string train_in_process(const std::vector<std::string>& args, bool quiet) {
  TrainConfig config;
  try {
    config = parse(args);
  } catch (const py::error_already_set&) {
    throw;  // a Python objective's constructor raised: its own exception
  } catch (const std::exception& e) {
    throw py::value_error(fmt::format("divbench.train: {}", e.what()));
  }
  Progress progress(config.steps, stderr, Progress::is_terminal(stderr),
                    fmt::format("{}/{}/seed={}", config.dataset, config.objective, config.seed));
  const RunControl control{.checkpoint = checkpoint_path(config), .stop = &g_stop, .log = stderr};
  RunRecord record;
  {
    const StopHandlers handlers;
    py::gil_scoped_release unlocked;
    try {
      record = run_training(config, quiet ? nullptr : &progress, control);
    } catch (const std::invalid_argument& e) {
      throw py::value_error(fmt::format("divbench.train: {}", e.what()));
    }
  }
  if (record.status == "interrupted") {  // the checkpoint is saved: the same call continues
    PyErr_SetString(PyExc_KeyboardInterrupt,
                    fmt::format("divbench.train: stopped by signal {}; checkpoint {}",
                                static_cast<int>(g_stop), control.checkpoint)
                        .c_str());
    throw py::error_already_set();
  }
  write_run_file(config.out, record);
  std::filesystem::remove(control.checkpoint);  // the run file now holds everything
  return fmt::format("{}: {}", config.out, record.status);
}

}  // namespace divbench::python
