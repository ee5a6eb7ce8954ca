// The loaders: gzip, IDX, CSV and HDF5 files, the format guess, labels, scaling and the train/test
// split, each bad file with an error that names the file and what is wrong.
#include <filesystem>
#include <fstream>

#include <H5Cpp.h>
#include <catch2/catch.hpp>
#include <zlib.h>

#include "datasets/csv_file.hpp"
#include "datasets/data_file.hpp"
#include "datasets/file_bytes.hpp"
#include "datasets/hdf5_array.hpp"
#include "datasets/idx_file.hpp"
#include "test_dir.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

std::string temp_path(const std::string& name) {
  static const fs::path dir = test::test_dir("data_files");
  return (dir / name).string();
}

std::string write_bytes(const std::string& name, const Bytes& bytes) {
  std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string write_text(const std::string& name, const std::string& text) {
  return write_bytes(name, Bytes(text.begin(), text.end()));
}

Bytes gzip(const Bytes& plain) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  Bytes out(deflateBound(&z, plain.size()) + 32);
  z.next_in = const_cast<Bytef*>(plain.data());
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// An IDX file: header for `dims` of `type`, then `data` as given.
Bytes idx(unsigned char type, const std::vector<std::uint32_t>& dims, const Bytes& data) {
  Bytes b{0, 0, type, static_cast<unsigned char>(dims.size())};
  for (const auto d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8)
      b.push_back(static_cast<unsigned char>(d >> shift));
  }
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

DataFileOptions options(const std::string& labels, const std::string& scale = "auto",
                        const std::string& format = "auto") {
  DataFileOptions o;
  o.labels = labels;
  o.scale = scale;
  o.format = format;
  return o;
}

CsvOptions label_column(const std::string& column) {
  CsvOptions o;
  o.label_column = column;
  return o;
}

}  // namespace

TEST_CASE("gzip: members, truncation, corruption, trailing bytes", "[data]") {
  const Bytes plain{'h', 'e', 'l', 'l', 'o', ',', ' ', 'g', 'z'};
  const Bytes z = gzip(plain);
  CHECK(is_gzip(z));
  CHECK_FALSE(is_gzip(plain));
  CHECK(gunzip(z, "a.gz") == plain);
  Bytes two = z;
  two.insert(two.end(), z.begin(), z.end());
  Bytes twice = plain;
  twice.insert(twice.end(), plain.begin(), plain.end());
  CHECK(gunzip(two, "two.gz") == twice);  // concatenated members, as gzip allows

  const Bytes cut(z.begin(), z.end() - 6);
  CHECK_THROWS_WITH(gunzip(cut, "cut.gz"),
                    Catch::Contains("cut.gz: gzip error") && Catch::Contains("truncated"));
  Bytes corrupt = z;
  corrupt[12] ^= 0xff;
  corrupt[13] ^= 0xff;
  CHECK_THROWS_WITH(gunzip(corrupt, "bad.gz"), Catch::Contains("bad.gz: gzip error"));
  Bytes trailing = z;
  trailing.push_back('x');
  CHECK_THROWS_WITH(gunzip(trailing, "t.gz"), Catch::Contains("1 bytes after the end"));
  CHECK_THROWS_WITH(gunzip(z, "big.gz", 4), Catch::Contains("exceeds the limit"));
  CHECK_THROWS_WITH(read_file_bytes("/nonexistent/x.gz"),
                    Catch::Contains("/nonexistent/x.gz: cannot open"));
}

TEST_CASE("IDX: types, big-endian values, shapes", "[data]") {
  const IdxArray images =
      parse_idx(idx(0x08, {2, 2, 3}, {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}), "i");
  REQUIRE(images.values.rows() == 2);
  REQUIRE(images.values.cols() == 6);
  CHECK(images.values(1, 5) == 255.0F);
  CHECK(images.dims == std::vector<std::uint32_t>{2, 2, 3});

  const IdxArray shorts = parse_idx(idx(0x0B, {2}, {0xff, 0xfe, 0x01, 0x00}), "s");
  CHECK(shorts.values(0, 0) == -2.0F);
  CHECK(shorts.values(1, 0) == 256.0F);
  const IdxArray floats = parse_idx(idx(0x0D, {1}, {0x3f, 0xc0, 0x00, 0x00}), "f");
  CHECK(floats.values(0, 0) == 1.5F);
  const IdxArray doubles = parse_idx(idx(0x0E, {1}, {0xc0, 0x04, 0, 0, 0, 0, 0, 0}), "d");
  CHECK(doubles.values(0, 0) == -2.5F);
  const IdxArray signed_bytes = parse_idx(idx(0x09, {1}, {0x80}), "b");
  CHECK(signed_bytes.values(0, 0) == -128.0F);
  CHECK(idx_labels(parse_idx(idx(0x08, {3}, {7, 0, 9}), "l"), "l") ==
        std::vector<long long>{7, 0, 9});
  CHECK_THROWS_WITH(idx_labels(images, "images"), Catch::Contains("labels must be a 1-D"));
  CHECK_THROWS_WITH(idx_labels(floats, "f"), Catch::Contains("labels must be integers"));

  // gzip or not, read_idx reads the same
  const Bytes plain = idx(0x08, {2, 2}, {1, 2, 3, 4});
  CHECK(read_idx(write_bytes("x-ubyte.gz", gzip(plain))).values ==
        read_idx(write_bytes("x-ubyte", plain)).values);
}

TEST_CASE("IDX: every bad header is named", "[data]") {
  CHECK_THROWS_WITH(parse_idx(Bytes{0, 0}, "tiny"),
                    Catch::Contains("tiny: not an IDX file: 2 bytes"));
  CHECK_THROWS_WITH(parse_idx(Bytes{'P', 'K', 3, 4}, "zip"),
                    Catch::Contains("zip: not an IDX file: magic number 0x504b0304"));
  CHECK_THROWS_WITH(parse_idx(idx(0x07, {1}, {0}), "type"), Catch::Contains("type code 0x07"));
  CHECK_THROWS_WITH(parse_idx(Bytes{0, 0, 8, 0}, "rank0"),
                    Catch::Contains("declares 0 dimensions"));
  CHECK_THROWS_WITH(parse_idx(Bytes{0, 0, 8, 3, 0, 0, 0, 2}, "header"),
                    Catch::Contains("truncated IDX header: 3 dimensions need 16 bytes"));
  CHECK_THROWS_WITH(parse_idx(idx(0x08, {60000, 28, 28}, Bytes(1000, 0)), "images"),
                    Catch::Contains("images: IDX header dimensions 60000x28x28 of ubyte need "
                                    "47040000 bytes of data, but the file has 1000") &&
                        Catch::Contains("truncated data"));
  CHECK_THROWS_WITH(
      parse_idx(idx(0x0C, {2}, Bytes(12, 0)), "long"),
      Catch::Contains("need 8 bytes of data, but the file has 12") && Catch::Contains("disagree"));
  CHECK_THROWS_WITH(parse_idx(idx(0x08, {0, 5}, {}), "empty"), Catch::Contains("no values"));
  CHECK_THROWS_WITH(
      parse_idx(
          idx(0x0E, {2}, {0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}),
          "max"),
      Catch::Contains("max: value 1 (row 1) is not a finite float"));
  CHECK_THROWS_WITH(parse_idx(idx(0x0D, {1}, {0x7f, 0xc0, 0, 0}), "nan"),
                    Catch::Contains("not a finite float"));
  CHECK_THROWS_WITH(parse_idx(idx(0x0E, {0xffffffff, 0xffffffff, 0xffffffff}, {}), "huge"),
                    Catch::Contains("more bytes than can exist"));
}

TEST_CASE("CSV: header or not, label columns, and clear errors", "[data]") {
  const CsvData a = parse_csv("x,y\n1,2\n3.5,-4e-1\n\n", "a.csv");
  REQUIRE(a.values.rows() == 2);
  CHECK(a.values(1, 1) == -0.4F);
  CHECK(a.header == std::vector<std::string>{"x", "y"});
  const CsvData b = parse_csv("1\r\n2\r\n3\r\n", "b.csv");
  CHECK(b.values.rows() == 3);
  CHECK(b.values.cols() == 1);
  CsvOptions header;
  header.header = CsvOptions::Header::kYes;
  CHECK_THROWS_WITH(parse_csv("1,2\n", "h.csv", header), Catch::Contains("no samples"));
  header.header = CsvOptions::Header::kNo;
  CHECK_THROWS_WITH(parse_csv("x,y\n1,2\n", "h.csv", header),
                    Catch::Contains("h.csv:1: column 1: expected a number, found 'x'"));
  const CsvData by_name = parse_csv("x, label ,y\n1,3,2\n4,0,5\n", "l.csv", label_column("label"));
  CHECK(by_name.labels == std::vector<long long>{3, 0});
  CHECK(by_name.values.cols() == 2);
  CHECK(by_name.values(1, 1) == 5.0F);
  const CsvData by_number = parse_csv("1,3,2\n4,0,5\n", "n.csv", label_column("3"));
  CHECK(by_number.labels == std::vector<long long>{2, 5});

  CHECK_THROWS_WITH(parse_csv("1,2\n3,x4\n", "bad.csv"),
                    Catch::Contains("bad.csv:2: column 2: expected a number, found 'x4'"));
  CHECK_THROWS_WITH(parse_csv("1,2\n3\n", "ragged.csv"),
                    Catch::Contains("ragged.csv:2: expected 2 columns, found 1"));
  CHECK_THROWS_WITH(parse_csv("", "empty.csv"), Catch::Contains("empty.csv: no samples"));
  CHECK_THROWS_WITH(parse_csv("a,b\n", "names.csv"), Catch::Contains("no samples"));
  CHECK_THROWS_WITH(parse_csv("1,2\n", "l.csv", label_column("label")),
                    Catch::Contains("no header line"));
  CHECK_THROWS_WITH(parse_csv("x,y\n1,2\n", "l.csv", label_column("z")),
                    Catch::Contains("not in the header (x, y)"));
  CHECK_THROWS_WITH(parse_csv("1,2\n", "l.csv", label_column("4")),
                    Catch::Contains("columns 1 to 2"));
  CHECK_THROWS_WITH(parse_csv("1,2.5\n", "l.csv", label_column("2")),
                    Catch::Contains("l.csv:1: column 2: a label must be an integer, found '2.5'"));
  CHECK_THROWS_WITH(parse_csv("1,1e300\n", "big.csv"),
                    Catch::Contains("big.csv:1: column 2: expected a finite number"));
  CHECK_THROWS_WITH(parse_csv("1,nan\n", "nan.csv"), Catch::Contains("expected a finite number"));
}

TEST_CASE("HDF5 arrays: file.h5:/path, float or double, 1-D or 2-D, labels", "[data]") {
  const std::string path = temp_path("arrays.h5");
  {
    H5::H5File file(path, H5F_ACC_TRUNC);
    const float values[6] = {1, 2, 3, 4, 5, 6};
    const hsize_t dims[2] = {3, 2};
    file.createGroup("g")
        .createDataSet("x", H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, dims))
        .write(values, H5::PredType::NATIVE_FLOAT);
    const hsize_t n[1] = {3};
    const int labels[3] = {1, 0, 1};
    file.createDataSet("y", H5::PredType::NATIVE_INT, H5::DataSpace(1, n))
        .write(labels, H5::PredType::NATIVE_INT);
    file.createDataSet("flat", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, n))
        .write(values, H5::PredType::NATIVE_FLOAT);
  }
  const DataFile x = load_data_file(path + ":/g/x", options(path + ":/y"));
  REQUIRE(x.x.rows() == 3);
  CHECK(x.x(2, 1) == 6.0F);
  CHECK(x.format == "hdf5");
  CHECK(x.labels == std::vector<long long>{1, 0, 1});
  CHECK(load_data_file(path + ":/flat").x.cols() == 1);
  CHECK_THROWS_WITH(load_data_file(path + ":/nope"), Catch::Contains("no dataset '/nope'"));
  CHECK_THROWS_WITH(load_data_file("/nonexistent.h5:/x"), Catch::Contains("no such file"));
  CHECK_THROWS_WITH(load_data_file(path), Catch::Contains("an HDF5 file: name the dataset"));
  CHECK_THROWS_WITH(load_labels_file(path + ":/flat"),
                    Catch::Contains("expected an integer dataset"));
  CHECK_THROWS_WITH(load_data_file(path + ":/flat", options(path + ":/g/x")),
                    Catch::Contains(":/g/x: expected an integer dataset"));
}

TEST_CASE("Data files: format by content, labels, scaling, split", "[data]") {
  // IDX content wins over a misleading name; gzip is undone whatever the name.
  const Bytes images = idx(0x08, {4, 2}, {0, 255, 51, 102, 0, 0, 255, 255});
  const DataFile a = load_data_file(write_bytes("images.csv", gzip(images)));
  CHECK(a.format == "idx");
  CHECK(a.x(0, 0) == -1.0F);  // ubyte scaled to [-1, 1] by default
  CHECK(a.x(0, 1) == 1.0F);
  CHECK(a.x(1, 0) == Approx(51.0 / 127.5 - 1.0));
  CHECK(load_data_file(write_bytes("images2", images), options("", "none")).x(1, 1) == 102.0F);
  CHECK(load_data_file(write_bytes("images3", images), options("", "unit")).x(1, 0) == Approx(0.2));

  const std::string labels = write_bytes("labels-idx1-ubyte", idx(0x08, {4}, {1, 2, 3, 4}));
  CHECK(load_data_file(write_bytes("images4", images), options(labels)).labels ==
        std::vector<long long>{1, 2, 3, 4});
  const std::string three = write_bytes("three-idx1-ubyte", idx(0x08, {3}, {1, 2, 3}));
  CHECK_THROWS_WITH(load_data_file(write_bytes("images5", images), options(three)),
                    Catch::Contains("has 4 samples but") && Catch::Contains("has 3 labels"));
  CHECK(load_data_file(write_bytes("images6", images),
                       options(write_text("l.csv", "y\n0\n1\n0\n1\n")))
            .labels == std::vector<long long>{0, 1, 0, 1});
  // An IDX-named file that is not IDX inside gets the IDX parser's error.
  CHECK_THROWS_WITH(load_data_file(write_text("fake-ubyte", "1,2\n")),
                    Catch::Contains("not an IDX file: magic number"));
  const Bytes zipped = gzip(images);
  CHECK_THROWS_WITH(load_data_file(write_bytes("cut.gz", Bytes(zipped.begin(), zipped.end() - 4))),
                    Catch::Contains("gzip error"));
  CHECK_THROWS_WITH(load_data_file(write_text("c.csv", "1,1\n1,1\n"), options("", "minus-one-one")),
                    Catch::Contains("c.csv: scale: every value is 1"));
  CHECK_THROWS_WITH(load_data_file(write_text("c2.csv", "1,2\n"), options("", "wide")),
                    Catch::Contains("scale: expected auto, none"));
  CHECK_THROWS_WITH(load_data_file(write_text("c3.csv", "1,2\n"), options("", "auto", "png")),
                    Catch::Contains("format: expected auto, idx, csv or hdf5"));
  const DataFile sd =
      load_data_file(write_text("sd.csv", "1,10\n3,10\n"), options("", "standardise"));
  CHECK(sd.x(0, 0) == -1.0F);
  CHECK(sd.x(1, 1) == 0.0F);

  // Split: disjoint, complete, the same every time, whatever the file's order.
  std::string text;
  for (int i = 0; i < 100; ++i) text += std::to_string(i) + "," + std::to_string(i % 3) + "\n";
  DataFileOptions options;
  options.csv.label_column = "2";
  const DataFile all = load_data_file(write_text("split.csv", text), options);
  const DataFile train = split_rows(all, "train", 0.2);
  const DataFile test = split_rows(all, "test", 0.2);
  CHECK(train.x.rows() == 80);
  CHECK(test.x.rows() == 20);
  std::vector<float> seen;
  for (Index i = 0; i < 80; ++i) seen.push_back(train.x(i, 0));
  for (Index i = 0; i < 20; ++i) seen.push_back(test.x(i, 0));
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 100; ++i) CHECK(seen[static_cast<std::size_t>(i)] == static_cast<float>(i));
  for (Index i = 0; i < 20; ++i)
    CHECK(test.labels[static_cast<std::size_t>(i)] == static_cast<long long>(test.x(i, 0)) % 3);
  CHECK(split_rows(all, "test", 0.2).x == test.x);
  CHECK_THROWS_WITH(split_rows(all, "test", 0.001), Catch::Contains("empty test set"));
  CHECK_THROWS_WITH(split_rows(all, "valid", 0.2), Catch::Contains("expected all, train or test"));
}
