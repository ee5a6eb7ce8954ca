#include <fmt/format.h>

#include "cli/commands.hpp"
#include "divbench/build_info.hpp"

namespace divbench::cli {

int version_command(const Args& /*args*/) {
  fmt::print("divbench {}\ncommit:   {}\nbuild:    {}\ncompiler: {}\nflags:    {}\n",
             build::kVersion, build::kGitCommit, build::kBuildType, build::kCompiler,
             build::kFlags);
  return 0;
}

}  // namespace divbench::cli
