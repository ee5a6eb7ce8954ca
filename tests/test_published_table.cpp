// Published tables (results/published_table.hpp): the paper's values read from their CSV, set
// beside divbench's runs with Welch's test from summaries, and bad files refused with file, line
// and field.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "results/published_table.hpp"
#include "results/statistics.hpp"
#include "test_dir.hpp"

using namespace divbench;

namespace {

std::string write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

RunRecord run(long long pack, const std::string& dataset, double modes, long long seed) {
  RunRecord r;
  r.config.pack = pack;
  r.config.dataset = dataset;
  r.config.seed = seed;
  r.final_metrics["modes_covered"] = modes;
  r.final_metrics["hq_fraction"] = 0.9;
  r.curves.objective["kl_rev"] = {5.0, 2.0};  // the final estimate is the curve's last point
  return r;
}

}  // namespace

TEST_CASE("Welch's test from means and standard errors is the test on the samples", "[table]") {
  const std::vector<double> a{1.0, 2.0, 4.0, 7.0};
  const std::vector<double> b{3.0, 5.0, 6.0, 9.0, 10.0};
  const Summary sa = summarise(a), sb = summarise(b);
  const double va = sa.std * sa.std / 4.0, vb = sb.std * sb.std / 5.0;
  CHECK(welch_t_test(sa.mean, va, 4, sb.mean, vb, 5) == Approx(welch_t_test(a, b)).epsilon(1e-12));
  // Closed form for equal standard errors and n: t = (m_a - m_b) / (se sqrt 2), nu = 2 (n - 1).
  // t = 1, nu = 18: p = 0.33059 (scipy.stats.t.sf(1, 18) * 2).
  const double se = 0.5;
  CHECK(welch_t_test(1.0 + se * std::sqrt(2.0), se * se, 10, 1.0, se * se, 10) ==
        Approx(0.330587).epsilon(1e-4));
  CHECK(std::isnan(welch_t_test(1.0, 0.1, 1, 1.0, 0.1, 10)));
}

TEST_CASE("a published table sets the paper's values beside divbench's", "[table]") {
  const auto dir = test::test_dir("published");
  const std::string csv = write(
      (dir / "p.csv").string(),
      "# comment\n"
      "row,col,metric,label,scale,mean,standard_error,n,source\n"
      "1,\"ring:k=8,radius=1,std=0.01\",modes_covered,modes,1,6.3,0.5,10,\"Paper, Table 1\"\n"
      "1,\"ring:k=8,radius=1,std=0.01\",hq_fraction,% HQ,100,90,1,10,\"Paper, Table 1\"\n"
      "2,\"ring:k=8,radius=1,std=0.01\",modes_covered,modes,1,7.9,0.1,10,\"Paper, Table 1\"\n"
      "1,\"ring:k=8,radius=1,std=0.01\",objective.kl_rev,estimate,1,2,0.1,10,\"Paper, Table 1\"\n");
  const auto published = read_published_values(csv);
  REQUIRE(published.size() == 4);
  CHECK(published[0].col == "ring:k=8,radius=1,std=0.01");
  CHECK(published[1].scale == 100.0);
  CHECK(published[0].source == "Paper, Table 1");

  NamedRuns runs;
  const std::string ring = "ring:k=8,radius=1,std=0.01";
  for (long long s = 0; s < 4; ++s) runs.emplace_back("r" + std::to_string(s), run(1, ring, 6.0 + (s % 2), s));
  TableOptions options;
  options.rows = "pack";
  options.cols = "dataset";
  const std::string md = published_table(runs, options, published);
  // divbench: modes 6, 7, 6, 7: mean 6.5, sd 0.57735, se 0.288675.
  CHECK_THAT(md, Catch::Contains("| ring:k=8,radius=1,std=0.01 | 1 | modes | 6.3 ± 0.5 | 6.5 ± 0.29 (4/4) | agree (p = "));
  // hq_fraction 0.9 x 100 = 90 in every run: sd 0, the paper's se alone.
  CHECK_THAT(md, Catch::Contains("| % HQ | 90 ± 1 | 90 ± 0 (4/4) | agree (p = 1) |"));
  CHECK_THAT(md, Catch::Contains("| 2 | modes | 7.9 ± 0.1 | - | no runs |"));
  // An objective estimate is the run's final estimate, as in an ordinary table.
  CHECK_THAT(md, Catch::Contains("| estimate | 2 ± 0.1 | 2 ± 0 (4/4) | agree (p = 1) |"));
  CHECK_THAT(md, Catch::Contains("Source: Paper, Table 1."));
  options.format = TableFormat::csv;
  const std::string text = published_table(runs, options, published);
  CHECK(std::count(text.begin(), text.end(), '\n') == 5);
}

TEST_CASE("bad published values are refused with file, line and field", "[table]") {
  const auto dir = test::test_dir("published_bad");
  const std::string header = "row,col,metric,label,scale,mean,standard_error,n,source\n";
  const auto message = [&](const std::string& text) {
    try {
      read_published_values(write((dir / "bad.csv").string(), text));
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string file = (dir / "bad.csv").string();
  CHECK(message("row,col\n") ==
        file + ":1: expected the header 'row,col,metric,label,scale,mean,standard_error,n,source'");
  CHECK(message(header + "1,a,modes,m,1,six,0.5,10,s\n") ==
        file + ":2: field 'mean': expected a number, found 'six'");
  CHECK(message(header + "1,a,modes,m,1,6\n") == file + ":2: expected 9 fields, found 6");
  CHECK(message(header + "1,a,modes,m,1,6,0.5,1,s\n").find(file + ":2: expected a metric") == 0);
  CHECK(message(header) == file + ": no published values");
  CHECK_THROWS_WITH(read_published_values((dir / "missing.csv").string()),
                    Catch::Contains("cannot open the published values"));
}
