#pragma once
// A table of typed columns stored as one HDF5 compound dataset: what a merged sweep's /index
// (one row per planned run) and /options (the options that vary between runs) are. Every cell is
// 8 bytes — int64, float64, or a variable-length string's pointer — so a row is a packed array of
// 8-byte cells, and
//   pandas.DataFrame(h5py.File("merged.h5")["index"][()])
// reads it in one line. Written without object timestamps, so that the same table is the same
// bytes whenever it is written (a merged file is a pure function of its runs).
#include <cstdint>
#include <string>
#include <vector>

#include <H5Cpp.h>

namespace divbench {

struct IndexColumn {
  enum Kind { integer, real, text };
  std::string name;
  Kind kind = real;
  std::vector<std::int64_t> ints = {};
  std::vector<double> reals = {};
  std::vector<std::string> texts = {};

  std::size_t size() const;
  // The value at `row` of a numeric column, as a double.
  double number(std::size_t row) const;
};

// Writes `columns` (each of `rows` values) as the compound dataset `parent`/`name`.
void write_index_table(H5::Group& parent, const std::string& name,
                       const std::vector<IndexColumn>& columns, std::size_t rows);

// Reads every column of the compound dataset `parent`/`name`; `where` names the file in errors.
// Throws std::runtime_error for a missing dataset or a member that is not an 8-byte integer,
// float or string.
std::vector<IndexColumn> read_index_table(const H5::Group& parent, const std::string& name,
                                          const std::string& where);

// The column called `name`, or nullptr.
const IndexColumn* find_column(const std::vector<IndexColumn>& columns, const std::string& name);

}  // namespace divbench
