// Times divbench's k-NN KL estimator (KL(P || Q), Wang et al. 2009: the k-th neighbour within P,
// self excluded, and from P to Q) on two raw float64 files of n x d samples written by
// bench/compare_knn.py, single-threaded, and prints the best wall time of REPEATS runs in seconds
// (the first pays for page faults) and the estimate.
//   divbench_bench_knn_kl P.bin Q.bin N D K [REPEATS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "metrics/knn_divergence.hpp"

namespace {

divbench::PointMatrix read_raw(const std::string& path, Eigen::Index n, Eigen::Index d) {
  divbench::PointMatrix m(n, d);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(m.data()),
          static_cast<std::streamsize>(m.size() * sizeof(double)));
  if (!in) {
    fmt::print(stderr, "{}: expected {} x {} float64 values\n", path, n, d);
    std::exit(2);
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    fmt::print(stderr, "usage: divbench_bench_knn_kl P.bin Q.bin N D K [REPEATS]\n");
    return 2;
  }
  const Eigen::Index n = std::atol(argv[3]);
  const Eigen::Index d = std::atol(argv[4]);
  const int k = std::atoi(argv[5]);
  const divbench::PointMatrix p = read_raw(argv[1], n, d);
  const divbench::PointMatrix q = read_raw(argv[2], n, d);
  const int repeats = argc == 7 ? std::atoi(argv[6]) : 1;
  double seconds = 1e300;
  double kl = 0.0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    kl = divbench::knn_kl_divergence(p, q, k).value;
    seconds = std::min(
        seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  fmt::print("{{\"seconds\": {}, \"kl\": {}}}\n", seconds, kl);
  return 0;
}
