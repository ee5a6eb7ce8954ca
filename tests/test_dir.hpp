#pragma once
// A private scratch directory for each test process. CTest runs every test case in a process of
// its own, two at a time, and a fixed name under /tmp would be shared by test cases running at
// once (and by two checkouts testing on one machine): each process makes its own directory with
// mkdtemp and removes it at exit.
#include <filesystem>
#include <stdexcept>
#include <string>

#include <stdlib.h>

namespace divbench::test {

class ProcessDir {
 public:
  ProcessDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "divbench_test_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + pattern);
    path_ = pattern;
  }
  ~ProcessDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ProcessDir(const ProcessDir&) = delete;
  ProcessDir& operator=(const ProcessDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// An empty directory `name` inside this process's scratch directory.
inline std::filesystem::path test_dir(const std::string& name) {
  static const ProcessDir root;
  const std::filesystem::path dir = root.path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace divbench::test
