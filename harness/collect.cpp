#include "harness/collect.hpp"

#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "harness/hdf5_io.hpp"
#include "harness/run_file.hpp"

namespace divbench {

void collect_runs(const std::string& out, const std::vector<std::string>& runs,
                  const std::vector<std::string>& names) {
  if (runs.size() != names.size()) throw std::invalid_argument("collect: one name per run");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      throw std::runtime_error(fmt::format("{}: run name '{}' is used twice", runs[i], names[i]));
    }
    read_run_file(runs[i]);  // validates the file before anything is written
  }
  const std::string partial = out + ".partial";
  H5::Exception::dontPrint();
  try {
    {
      H5::H5File dst(partial, H5F_ACC_TRUNC);
      create_ordered_group(dst, "runs");
      for (std::size_t i = 0; i < runs.size(); ++i) {
        const H5::H5File src(runs[i], H5F_ACC_RDONLY);
        const std::string target = "runs/" + names[i];
        if (H5Ocopy(src.getId(), "/", dst.getId(), target.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
          throw std::runtime_error(fmt::format("{}: could not be copied into {}", runs[i], out));
        }
      }
      dst.flush(H5F_SCOPE_GLOBAL);
    }
    std::filesystem::rename(partial, out);
  } catch (const H5::Exception& e) {
    std::remove(partial.c_str());
    throw std::runtime_error(fmt::format("{}: cannot write collection: {}", out, e.getDetailMsg()));
  } catch (...) {
    std::remove(partial.c_str());
    throw;
  }
}

}  // namespace divbench
