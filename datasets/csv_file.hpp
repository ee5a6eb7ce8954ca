#pragma once
// Numeric CSV: one sample per line, comma-separated cells, an optional header line of names and an
// optional label column. Blank lines are skipped; cells may carry spaces around them; "\r\n" line
// ends are fine. Errors name the file, the line and the column: a non-numeric cell, a row with a
// different number of cells from the first, a missing label column, an empty file.
#include <string>
#include <string_view>
#include <vector>

#include "common/tensor.hpp"

namespace divbench {

struct CsvOptions {
  enum class Header { kAuto, kYes, kNo };
  // kAuto: the first non-blank line is a header when some cell of it is not a number.
  Header header = Header::kAuto;
  // The label column: empty for none, else a 1-based column number or a header name.
  std::string label_column;
};

struct CsvData {
  Matrix values;                    // (rows, columns without the label column)
  std::vector<long long> labels;    // one per row when there is a label column
  std::vector<std::string> header;  // the header's names (empty without a header)
};

CsvData parse_csv(std::string_view text, const std::string& name, const CsvOptions& options = {});

// Reads the file (gzip undone) and parses it.
CsvData read_csv(const std::string& path, const CsvOptions& options = {});

// "auto", "yes", "no" -> CsvOptions::Header; throws std::invalid_argument naming the choices.
CsvOptions::Header parse_csv_header(const std::string& text);

}  // namespace divbench
