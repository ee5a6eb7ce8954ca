// Paper tables: statistics against scipy/numpy values, significance marks on runs built to have
// a known best, a statistical tie and a clear loser, and the three output formats.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "results/statistics.hpp"
#include "results/table.hpp"

using namespace divbench;
using Catch::Matchers::Contains;

TEST_CASE("summaries match numpy and scipy", "[table][statistics]") {
  // numpy.percentile([3,1,4,1,5,9,2], [25,50,75]) = [1.5, 3, 4.5];
  // scipy.stats.t.ppf(0.975, 6) * std(ddof=1) / sqrt(7) = 2.6080618843230634.
  const Summary s = summarise({3, 1, 4, 1, 5, 9, 2});
  CHECK(s.n == 7);
  CHECK(s.mean == Approx(25.0 / 7.0));
  CHECK(s.q1 == Approx(1.5));
  CHECK(s.median == Approx(3.0));
  CHECK(s.q3 == Approx(4.5));
  CHECK(s.ci95 == Approx(2.6080618843230634).epsilon(1e-8));
  CHECK(summarise({}).n == 0);
  CHECK(summarise({2.0}).std == 0.0);
}

TEST_CASE("Welch's t-test and the Mann-Whitney U test match scipy", "[table][statistics]") {
  const std::vector<double> a{0.91, 0.85, 0.88, 0.95, 0.79, 0.90};
  const std::vector<double> b{0.70, 0.82, 0.75, 0.80, 0.68, 0.77, 0.74};
  const std::vector<double> c{1, 2, 2, 3, 3, 3};
  const std::vector<double> d{2, 3, 4, 4, 5};
  // scipy 1.10: ttest_ind(equal_var=False).pvalue, mannwhitneyu(method="auto").pvalue: exact for
  // a, b (no ties, 6 values), the normal approximation for c, d (ties).
  CHECK(welch_t_test(a, b) == Approx(0.0013237879829740774).epsilon(1e-9));
  CHECK(welch_t_test(c, d) == Approx(0.07554866205539645).epsilon(1e-9));
  CHECK(mann_whitney_u_test(a, b) == Approx(0.004662004662004662).epsilon(1e-12));
  CHECK(mann_whitney_u_test(c, d) == Approx(0.08871369199677616).epsilon(1e-9));
  // Exact by hand: {1, 2, 3} against {4, 5, 6} is the most extreme of C(6, 3) = 20 arrangements,
  // two-sided p = 2/20.
  CHECK(mann_whitney_u_test({1, 2, 3}, {4, 5, 6}) == Approx(0.1).epsilon(1e-14));
  CHECK(mann_whitney_u_test({4, 5, 6}, {1, 2, 3}) == Approx(0.1).epsilon(1e-14));
  // 5 against 9 values (exact) and 9 against 9 (the smaller sample has 8 or more: asymptotic).
  CHECK(mann_whitney_u_test({0.3, 1.2, 2.2, 0.1, 5.0}, {1, 2, 3, 4, 6, 7, 8, 9, 10}) ==
        Approx(0.04195804195804195).epsilon(1e-12));
  CHECK(mann_whitney_u_test({1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5},
                            {2.1, 4.1, 6.1, 8.1, 10.1, 12.1, 14.1, 16.1, 18.1}) ==
        Approx(0.07738861114200664).epsilon(1e-9));
  CHECK(welch_t_test(a, b) == Approx(welch_t_test(b, a)));
  CHECK(std::isnan(welch_t_test({1.0}, b)));
  CHECK(welch_t_test({2, 2, 2}, {2, 2}) == 1.0);
  CHECK(welch_t_test({2, 2, 2}, {3, 3}) == 0.0);
}

namespace {

RunRecord fake_run(const std::string& objective, const std::string& dataset, long long seed,
                   double hq, double kl, const std::string& status = "complete") {
  RunRecord r;
  r.config.objective = objective;
  r.config.dataset = dataset;
  r.config.seed = seed;
  r.status = status;
  r.final_metrics["hq_fraction"] = hq;
  r.final_metrics["knn_kl_rev"] = kl;
  r.curves.objective["kl_fwd"] = {0.5, 0.25};
  return r;
}

// Three objectives on two datasets, five seeds: "good" is best, "close" ties with it, "bad" is
// clearly worse; one "bad" run on grid25 diverged with NaN metrics.
NamedRuns fake_runs() {
  NamedRuns runs;
  const double jitter[] = {-0.02, -0.01, 0.0, 0.01, 0.02};
  for (const char* dataset : {"ring8", "grid25"}) {
    for (long long s = 0; s < 5; ++s) {
      const double j = jitter[s];
      runs.emplace_back("", fake_run("good", dataset, s, 0.90 + j, 0.10 + j));
      runs.emplace_back("", fake_run("close", dataset, s, 0.89 - j, 0.11 - j));
      const bool diverges = std::string(dataset) == "grid25" && s == 4;
      const double nan = std::numeric_limits<double>::quiet_NaN();
      runs.emplace_back("",
                        fake_run("lsgan:a=0,b=1,c=1", dataset, s, diverges ? nan : 0.50 + j,
                                 diverges ? nan : 0.80 + j, diverges ? "diverged" : "complete"));
    }
  }
  return runs;
}

}  // namespace

TEST_CASE("tables mark the best entry and the entries not significantly different from it",
          "[table]") {
  TableOptions o;
  o.cols = "dataset";
  o.metrics = {"hq", "kl_rev"};
  const Table t = build_table(fake_runs(), o);
  REQUIRE(t.row_values == std::vector<std::string>{"good", "close", "lsgan:a=0,b=1,c=1"});
  REQUIRE(t.col_values == std::vector<std::string>{"ring8", "grid25"});
  REQUIRE(t.metrics == std::vector<std::string>{"hq_fraction", "knn_kl_rev"});
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t m = 0; m < 2; ++m) {
      CHECK(t.cells[0][c][m].mark == Mark::best);
      CHECK(t.cells[1][c][m].mark == Mark::tied);
      CHECK(t.cells[1][c][m].p_vs_best > 0.05);
      CHECK(t.cells[2][c][m].mark == Mark::none);
      CHECK(t.cells[2][c][m].p_vs_best < 1e-6);
    }
  }
  const TableCell& diverged = t.cells[2][1][0];
  CHECK(diverged.runs == 5);
  CHECK(diverged.diverged == 1);
  CHECK(diverged.summary.n == 4);  // the NaN is left out
  CHECK(t.cells[0][0][0].summary.mean == Approx(0.90));

  const std::string md = render_table(t);
  CHECK_THAT(md, Contains("| objective | ring8: hq | ring8: kl_rev | ring8: runs | grid25: hq |"));
  CHECK_THAT(md, Contains("| good | **0.900 ± 0.016** |"));
  CHECK_THAT(md, Contains("| close | *0.890 ± 0.016* |"));
  CHECK_THAT(md, Contains("| 5 (1 div.) |"));
  CHECK_THAT(md, Contains("Welch's t-test, two-sided, alpha = 0.05"));

  o.format = TableFormat::latex;
  o.aggregation = Aggregation::median_iqr;
  const std::string tex = render_table(build_table(fake_runs(), o));
  CHECK_THAT(tex, Contains("\\begin{tabular}{l rrr rrr}\n\\toprule"));
  CHECK_THAT(tex, Contains("\\multicolumn{3}{c}{ring8}"));
  CHECK_THAT(tex, Contains("\\cmidrule(lr){2-4}\\cmidrule(lr){5-7}"));
  CHECK_THAT(tex, Contains("good & \\textbf{0.900 [0.890, 0.910]}"));
  CHECK_THAT(tex, Contains("kl\\_rev"));
  CHECK_THAT(tex, Contains("Mann--Whitney U test"));
  CHECK_THAT(tex, Contains("\\bottomrule\n\\end{tabular}"));

  o.format = TableFormat::csv;
  o.metrics = {"hq"};
  const std::string csv = render_table(build_table(fake_runs(), o));
  CHECK_THAT(csv, Contains("objective,dataset,metric,runs,diverged,values,mean,std,ci95,median"));
  CHECK_THAT(csv, Contains("\"lsgan:a=0,b=1,c=1\",grid25,hq_fraction,5,1,4,"));
}

TEST_CASE("table filters and errors", "[table]") {
  TableOptions o;
  o.metrics = {"hq", "objective.kl_fwd"};
  o.where = {{"dataset", "ring8"}, {"objective", "lsgan"}};  // a spec name matches its spec
  const Table t = build_table(fake_runs(), o);
  REQUIRE(t.row_values.size() == 1);
  CHECK(t.cells[0][0][0].runs == 5);
  CHECK(t.cells[0][0][1].summary.mean == Approx(0.25));  // the estimate's last value
  CHECK(t.cells[0][0][1].mark == Mark::none);            // estimates get no marks
  o.where = {{"objective", "=lsgan"}};  // KEY==VALUE: exactly that text, no spec-name match
  CHECK_THROWS_WITH(build_table(fake_runs(), o), Contains("--where: no run matches"));
  o.where = {{"dataset", "ring8"}, {"objective", "=lsgan:a=0,b=1,c=1"}};
  CHECK(build_table(fake_runs(), o).cells[0][0][0].runs == 5);
  o.where = {{"seed", "3.0"}};                           // numbers compare as numbers
  CHECK(build_table(fake_runs(), o).cells[0][0][0].runs == 2);

  o.where = {{"dataset", "ring9"}};
  CHECK_THROWS_WITH(build_table(fake_runs(), o), Contains("--where: no run matches (of 30 runs)"));
  o.where = {{"datset", "ring8"}};
  CHECK_THROWS_WITH(build_table(fake_runs(), o), Contains("unknown option 'datset'"));
  o.where.clear();
  o.metrics = {"modes"};
  CHECK_THROWS_WITH(build_table(fake_runs(), o),
                    Contains("--metrics: no run has metric 'modes'; metrics are: hq_fraction, "
                             "knn_kl_rev, objective.kl_fwd"));
  CHECK_THROWS_WITH(parse_aggregation("mean"), Contains("expected mean-std, mean-ci95"));
  CHECK_THROWS_WITH(parse_table_format("html"), Contains("expected md, latex or csv"));
}

TEST_CASE("A cell with fewer than two values is untestable, not significantly worse", "[table]") {
  NamedRuns runs;
  for (long long s = 0; s < 5; ++s)
    runs.emplace_back("", fake_run("good", "ring8", s, 0.9 + 0.01 * s, 0.1));
  runs.emplace_back("", fake_run("once", "ring8", 0, 0.5, 0.2));  // one run only
  TableOptions o;
  o.metrics = {"hq"};
  const Table t = build_table(runs, o);
  REQUIRE(t.row_values == std::vector<std::string>{"good", "once"});
  CHECK(t.cells[0][0][0].mark == Mark::best);
  CHECK(t.cells[1][0][0].mark == Mark::untestable);
  CHECK(std::isnan(t.cells[1][0][0].p_vs_best));
  const std::string md = render_table(t);
  CHECK_THAT(md, Contains("| once | 0.500 † |"));
  CHECK_THAT(md,
             Contains("†: fewer than two values in it or in the best, so no test compares them."));
  o.format = TableFormat::latex;
  CHECK_THAT(render_table(build_table(runs, o)), Contains("0.500$^\\dagger$"));
  o.format = TableFormat::csv;
  CHECK_THAT(render_table(build_table(runs, o)), Contains(",untestable,"));
}

TEST_CASE("A k-NN KL column with a negative estimate gets no marks and says why", "[table]") {
  NamedRuns runs;
  for (long long s = 0; s < 5; ++s) {
    runs.emplace_back("", fake_run("a", "ring8", s, 0.5, -0.05 + 0.001 * s));  // biased below 0
    runs.emplace_back("", fake_run("b", "ring8", s, 0.6, 0.30 + 0.001 * s));
    runs.emplace_back("", fake_run("a", "grid25", s, 0.5, 0.10 + 0.001 * s));
    runs.emplace_back("", fake_run("b", "grid25", s, 0.6, 0.30 + 0.001 * s));
  }
  TableOptions o;
  o.cols = "dataset";
  o.metrics = {"hq", "kl_rev"};
  const Table t = build_table(runs, o);
  // ring8: kl_rev unmarked; grid25: kl_rev marked as usual; hq marked in both.
  CHECK(t.cells[0][0][1].mark == Mark::none);
  CHECK(t.cells[1][0][1].mark == Mark::none);
  CHECK(t.cells[0][1][1].mark == Mark::best);
  CHECK(t.cells[1][0][0].mark == Mark::best);
  CHECK(t.unmarked == std::vector<std::string>{"ring8: kl_rev"});
  CHECK_THAT(render_table(t),
             Contains("No marks in ring8: kl_rev: a k-NN KL estimate there is below "
                      "zero, which its bias allows"));
}

TEST_CASE("Captions state the mode-histogram KL's normalisation and the Mann-Whitney method",
          "[table]") {
  NamedRuns runs;
  for (long long s = 0; s < 3; ++s) {
    RunRecord r = fake_run("a", "ring8", s, 0.5, 0.1);
    r.final_metrics["modes_kl"] = 0.1 * static_cast<double>(s);
    runs.emplace_back("", r);
  }
  TableOptions o;
  o.metrics = {"modes_kl"};
  o.aggregation = Aggregation::median_iqr;
  const std::string md = render_table(build_table(runs, o));
  CHECK_THAT(md, Contains("normalised over high-quality samples for synthetic modes and over all "
                          "samples for classifier modes"));
  CHECK_THAT(md, Contains("Mann–Whitney U test (exact when the smaller sample has fewer than 8 "
                          "values and there are no ties, else the normal approximation"));
  o.format = TableFormat::latex;  // escaped for LaTeX
  CHECK_THAT(render_table(build_table(runs, o)), Contains("modes\\_kl, modes\\_kl\\_reverse: KL"));
  o.marks = false;
  CHECK_THAT(render_table(build_table(runs, o)), Contains("modes\\_kl, modes\\_kl\\_reverse: KL"));
  o.format = TableFormat::markdown;
  CHECK_THAT(render_table(build_table(runs, o)), Contains("normalised over high-quality samples"));
}

TEST_CASE("A window: each run's value is the mean of the finite values of its last N points",
          "[table]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Final hq 0.9 everywhere; the curves (every eval-every steps) tell a different story.
  RunRecord a = fake_run("a", "ring8", 0, 0.9, 0.1);
  a.curves.metrics["hq_fraction"] = {0.1, nan, 0.5, 0.7};
  a.curves.objective["kl_fwd"] = {4.0, 2.0, 1.0};
  RunRecord b = fake_run("a", "ring8", 1, 0.9, 0.1);
  b.curves.metrics["hq_fraction"] = {0.3};  // shorter than any window: all of it
  RunRecord c = fake_run("a", "ring8", 2, 0.9, 0.1);
  c.curves.metrics["hq_fraction"] = {0.2, nan, nan};  // no finite point in a window of 2
  RunRecord d = fake_run("a", "ring8", 3, 0.9, 0.1);  // no curve of hq_fraction at all
  // By hand: window 2 -> a (0.5 + 0.7) / 2, b 0.3, c and d NaN (left out of the cell).
  CHECK(run_metric_value(a, "hq_fraction", 2) == Approx(0.6));
  CHECK(run_metric_value(a, "hq_fraction", 3) == Approx(0.6));  // the NaN is skipped
  CHECK(run_metric_value(a, "hq_fraction", 4) == Approx((0.1 + 0.5 + 0.7) / 3.0));
  CHECK(run_metric_value(a, "hq_fraction", 100) == Approx((0.1 + 0.5 + 0.7) / 3.0));
  CHECK(run_metric_value(a, "hq_fraction", 0) == 0.9);  // the final evaluation
  CHECK(run_metric_value(a, "objective.kl_fwd", 2) == Approx(1.5));
  CHECK(run_metric_value(a, "objective.kl_fwd", 0) == 1.0);  // the estimate's last value
  CHECK(std::isnan(run_metric_value(c, "hq_fraction", 2)));
  CHECK(run_metric_value(c, "hq_fraction", 3) == Approx(0.2));
  CHECK(std::isnan(run_metric_value(d, "hq_fraction", 2)));

  NamedRuns runs{{"a", a}, {"b", b}, {"c", c}, {"d", d}};
  TableOptions o;
  o.metrics = {"hq"};
  o.window = 2;
  const Table t = build_table(runs, o);
  const TableCell& cell = t.cells[0][0][0];
  CHECK(cell.runs == 4);
  REQUIRE(cell.summary.n == 2);
  CHECK(cell.summary.mean == Approx((0.6 + 0.3) / 2.0));
  CHECK_THAT(render_table(t), Contains("Each run's value is the mean of the finite values among "
                                       "its last 2 evaluations (its curve points, every "
                                       "eval-every steps, each on eval-samples samples), not its "
                                       "final evaluation (on final-samples samples"));
  o.marks = false;
  CHECK_THAT(render_table(build_table(runs, o)), Contains("its last 2 evaluations"));
  o.format = TableFormat::csv;
  const std::string csv = render_table(build_table(runs, o));
  CHECK_THAT(csv, Contains(",mark,p_vs_best,window\n"));
  CHECK_THAT(csv, Contains(",2\n"));
  o.window = 0;  // the columns of a table without a window are unchanged
  CHECK_THAT(render_table(build_table(runs, o)), Contains(",mark,p_vs_best\n"));
  CHECK(build_table(runs, o).cells[0][0][0].summary.mean == Approx(0.9));

  o.window = -1;
  CHECK_THROWS_WITH(build_table(runs, o), Contains("--window: expected 0 (the final evaluation) "
                                                   "or N >= 1, found -1"));
  o.window = 5;
  o.metrics = {"knn_kl_rev"};  // a final metric without a curve
  CHECK_THROWS_WITH(build_table(runs, o),
                    Contains("--metrics: no run has a curve of metric 'knn_kl_rev'; curves are: "
                             "hq_fraction, objective.kl_fwd"));
}
