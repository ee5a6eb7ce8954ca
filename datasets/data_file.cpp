#include "datasets/data_file.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "datasets/file_bytes.hpp"
#include "datasets/hdf5_array.hpp"
#include "datasets/idx_file.hpp"
#include "common/rng.hpp"

namespace divbench {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_hdf5_signature(const Bytes& bytes) {
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  return bytes.size() >= 8 && std::equal(kSignature, kSignature + 8, bytes.begin());
}

// Maps [lo, hi] linearly onto [a, b].
void rescale(Matrix& x, double lo, double hi, double a, double b, const std::string& spec) {
  if (!(hi > lo)) {
    throw std::invalid_argument(fmt::format(
        "{}: scale: every value is {}, so there is no range to scale", spec, lo));
  }
  // (x - lo) / step + a with step = (hi - lo) / (b - a): for bytes to [-1, 1], x / 127.5 - 1, exact at
  // both ends.
  const auto step = static_cast<float>((hi - lo) / (b - a));
  x.array() = (x.array() - static_cast<float>(lo)) / step + static_cast<float>(a);
}

void apply_scale(DataFile& d, const std::string& scale, bool ubyte, const std::string& spec) {
  const std::string s = scale == "auto" ? (ubyte ? "minus-one-one" : "none") : scale;
  const double lo = ubyte ? 0.0 : static_cast<double>(d.x.minCoeff());
  const double hi = ubyte ? 255.0 : static_cast<double>(d.x.maxCoeff());
  if (s == "none") return;
  if (s == "minus-one-one") return rescale(d.x, lo, hi, -1.0, 1.0, spec);
  if (s == "unit") return rescale(d.x, lo, hi, 0.0, 1.0, spec);
  if (s == "standardise") {
    for (Index c = 0; c < d.x.cols(); ++c) {
      auto col = d.x.col(c).cast<double>();
      const double mean = col.mean();
      const double sd = std::sqrt((col.array() - mean).square().mean());
      d.x.col(c) = ((col.array() - mean) / (sd > 0.0 ? sd : 1.0)).cast<float>();
    }
    return;
  }
  throw std::invalid_argument(fmt::format(
      "{}: scale: expected auto, none, minus-one-one, unit or standardise, found '{}'", spec, s));
}

std::string guess_format(const std::string& spec, const Bytes& bytes) {
  if (looks_like_idx(bytes)) return "idx";
  if (is_hdf5_signature(bytes)) return "hdf5";
  if (ends_with(spec, "-ubyte") || ends_with(spec, "-ubyte.gz") || ends_with(spec, ".idx") ||
      ends_with(spec, ".idx.gz"))
    return "idx";  // named IDX but not IDX inside: parse_idx says what is wrong
  return "csv";
}

}  // namespace

std::vector<long long> load_labels_file(const std::string& spec) {
  std::string file, dataset;
  if (split_hdf5_spec(spec, file, dataset)) return read_hdf5_labels(file, dataset);
  const Bytes bytes = read_file_maybe_gzip(spec);
  if (guess_format(spec, bytes) == "idx") return idx_labels(parse_idx(bytes, spec), spec);
  const CsvData csv = parse_csv(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), spec, {});
  if (csv.values.cols() != 1) {
    throw std::invalid_argument(
        fmt::format("{}: a labels file must have one column, found {}", spec, csv.values.cols()));
  }
  std::vector<long long> labels;
  for (Index i = 0; i < csv.values.rows(); ++i) {
    const float v = csv.values(i, 0);
    if (v != std::floor(v) || std::abs(v) > 16777216.0F) {
      throw std::invalid_argument(fmt::format(
          "{}: row {}: a label must be an integer below 2^24, found {}", spec, i + 1, v));
    }
    labels.push_back(static_cast<long long>(v));
  }
  return labels;
}

DataFile load_data_file(const std::string& spec, const DataFileOptions& options) {
  DataFile out;
  bool ubyte = false;
  std::string file, dataset;
  if (options.format != "auto" && options.format != "idx" && options.format != "csv" &&
      options.format != "hdf5") {
    throw std::invalid_argument(fmt::format(
        "{}: format: expected auto, idx, csv or hdf5, found '{}'", spec, options.format));
  }
  if ((options.format == "auto" || options.format == "hdf5") &&
      split_hdf5_spec(spec, file, dataset)) {
    out.x = read_hdf5_array(file, dataset);
    out.format = "hdf5";
  } else {
    const Bytes bytes = read_file_maybe_gzip(spec);
    out.format = options.format == "auto" ? guess_format(spec, bytes) : options.format;
    if (out.format == "hdf5") {
      throw std::invalid_argument(fmt::format(
          "{}: an HDF5 file: name the dataset inside it as {}:/path/to/dataset", spec, spec));
    }
    if (out.format == "idx") {
      IdxArray a = parse_idx(bytes, spec);
      ubyte = a.type == IdxType::kUbyte;
      out.shape.assign(a.dims.begin() + 1, a.dims.end());
      if (out.shape.empty()) out.shape = {1};
      out.x = std::move(a.values);
    } else {
      CsvData csv = parse_csv(
          std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), spec,
          options.csv);
      out.x = std::move(csv.values);
      out.labels = std::move(csv.labels);
    }
  }
  if (out.shape.empty()) out.shape = {static_cast<std::uint32_t>(out.x.cols())};
  if (!options.labels.empty()) {
    if (!out.labels.empty()) {
      throw std::invalid_argument(fmt::format(
          "{}: labels come from both a label column and the file {}", spec, options.labels));
    }
    out.labels = load_labels_file(options.labels);
  }
  if (!out.labels.empty() && static_cast<Index>(out.labels.size()) != out.x.rows()) {
    throw std::invalid_argument(fmt::format("{} has {} samples but {} has {} labels", spec,
                                            out.x.rows(), options.labels.empty() ? spec : options.labels,
                                            out.labels.size()));
  }
  apply_scale(out, options.scale, ubyte, spec);
  return out;
}

DataFile split_rows(DataFile data, const std::string& which, double test_fraction) {
  if (which == "all") return data;
  if (which != "train" && which != "test") {
    throw std::invalid_argument(fmt::format("split: expected all, train or test, found '{}'", which));
  }
  if (!(test_fraction > 0.0 && test_fraction < 1.0)) {
    throw std::invalid_argument(
        fmt::format("test-fraction: expected a number in (0, 1), found {}", test_fraction));
  }
  const Index n = data.x.rows();
  const auto n_test = static_cast<Index>(std::llround(test_fraction * static_cast<double>(n)));
  if (n_test == 0 || n_test == n) {
    throw std::invalid_argument(fmt::format(
        "split: {} samples with test-fraction {} leave an empty {} set", n, test_fraction,
        n_test == 0 ? "test" : "training"));
  }
  // Fisher–Yates with a fixed stream: the split is the same for every run and every seed.
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  Rng rng(0, "data-split");
  for (Index i = n - 1; i > 0; --i) {
    std::swap(order[static_cast<std::size_t>(i)],
              order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
  }
  const Index begin = which == "test" ? 0 : n_test;
  const Index end = which == "test" ? n_test : n;
  DataFile out;
  out.format = data.format;
  out.shape = data.shape;
  out.x.resize(end - begin, data.x.cols());
  for (Index i = begin; i < end; ++i) {
    const Index row = order[static_cast<std::size_t>(i)];
    out.x.row(i - begin) = data.x.row(row);
    if (!data.labels.empty()) out.labels.push_back(data.labels[static_cast<std::size_t>(row)]);
  }
  return out;
}

}  // namespace divbench
