#include "harness/machine.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

namespace divbench {

std::string describe_cpuinfo(const std::string& cpuinfo) {
  // Fields of the first processor, and the number of "processor" entries.
  std::map<std::string, std::string> first;
  int processors = 0;
  std::istringstream in(cpuinfo);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto trim = [](const std::string& s) {
      const auto b = s.find_first_not_of(" \t");
      const auto e = s.find_last_not_of(" \t");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    const std::string key = trim(line.substr(0, colon));
    if (key == "processor") ++processors;
    if (processors <= 1) first.emplace(key, trim(line.substr(colon + 1)));
  }
  if (processors == 0) return "unknown";
  std::string out = first.count("model name") != 0 ? first["model name"] : "unknown CPU";
  std::string id;
  for (const char* key : {"cpu family", "model", "stepping"}) {
    if (first.count(key) == 0) continue;
    id += fmt::format("{}{} {}", id.empty() ? "" : ", ",
                      std::string(key) == "cpu family" ? "family" : key, first[key]);
  }
  if (!id.empty()) out += " (" + id + ")";
  return out + fmt::format(", {} logical CPU{}", processors, processors == 1 ? "" : "s");
}

std::string cpu_description() {
  std::ifstream in("/proc/cpuinfo");
  if (!in) return "unknown";
  std::ostringstream text;
  text << in.rdbuf();
  return describe_cpuinfo(text.str());
}

}  // namespace divbench
