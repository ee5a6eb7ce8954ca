#include "harness/sweep_directory.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include <fmt/format.h>

namespace divbench {
namespace {

namespace fs = std::filesystem;

// Written aside and renamed: concurrent writers of the same text (array tasks) never leave a
// half-written file.
void write_text_file(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + fmt::format(".{}.tmp", getpid());
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write", tmp.string()));
  }
  fs::rename(tmp, path);
}

}  // namespace

void prepare_sweep_directory(const std::string& dir) {
  for (const char* sub : {"sweeps", "runs", "logs"}) {
    std::error_code ec;
    fs::create_directories(fs::path(dir) / sub, ec);
    if (ec) {
      throw std::invalid_argument(
          fmt::format("{}: cannot create the sweep's directories: {}", dir, ec.message()));
    }
  }
  const fs::path probe = fs::path(dir) / fmt::format(".write-test.{}", getpid());
  std::FILE* f = std::fopen(probe.c_str(), "w");
  const int error = errno;
  if (f == nullptr || std::fputc('x', f) == EOF || std::fclose(f) != 0) {
    std::remove(probe.c_str());
    throw std::invalid_argument(
        fmt::format("{}: cannot write into it: {}", dir, std::strerror(f == nullptr ? error : errno)));
  }
  std::remove(probe.c_str());
}

std::string sweep_file_of(const std::string& dir) { return (fs::path(dir) / "sweep.ini").string(); }

std::string record_sweep(const std::string& dir, const Sweep& sweep) {
  const std::string id = sweep_id(sweep);
  fs::create_directories(fs::path(dir) / "sweeps");
  const fs::path kept = fs::path(dir) / "sweeps" / (id + ".ini");
  if (!fs::exists(kept)) write_text_file(kept, sweep.text);
  const fs::path current = sweep_file_of(dir);
  std::string note;
  if (fs::exists(current)) {
    std::string previous;
    try {
      previous = sweep_id(load_sweep(current.string()));
    } catch (const std::exception& e) {
      previous = "unreadable";
    }
    if (previous == id) return "";
    note = fmt::format(
        "{}: replaces sweep {} (kept as {}/sweeps/{}.ini); its run files stay, runs in both "
        "sweeps are not run again",
        current.string(), previous, dir, previous);
  }
  write_text_file(current, sweep.text);
  return note;
}

}  // namespace divbench
