// Sweep files: expansion into runs, section overrides, ids and names, and a table of bad files
// with the message each must give (file, line, key, and what is wrong).
#include <algorithm>
#include <set>
#include <string>

#include <boost/program_options.hpp>
#include <catch2/catch.hpp>

#include "harness/sweep.hpp"
#include "harness/sweep_runner.hpp"
#include "harness/trainer.hpp"

using namespace divbench;

TEST_CASE("a sweep expands to the product of its axes, with overrides, names and ids", "[sweep]") {
  const Sweep s = parse_sweep(
      "# comment\n"
      "dataset = ring8, grid25\n"
      "objective = gan-ns, fgan-kl, lsgan:a=0,b=1,c=1   # a spec with commas is one value\n"
      "seed = 0..2\n"
      "steps = 500\n"
      "\n"
      "[objective.fgan-kl]\n"
      "d-lr = 5e-5\n"
      "[dataset.grid25]\n"
      "steps = 700\n",
      "s.ini");
  CHECK(s.axes == std::vector<std::string>{"dataset", "objective", "seed"});
  REQUIRE(s.runs.size() == 18);
  CHECK(s.runs[0].name == "ring8/gan-ns/seed=0");
  CHECK(s.runs[1].name == "ring8/gan-ns/seed=1");
  CHECK(s.runs[3].name == "ring8/fgan-kl/seed=0");
  CHECK(s.runs[6].name == "ring8/lsgan:a=0,b=1,c=1/seed=0");
  CHECK(s.runs[9].name == "grid25/gan-ns/seed=0");
  CHECK(s.runs[3].config.objective == "fgan-kl:generator=trick");  // resolved
  CHECK(s.runs[3].config.d_lr == 5e-5);
  CHECK(s.runs[0].config.d_lr == 1e-4);
  CHECK(s.runs[0].config.steps == 500);
  CHECK(s.runs[9].config.steps == 700);
  std::set<std::string> ids;
  for (const auto& r : s.runs) ids.insert(r.id);
  CHECK(ids.size() == 18);
  CHECK(s.runs[0].id.size() == 12);

  // Ids depend on every option but the output path, and on nothing else.
  TrainConfig c = s.runs[0].config;
  const std::string id = run_id(c);
  c.out = "elsewhere.h5";
  CHECK(run_id(c) == id);
  c.g_lr = 2e-4;
  CHECK(run_id(c) != id);
  CHECK(parse_sweep("steps = 500\n", "t.ini").runs.front().id ==
        parse_sweep("steps = 500\n", "u.ini").runs.front().id);
  // An axis on a number: names show it.
  const Sweep lr = parse_sweep("g-lr = 1e-4, 2e-4\n", "lr.ini");
  REQUIRE(lr.runs.size() == 2);
  CHECK(lr.runs[1].name == "ring8/gan-ns/g-lr=2e-4/seed=0");
}

TEST_CASE("bad sweep files name the file, the line and the key", "[sweep]") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"objectiv = gan-ns\n", "bad.ini:1: key 'objectiv': unknown key (did you mean 'objective'?)"},
      {"steps = 100\nobjective = gan-nss\n",
       "bad.ini:2: key 'objective': unknown objective 'gan-nss' (did you mean 'gan-ns'?)"},
      {"dataset = ring9\n",
       "bad.ini:1: key 'dataset': unknown dataset 'ring9' (did you mean 'ring8'?)"},
      {"steps = 1e3x\n", "bad.ini:1: key 'steps': expected an integer, found '1e3x'"},
      {"g-lr = 0.001, fast\n", "bad.ini:1: key 'g-lr': expected a number, found 'fast'"},
      {"seed = 9..0\n", "bad.ini:1: key 'seed': empty range '9..0'"},
      {"seed = 0..x\n", "bad.ini:1: key 'seed': expected a range of integers 'a..b', found '0..x'"},
      {"g-lr = 1e-4..1e-3\n", "bad.ini:1: key 'g-lr': ranges 'a..b' are for integer options"},
      {"seed =\n", "bad.ini:1: key 'seed': empty value"},
      {"seed = 1,,2\n", "bad.ini:1: key 'seed': empty item in '1,,2'"},
      {"seed = 1, 1\n", "bad.ini:1: key 'seed': value '1' is listed twice"},
      {"steps = 10\nsteps = 20\n", "bad.ini:2: key 'steps': given twice (first on line 1)"},
      {"[colour.red]\n", "bad.ini:1: unknown section '[colour.red]'"},
      {"[seed.1]\n", "bad.ini:1: unknown section '[seed.1]'"},
      {"[pack.two]\n", "bad.ini:1: section '[pack.two]': "},
      {"[objective.fgan-k]\n",
       "bad.ini:1: section '[objective.fgan-k]': unknown objective 'fgan-k' (did you mean "
       "'fgan-kl'?)"},
      {"[objective.rkl]\nseed = 1, 2\n", "bad.ini:2: key 'seed': a section sets one value per key"},
      {"[objective.rkl]\nobjective = fkl\n",
       "bad.ini:2: key 'objective': cannot be set inside [objective.rkl]"},
      {"out = x.h5\n",
       "bad.ini:1: key 'out': output paths are chosen by 'divbench sweep --out DIR'"},
      {"just words\n", "bad.ini:1: expected 'key = value', found 'just words'"},
      {"checkpoint = a.ckpt\n", "bad.ini:1: key 'checkpoint': unknown key"},
      {"checkpoint-every = 100, 200\n",
       "bad.ini:1: key 'checkpoint-every': takes one value: it changes how runs are stored"},
      {"objective = fkl, fkl:clamp=10\n",
       "bad.ini: runs 'ring8/fkl/seed=0' and 'ring8/fkl:clamp=10/seed=0' are the same run"},
      {"objective = gan-ns:lambda=1\n",
       "bad.ini:1: key 'objective': objective 'gan-ns' has no parameter 'lambda'"},
      {"objective = b=1, gan-ns\n",
       "bad.ini:1: key 'objective': 'b=1' is a parameter without a name before it"},
      // A malformed spec (found by the sweep fuzzer: it escaped without file and line).
      {"seed = 0\ndataset = ring8:configs/kl\n",
       "bad.ini:2: key 'dataset': 'ring8:configs/kl': parameter 'configs/kl' is not of the form "
       "key=value"},
      // Refused before expansion (found by the sweep fuzzer: the end of this range overflowed).
      {"seed = 0..9223372036854775807\n",
       "bad.ini:1: key 'seed': range '0..9223372036854775807' has more than 1000000 values"},
      {"seed = -9223372036854775807..9223372036854775807\n",
       "bad.ini:1: key 'seed': range '-9223372036854775807..9223372036854775807' has more than"},
      {"seed = 0..999\ng-lr = 1e-4\nd-lr = 1e-4\nsteps = 1..1000\nd-steps = 1..2\n",
       "bad.ini:5: key 'd-steps': the sweep would have more than 1000000 runs"},
      // A combination no run accepts: validate() names the option, the sweep the line.
      {"knn-k = 5\neval-samples = 4\n",
       "bad.ini:2: key 'eval-samples': --eval-samples: expected an integer > knn-k + 1 = 6, found "
       "4"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK_THROWS_AS(parse_sweep(c.text, "bad.ini"), SweepError);
    CHECK_THROWS_WITH(parse_sweep(c.text, "bad.ini"), Catch::StartsWith(c.message));
  }
  // The last value of a range may be the largest integer.
  CHECK(parse_sweep("seed = 9223372036854775806..9223372036854775807\n", "s.ini").runs.size() == 2);
  CHECK_THROWS_WITH(load_sweep("/nonexistent/s.ini"),
                    Catch::Contains("/nonexistent/s.ini: cannot open"));
}

TEST_CASE("shards cover every run exactly once", "[sweep]") {
  for (const std::size_t runs : {0UL, 1UL, 7UL, 40UL}) {
    for (const long long shards : {1LL, 3LL, 8LL}) {
      std::vector<int> seen(runs, 0);
      for (long long i = 0; i < shards; ++i) {
        for (const std::size_t r : shard_runs(runs, i, shards)) ++seen[r];
      }
      for (const int count : seen) CHECK(count == 1);
    }
  }
  CHECK_THROWS_WITH(shard_runs(5, 3, 3), Catch::Contains("shard 3/3: expected 0 <= i < n"));
}

TEST_CASE("a run's child command line gives back exactly its configuration", "[sweep]") {
  const Sweep s =
      parse_sweep("objective = lsgan:a=0,b=1,c=1\ng-lr = 0.000123\nseed = 7\n", "s.ini");
  const TrainConfig& c = s.runs.front().config;
  const std::vector<std::string> args = train_arguments(c, "x.h5");
  TrainConfig parsed;
  namespace po = boost::program_options;
  po::options_description desc = train_description(parsed);
  desc.add_options()("quiet", po::bool_switch());
  po::variables_map vm;
  po::store(po::command_line_parser(std::vector<std::string>(args.begin() + 1, args.end()))
                .options(desc)
                .run(),
            vm);
  po::notify(vm);
  CHECK(parsed.out == "x.h5");
  CHECK(run_id(parsed) == s.runs.front().id);
  CHECK(parsed.g_lr == 0.000123);
}

TEST_CASE("a planned run's id is the id of the run as training records it", "[sweep]") {
  for (const char* text :
       {"objective = fkl\nsteps = 2\n", "dataset = mog1d\ngenerator = affine\nsteps = 2\n"}) {
    INFO(text);
    const Sweep s = parse_sweep(text, "s.ini");
    CHECK(run_id(Trainer(s.runs.front().config).config()) == s.runs.front().id);
  }
}

TEST_CASE("bookkeeping options reach the child but are not part of a run's id", "[sweep]") {
  const Sweep plain = parse_sweep("objective = gan-ns, rkl\nseed = 0..1\n", "a.ini");
  const Sweep with =
      parse_sweep("objective = gan-ns, rkl\nseed = 0..1\ncheckpoint-every = 50\n", "b.ini");
  REQUIRE(plain.runs.size() == with.runs.size());
  for (std::size_t i = 0; i < plain.runs.size(); ++i) CHECK(plain.runs[i].id == with.runs[i].id);
  CHECK(sweep_id(plain) == sweep_id(with));
  const std::vector<std::string> args = train_arguments(with.runs.front().config, "x.h5");
  const auto it = std::find(args.begin(), args.end(), "--checkpoint-every");
  REQUIRE(it != args.end());
  CHECK(*(it + 1) == "50");
  // Another seed is another sweep.
  CHECK(sweep_id(plain) !=
        sweep_id(parse_sweep("objective = gan-ns, rkl\nseed = 0..2\n", "c.ini")));
  CHECK(with.runs[1].axis_values == std::vector<std::string>{"gan-ns", "1"});
}

TEST_CASE("a section can follow any option's value, and applies to the runs that have it",
          "[sweep]") {
  const Sweep s = parse_sweep(
      "pack = 1, 2, 3\n"
      "train-size = 100000\n"
      "g-ema = 0, 0.999\n"
      "[pack.2]\n"
      "train-size = 200000\n"
      "[pack.3]\n"
      "train-size = 300000\n"
      "[g-ema.0.999]\n"
      "eval-every = 250\n",
      "p.ini");
  REQUIRE(s.runs.size() == 6);
  for (const SweepRun& r : s.runs) {
    INFO(r.name);
    CHECK(r.config.train_size == 100000 * r.config.pack);
    CHECK(r.config.eval_every == (r.config.g_ema == 0.999 ? 250 : 500));
  }
  // A value written another way is the same value.
  CHECK(parse_sweep("pack = 2\n[pack.02]\nsteps = 9\n", "q.ini").runs[0].config.steps == 9);
}
