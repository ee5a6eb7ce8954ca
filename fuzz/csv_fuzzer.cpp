// libFuzzer target for the CSV parser: the first byte picks the options (header mode and label
// column), the rest is the file. Any input either parses into a consistent table or throws
// std::invalid_argument.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "datasets/csv_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace divbench;
  if (size == 0) return 0;
  CsvOptions options;
  options.header = static_cast<CsvOptions::Header>(data[0] % 3);
  const int label = (data[0] / 3) % 4;  // 0: none, 1-2: a column number, 3: a name
  if (label == 1 || label == 2) options.label_column = std::to_string(label);
  if (label == 3) options.label_column = "label";
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const CsvData csv = parse_csv(text, "fuzz.csv", options);
    if (!options.label_column.empty() &&
        static_cast<Index>(csv.labels.size()) != csv.values.rows())
      __builtin_trap();
    if (!csv.values.allFinite()) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
