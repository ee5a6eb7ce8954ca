#pragma once
// Small pieces several subcommands share.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace divbench::cli {

// The running divbench executable (/proc/self/exe), for child processes and generated scripts.
std::filesystem::path self_executable();

// A file shipped with divbench: the installed copy next to this binary
// (<prefix>/share/divbench/<relative>) when there is one, else the source tree's `source`.
std::filesystem::path shipped_file(const std::string& relative, const std::string& source);

// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> split_commas(const std::string& text);

// --where KEY=VALUE options; throws std::invalid_argument naming a malformed one.
std::vector<std::pair<std::string, std::string>> parse_where(const std::vector<std::string>& where);

}  // namespace divbench::cli
