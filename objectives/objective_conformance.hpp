#pragma once
// The conformance suite every objective passes, whoever wrote it: the built-in ones, plugins and
// objectives written in Python (python/python_objective.cpp). tests/test_objective_conformance.cpp
// runs it over the whole registry; divbench.check_objective runs it from Python. What it checks:
//   - every gradient entry is written (outputs prefilled with NaN), losses finite;
//   - estimates are finite, named, and the same names every time;
//   - gradients match central differences of the returned loss, for the discriminator's loss and
//     the generator's (both of its inputs), on batches of different sizes; a generator loss that
//     does not see real outputs is the same from generator_loss and generator_loss_with_real;
//   - finite losses, gradients and estimates at outputs of +-50;
//   - at outputs of +-100 finite losses, gradients finite or +-inf but never NaN (the training loop
//     turns an infinity into a diverged run at that step; a NaN would hide where);
//   - losses are batch means: repeating a batch changes neither loss.
#include <cstdint>
#include <string>
#include <vector>

#include "objectives/objective.hpp"

namespace divbench {

// One failed check: which check, and what was found.
struct ConformanceFailure {
  std::string check;
  std::string detail;
};

// Runs every check above on `objective`; an empty result means it conforms. At most
// `max_per_check` failures are kept per check (a wrong gradient fails at every entry).
std::vector<ConformanceFailure> check_objective_conformance(const Objective& objective,
                                                            std::size_t max_per_check = 5);

// Discriminator outputs for the checks and the objective tests: n standard normals from the
// stream "outputs" of `seed`, scaled.
std::vector<float> random_outputs(std::size_t n, std::uint64_t seed, float scale);

}  // namespace divbench
