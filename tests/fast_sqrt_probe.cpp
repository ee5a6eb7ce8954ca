// What tests/check_no_approximate_instructions.sh must catch: Eigen's fast-math float sqrt, which
// compiles to vrsqrtps (rsqrtps, vrsqrt14ps with AVX-512) and a Newton step. Built only for the
// checker's own test (portability.checker_finds_fast_sqrt), never linked into divbench.
#include <Eigen/Core>

Eigen::ArrayXf fast_sqrt_probe(const Eigen::ArrayXf& x) { return x.sqrt(); }
