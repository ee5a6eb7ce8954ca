// Sample files for `divbench kl`: CSV with and without a header, HDF5 datasets, and bad input with
// messages that name the file, line and column.
#include <filesystem>
#include <fstream>

#include <H5Cpp.h>
#include <catch2/catch.hpp>

#include "harness/sample_file.hpp"

using namespace divbench;
namespace fs = std::filesystem;

namespace {

std::string write_text(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("divbench_test_" + name);
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("CSV sample files: header or not, and clear errors", "[storage][samples]") {
  const PointMatrix a = read_samples(write_text("a.csv", "x,y\n1,2\n3.5,-4e-1\n\n"));
  REQUIRE(a.rows() == 2);
  CHECK(a(1, 1) == -0.4);
  const PointMatrix b = read_samples(write_text("b.csv", "1\n2\n3\n"));
  CHECK(b.rows() == 3);
  CHECK(b.cols() == 1);
  const std::string bad = write_text("bad.csv", "1,2\n3,x4\n");
  CHECK_THROWS_WITH(read_samples(bad),
                    Catch::Contains(bad + ":2: column 2: expected a number, found 'x4'"));
  CHECK_THROWS_WITH(read_samples(write_text("ragged.csv", "1,2\n3\n")),
                    Catch::Contains(":2: expected 2 columns, found 1"));
  CHECK_THROWS_WITH(read_samples(write_text("empty.csv", "")), Catch::Contains("no samples"));
  CHECK_THROWS_WITH(read_samples("/nonexistent/x.csv"),
                    Catch::Contains("/nonexistent/x.csv: cannot open"));
}

TEST_CASE("HDF5 sample files: file.h5:/path, float or double, 1-D or 2-D", "[storage][samples]") {
  const std::string path = (fs::temp_directory_path() / "divbench_test_samples.h5").string();
  {
    H5::H5File file(path, H5F_ACC_TRUNC);
    const float values[6] = {1, 2, 3, 4, 5, 6};
    const hsize_t dims[2] = {3, 2};
    file.createGroup("g")
        .createDataSet("x", H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, dims))
        .write(values, H5::PredType::NATIVE_FLOAT);
    const hsize_t n[1] = {6};
    file.createDataSet("flat", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, n))
        .write(values, H5::PredType::NATIVE_FLOAT);
  }
  const PointMatrix x = read_samples(path + ":/g/x");
  REQUIRE(x.rows() == 3);
  CHECK(x(2, 1) == 6.0);
  CHECK(read_samples(path + ":/flat").cols() == 1);
  CHECK_THROWS_WITH(read_samples(path + ":/nope"), Catch::Contains("no dataset '/nope'"));
  CHECK_THROWS_WITH(read_samples("/nonexistent.h5:/x"), Catch::Contains("no such file"));
}
