#include "cli/cli_helpers.hpp"

#include <algorithm>
#include <stdexcept>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "common/spec.hpp"  // parse_int

namespace divbench::cli {

std::filesystem::path self_executable() {
  char self[4096];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  return n > 0 ? std::filesystem::path(std::string(self, static_cast<std::size_t>(n)))
               : std::filesystem::path("divbench");
}

std::filesystem::path shipped_file(const std::string& relative, const std::string& source) {
  const std::filesystem::path installed =
      self_executable().parent_path().parent_path() / "share" / "divbench" / relative;
  return std::filesystem::exists(installed) ? installed : std::filesystem::path(source);
}

bool parse_command_line(const std::vector<std::string>& args,
                        const boost::program_options::options_description& desc,
                        std::initializer_list<Positional> positionals, std::string_view usage) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(desc);
  po::positional_options_description positional;
  for (const Positional& p : positionals) {
    all.add_options()(p.name, p.value);
    positional.add(p.name, p.max_count);
  }
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help") != 0) {
    fmt::print("{}\n\n{}", usage, fmt::streamed(desc));
    return false;
  }
  po::notify(vm);
  return true;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_where(
    const std::vector<std::string>& where) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& w : where) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      throw std::invalid_argument(fmt::format("--where: expected KEY=VALUE, found '{}'", w));
    out.emplace_back(w.substr(0, eq), w.substr(eq + 1));
  }
  return out;
}

std::pair<long long, long long> parse_shard(const std::string& text, const std::string& what) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    throw std::invalid_argument(fmt::format("{}: expected i/n, found '{}'", what, text));
  return {parse_int(text.substr(0, slash), what), parse_int(text.substr(slash + 1), what)};
}

}  // namespace divbench::cli
