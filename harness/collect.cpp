#include "harness/collect.hpp"

#include <set>
#include <stdexcept>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "common/hdf5_io.hpp"
#include "harness/run_summary.hpp"

namespace divbench {

void collect_runs(const std::string& out, const std::vector<std::string>& runs,
                  const std::vector<std::string>& names) {
  if (runs.size() != names.size()) throw std::invalid_argument("collect: one name per run");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      throw std::runtime_error(fmt::format("{}: run name '{}' is used twice", runs[i], names[i]));
    }
    read_run_file_summary(runs[i]);  // checks the file before anything is written
  }
  std::vector<std::pair<std::string, std::string>> sources;
  for (std::size_t i = 0; i < runs.size(); ++i) sources.emplace_back(runs[i], names[i]);
  write_hdf5_streamed(out, "collection", [&](H5::H5File& dst) {
    create_ordered_group(dst, "runs");
    copy_files_into(dst, "runs", sources);
  });
}

}  // namespace divbench
