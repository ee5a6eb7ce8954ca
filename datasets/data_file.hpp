#pragma once
// One entry point for every data file divbench reads — dataset options and `divbench kl` alike:
//   IDX (plain or gzip)      recognised by content (two zero bytes, a type code, 1-8 dims)
//   HDF5                     "FILE.h5:/dataset" (a bare HDF5 file gets an error asking for one)
//   CSV (plain or gzip)      anything else, or a .csv/.txt name
// `format` overrides the guess. Labels come from a CSV label column or from a second file of any
// of these formats (e.g. MNIST's train-labels-idx1-ubyte.gz, or FILE.h5:/labels).
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/csv_file.hpp"
#include "common/tensor.hpp"

namespace divbench {

struct DataFileOptions {
  std::string format = "auto";  // auto | idx | csv | hdf5
  std::string labels;           // a labels file or "FILE.h5:/labels"; empty for none
  CsvOptions csv;               // header and label column of CSV files
  // auto: IDX ubyte images -> minus-one-one over the type's range 0..255 (x / 127.5 - 1, the tanh
  // generator's range); everything else as stored.
  // none | minus-one-one | unit ([0, 1]) | standardise (each column to mean 0, sd 1): over the
  // data's own min and max, except for ubyte data whose range is 0..255.
  std::string scale = "auto";
};

struct DataFile {
  Matrix x;                            // (n, d) after scaling
  std::vector<long long> labels;       // n labels, or empty
  std::string format;                  // idx | csv | hdf5
  std::vector<std::uint32_t> shape;    // one sample's shape: {28, 28} for IDX images, else {d}
};

DataFile load_data_file(const std::string& spec, const DataFileOptions& options = {});

// Only the labels of a file (IDX 1-D integers, a one-column CSV, or an HDF5 integer dataset).
std::vector<long long> load_labels_file(const std::string& spec);

// A train/test split that does not depend on the file's order: rows are permuted by a fixed
// seed and the first round(test_fraction * n) of the permutation form the test set.
// which: "all" | "train" | "test". Throws when a part would be empty.
DataFile split_rows(DataFile data, const std::string& which, double test_fraction);

}  // namespace divbench
