#include "datasets/csv_file.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "datasets/file_bytes.hpp"

namespace divbench {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view cell, double& value) {
  const std::string_view t = trim(cell);
  if (!t.empty() && t.front() == '+') return false;  // from_chars refuses it too; say so plainly
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  return !t.empty() && ec == std::errc() && ptr == t.data() + t.size();
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  while (true) {
    const auto comma = line.find(',');
    cells.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) return cells;
    line.remove_prefix(comma + 1);
  }
}

// Shortens a cell for an error message.
std::string shown(std::string_view cell) {
  const std::string_view t = trim(cell);
  return t.size() > 40 ? std::string(t.substr(0, 40)) + "..." : std::string(t);
}

}  // namespace

CsvOptions::Header parse_csv_header(const std::string& text) {
  if (text == "auto") return CsvOptions::Header::kAuto;
  if (text == "yes") return CsvOptions::Header::kYes;
  if (text == "no") return CsvOptions::Header::kNo;
  throw std::invalid_argument(fmt::format("header: expected auto, yes or no, found '{}'", text));
}

CsvData parse_csv(std::string_view text, const std::string& name, const CsvOptions& options) {
  CsvData out;
  std::vector<float> values;
  std::size_t columns = 0;  // cells per line, fixed by the first line
  std::size_t label = 0;    // 1-based; 0: none
  long long rows = 0;
  long long line_number = 0;
  bool first = true;
  std::vector<double> row;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (trim(line).empty()) continue;
    const auto cells = split(line);
    row.assign(cells.size(), 0.0);
    std::size_t bad = cells.size();
    for (std::size_t c = 0; c < cells.size() && bad == cells.size(); ++c) {
      if (!parse_number(cells[c], row[c])) bad = c;
    }
    if (first) {
      first = false;
      columns = cells.size();
      const bool header = options.header == CsvOptions::Header::kYes ||
                          (options.header == CsvOptions::Header::kAuto && bad != cells.size());
      if (header) {
        for (const auto cell : cells) out.header.emplace_back(trim(cell));
      }
      if (!options.label_column.empty()) {
        std::size_t number = 0;
        const std::string& l = options.label_column;
        const auto [ptr, ec] = std::from_chars(l.data(), l.data() + l.size(), number);
        if (ec == std::errc() && ptr == l.data() + l.size()) {
          if (number < 1 || number > columns) {
            throw std::invalid_argument(fmt::format(
                "{}: label column {}: the file has columns 1 to {}", name, number, columns));
          }
          label = number;
        } else {
          for (std::size_t c = 0; c < out.header.size(); ++c) {
            if (out.header[c] == l) label = c + 1;
          }
          if (label == 0) {
            throw std::invalid_argument(fmt::format(
                "{}: label column '{}': {}", name, l,
                out.header.empty() ? std::string("the file has no header line to name it")
                                   : fmt::format("not in the header ({})", fmt::join(out.header, ", "))));
          }
        }
        if (columns < 2) {
          throw std::invalid_argument(
              fmt::format("{}: a label column needs at least one other column", name));
        }
      }
      if (header) continue;
    }
    if (bad != cells.size()) {
      throw std::invalid_argument(fmt::format("{}:{}: column {}: expected a number, found '{}'",
                                              name, line_number, bad + 1, shown(cells[bad])));
    }
    if (cells.size() != columns) {
      throw std::invalid_argument(fmt::format("{}:{}: expected {} columns, found {}", name,
                                              line_number, columns, cells.size()));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c + 1 == label) {
        const double v = row[c];
        if (!(std::abs(v) < 9.0e15) || v != std::floor(v)) {
          throw std::invalid_argument(fmt::format(
              "{}:{}: column {}: a label must be an integer, found '{}'", name, line_number,
              c + 1, shown(cells[c])));
        }
        out.labels.push_back(static_cast<long long>(v));
      } else {
        const auto v = static_cast<float>(row[c]);
        if (!std::isfinite(v)) {
          throw std::invalid_argument(fmt::format(
              "{}:{}: column {}: expected a finite number within float range, found '{}'", name,
              line_number, c + 1, shown(cells[c])));
        }
        values.push_back(v);
      }
    }
    ++rows;
  }
  if (rows == 0) {
    throw std::invalid_argument(fmt::format("{}: no samples (the file has no numeric rows)", name));
  }
  const auto cols = static_cast<Index>(columns - (label != 0 ? 1 : 0));
  out.values.resize(static_cast<Index>(rows), cols);
  std::copy(values.begin(), values.end(), out.values.data());
  return out;
}

CsvData read_csv(const std::string& path, const CsvOptions& options) {
  const Bytes bytes = read_file_maybe_gzip(path);
  return parse_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                   path, options);
}

}  // namespace divbench
