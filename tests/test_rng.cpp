// The seeded generator: named streams are independent and reproducible; normals and uniforms have
// the right moments.
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "common/rng.hpp"

using namespace divbench;

TEST_CASE("same seed and name give the same stream and other names or seeds differ", "[rng]") {
  Rng a(42, "data");
  Rng b(42, "data");
  Rng c(42, "noise");
  Rng d(43, "data");
  const auto x = a.next_u64();
  CHECK(x == b.next_u64());
  CHECK(x != c.next_u64());
  CHECK(x != d.next_u64());
}

TEST_CASE("drawing from one stream never shifts another", "[rng]") {
  Rng data1(7, "data");
  Rng noise1(7, "noise");
  const double first = data1.uniform();
  for (int i = 0; i < 1000; ++i) noise1.normal();
  Rng data2(7, "data");
  CHECK(data2.uniform() == first);
}

TEST_CASE("normals have mean 0 and variance 1 and kurtosis 3 and uniforms stay in range", "[rng]") {
  Rng rng(1, "moments");
  const int n = 400000;
  std::vector<float> v(n);
  rng.fill_normal(v.data(), n);
  double m1 = 0, m2 = 0, m4 = 0;
  for (const float x : v) {
    m1 += x;
    m2 += double(x) * x;
    m4 += double(x) * x * x * x;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  // Standard errors: 1/sqrt(n) = 0.0016 for the mean, sqrt(2/n) = 0.0022 for the variance,
  // sqrt(96/n) = 0.015 for the fourth moment.
  CHECK(std::abs(m1) < 0.008);
  CHECK(m2 == Approx(1.0).margin(0.011));
  CHECK(m4 == Approx(3.0).margin(0.08));
  std::vector<float> u(1000);
  rng.fill_uniform(u.data(), 1000, -0.5F, 0.25F);
  for (const float x : u) {
    CHECK(x >= -0.5F);
    CHECK(x < 0.25F);
  }
}

TEST_CASE("below(n) is uniform over 0 to n-1", "[rng]") {
  Rng rng(3, "below");
  std::vector<int> counts(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) ++counts[rng.below(7)];
  for (const int c : counts) CHECK(c == Approx(n / 7.0).margin(5 * std::sqrt(n / 7.0)));
}
