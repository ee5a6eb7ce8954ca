#pragma once
// Sweep files: many runs from one INI file in Boost.Program_options' config-file syntax, with the
// option names of `divbench train`.
//
//   # comments start with '#'
//   dataset = ring8, grid25            # a key with several values is an axis
//   objective = gan-ns, rkl, fgan-kl, lsgan:a=0,b=1,c=1
//   seed = 0..9                        # an integer range, both ends included
//   g-lr = 1e-4, 2e-4
//   steps = 5000                       # one value: the same for every run
//   preset = pacgan                    # defaults from a paper's code (harness/preset.hpp); the
//                                      # file's other keys override it; an axis too
//   [objective.fgan-kl]                # overrides for the runs of one objective ...
//   d-lr = 5e-5
//   [dataset.grid25]                   # ... or of one dataset
//   steps = 10000
//   [pack.2]                           # ... or of any option's value (not seed)
//   train-size = 200000
//
// The sweep is the Cartesian product of the axes, in file order. Values split at commas, except
// that an item of the form key=value continues the spec before it ("lsgan:a=0,b=1" is one value).
// Each run has a stable id — a short hash of every resolved option, seed included, output paths
// excluded — and a readable name built from its dataset, objective and other axis values
// ("ring8/fgan-kl/g-lr=1e-4/seed=3").
//
// A bad file is refused before anything runs: unknown keys or sections, unknown objective or
// dataset names (with the nearest valid name), malformed numbers or ranges, empty values,
// repeated keys, and option combinations that no run accepts. The message names the file, the
// line and the key.
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/train_config.hpp"

namespace divbench {

// A bad sweep file: what() is "FILE:LINE: key 'KEY': what is wrong".
class SweepError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct SweepRun {
  std::string id;    // 12 hex digits
  std::string name;  // "dataset/objective/axis=value/.../seed=N"
  TrainConfig config;
  // This run's value of each axis as written in the file, in the order of Sweep::axes.
  std::vector<std::string> axis_values;
};

struct Sweep {
  std::string path;
  std::string text;               // the file's contents
  std::vector<std::string> axes;  // keys with several values, in file order
  std::vector<SweepRun> runs;     // the Cartesian product, in file order of the axes
};

// More runs than this in one file is refused as a typo ("seed = 0..99999999") before anything is
// expanded.
inline constexpr std::size_t kMaxSweepRuns = 1'000'000;

// Throws SweepError for a bad file, naming file, line and key.
Sweep parse_sweep(const std::string& text, const std::string& path,
                  std::size_t max_runs = kMaxSweepRuns);
Sweep load_sweep(const std::string& path);

// The sweep's id: FNV-1a over its run ids in order, as 12 hex digits. Two files that expand to
// the same runs have the same id; any change of runs (an added seed, a changed option) changes it.
std::string sweep_id(const Sweep& sweep);

// The run id of a configuration: FNV-1a (64 bit) over every option's name and value but the
// output path, as 12 hex digits.
std::string run_id(const TrainConfig& config);

}  // namespace divbench
