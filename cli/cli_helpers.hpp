#pragma once
// Small pieces several subcommands share.
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

namespace divbench::cli {

// The running divbench executable (/proc/self/exe), for child processes and generated scripts.
std::filesystem::path self_executable();

// A file shipped with divbench: the installed copy next to this binary
// (<prefix>/share/divbench/<relative>) when there is one, else the source tree's `source`.
std::filesystem::path shipped_file(const std::string& relative, const std::string& source);

// A positional argument: its hidden option name, how many words it takes (-1: all the rest) and
// where they go.
struct Positional {
  const char* name;
  int max_count;
  boost::program_options::value_semantic* value;  // owned by the parser from then on
};

// The command-line skeleton every subcommand shares: parses `args` against `desc` (what --help
// shows, which must include "help,h") and the positional arguments. On --help prints `usage`, a
// blank line and `desc`, and returns false; otherwise stores, notifies and returns true. Errors are
// Boost.Program_options exceptions (std::exception) for the caller's "divbench CMD: ..." message.
bool parse_command_line(const std::vector<std::string>& args,
                        const boost::program_options::options_description& desc,
                        std::initializer_list<Positional> positionals, std::string_view usage);

// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> split_commas(const std::string& text);

// --where KEY=VALUE options; throws std::invalid_argument naming a malformed one.
std::vector<std::pair<std::string, std::string>> parse_where(const std::vector<std::string>& where);

// "i/n" (shard i of n, as --shard takes it) -> (i, n); throws std::invalid_argument naming `what`.
std::pair<long long, long long> parse_shard(const std::string& text, const std::string& what);

}  // namespace divbench::cli
