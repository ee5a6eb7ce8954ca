#include "harness/summary_prefetch.hpp"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "harness/run_summary.hpp"
#include "harness/sweep.hpp"  // run_id

namespace divbench {
namespace {

// The pipe's format: each outcome as its kind, then strings (length, bytes), integers and
// doubles in the machine's own representation (both ends are this process and its fork).
void put_bytes(std::FILE* f, const void* p, std::size_t n) {
  if (std::fwrite(p, 1, n, f) != n) throw std::runtime_error("pipe closed");
}
void put_string(std::FILE* f, const std::string& s) {
  const std::uint64_t n = s.size();
  put_bytes(f, &n, sizeof n);
  put_bytes(f, s.data(), s.size());
}
void put_map(std::FILE* f, const std::map<std::string, double>& m) {
  const std::uint64_t n = m.size();
  put_bytes(f, &n, sizeof n);
  for (const auto& [name, value] : m) {
    put_string(f, name);
    put_bytes(f, &value, sizeof value);
  }
}

void get_bytes(std::FILE* f, void* p, std::size_t n) {
  if (std::fread(p, 1, n, f) != n)
    throw std::runtime_error("the process reading run files ended before the last one");
}
std::string get_string(std::FILE* f) {
  std::uint64_t n = 0;
  get_bytes(f, &n, sizeof n);
  std::string s(n, '\0');
  get_bytes(f, s.data(), n);
  return s;
}
std::map<std::string, double> get_map(std::FILE* f) {
  std::uint64_t n = 0;
  get_bytes(f, &n, sizeof n);
  std::map<std::string, double> m;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string name = get_string(f);
    double value = 0.0;
    get_bytes(f, &value, sizeof value);
    m.emplace(std::move(name), value);
  }
  return m;
}

}  // namespace

SummaryOutcome read_summary_outcome(const std::string& file, const std::string& id) {
  SummaryOutcome out;
  if (!std::filesystem::exists(file)) return out;
  try {
    const RunSummary s = read_run_file_summary(file);
    if (run_id(s.config) != id) {
      out.kind = SummaryOutcome::wrong_run;
      out.message = fmt::format("{}: holds run {} ({}), not run {} its name says", file,
                                run_id(s.config), identity_text(s.config).substr(0, 60), id);
      return out;
    }
    out.kind = SummaryOutcome::ok;
    out.status = s.status;
    out.steps_completed = s.steps_completed;
    out.diverged_step = s.diverged_step;
    out.final_metrics = s.final_metrics;
    out.last_estimates = s.last_estimates;
  } catch (const std::runtime_error& e) {
    out.kind = SummaryOutcome::unreadable;
    out.message = e.what();
  }
  return out;
}

SummaryPrefetch::SummaryPrefetch(std::vector<std::string> files, std::vector<std::string> ids) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(fmt::format("cannot make a pipe: {}", std::strerror(errno)));
  std::fflush(nullptr);  // nothing buffered is written twice
  child_ = ::fork();
  if (child_ < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(fmt::format("cannot start a process: {}", std::strerror(errno)));
  }
  if (child_ == 0) {
    // The child: HDF5 state and open files are the parent's copies, never flushed or closed
    // here (_exit skips HDF5's atexit handler); it only opens run files of its own.
    ::close(fds[0]);
    int code = 0;
    try {
      std::FILE* to_parent = ::fdopen(fds[1], "w");
      if (to_parent == nullptr) ::_exit(1);
      for (std::size_t i = 0; i < files.size(); ++i) {
        const SummaryOutcome o = read_summary_outcome(files[i], ids[i]);
        const std::int32_t kind = o.kind;
        put_bytes(to_parent, &kind, sizeof kind);
        put_string(to_parent, o.message);
        put_string(to_parent, o.status);
        put_bytes(to_parent, &o.steps_completed, sizeof o.steps_completed);
        put_bytes(to_parent, &o.diverged_step, sizeof o.diverged_step);
        put_map(to_parent, o.final_metrics);
        put_map(to_parent, o.last_estimates);
      }
      if (std::fflush(to_parent) != 0) code = 1;
    } catch (...) {
      code = 1;
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  from_child_ = ::fdopen(fds[0], "r");
  if (from_child_ == nullptr) {
    ::close(fds[0]);
    ::kill(child_, SIGKILL);
    ::waitpid(child_, nullptr, 0);
    throw std::runtime_error(fmt::format("cannot read a pipe: {}", std::strerror(errno)));
  }
}

SummaryPrefetch::~SummaryPrefetch() {
  std::fclose(from_child_);  // a child still writing gets SIGPIPE
  ::kill(child_, SIGTERM);
  while (::waitpid(child_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

SummaryOutcome SummaryPrefetch::next() {
  SummaryOutcome o;
  std::int32_t kind = 0;
  get_bytes(from_child_, &kind, sizeof kind);
  o.kind = static_cast<SummaryOutcome::Kind>(kind);
  o.message = get_string(from_child_);
  o.status = get_string(from_child_);
  get_bytes(from_child_, &o.steps_completed, sizeof o.steps_completed);
  get_bytes(from_child_, &o.diverged_step, sizeof o.diverged_step);
  o.final_metrics = get_map(from_child_);
  o.last_estimates = get_map(from_child_);
  return o;
}

}  // namespace divbench
