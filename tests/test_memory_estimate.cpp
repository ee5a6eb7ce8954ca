// The memory estimate behind the refusal of configurations that cannot fit, against counts by hand.
#include <catch2/catch.hpp>

#include "harness/memory_estimate.hpp"
#include "harness/train_config.hpp"

using namespace divbench;

TEST_CASE("The memory estimate counts parameters, activations and evaluation samples", "[memory]") {
  const TrainConfig c;  // G 16 -> 256 -> 256 -> 2, D 2 -> 256 -> 256 -> 1, batch 256
  const MemoryEstimate e = estimate_memory(c, 2);
  // G: 16*256+256 + 256*256+256 + 256*2+2 = 70658; D: 2*256+256 + 256*256+256 + 256+1 = 66817;
  // value, gradient and two Adam moments of 4 bytes each.
  CHECK(e.generator_parameter_bytes == 16.0 * 70658);
  CHECK(e.parameter_bytes == 16.0 * (70658 + 66817));
  // Outputs and gradients of every layer: G over 256 rows of 16+256+256+2 units, D over 512 rows
  // of 2+256+256+1.
  CHECK(e.activation_bytes == 8.0 * (256.0 * 530 + 512.0 * 515));
  // 10000 final samples of data and of the generator, float and double.
  CHECK(e.evaluation_bytes == 2.0 * 10000 * 2 * 12);
  CHECK_NOTHROW(check_memory(c, 2, 1e9));
  CHECK_THROWS_WITH(check_memory(c, 2, 1e6),
                    Catch::StartsWith("--batch-size 256: the run's buffers"));
  TrainConfig wide = c;
  wide.d_widths = "100000-100000";
  CHECK_THROWS_WITH(check_memory(wide, 2, 1e9), Catch::StartsWith("--d-widths 100000-100000:"));
  TrainConfig evaluation = c;
  evaluation.final_samples = 100000000;
  CHECK_THROWS_WITH(check_memory(evaluation, 2, 1e9),
                    Catch::StartsWith("--final-samples 100000000"));
  CHECK(available_memory_bytes() > 1e8);
}
