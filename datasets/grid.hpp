#pragma once
// The grid: side x side equal-weight isotropic Gaussians on a square lattice centred at the
// origin, neighbours `spacing` apart. side 5, spacing 2, std 0.05 is the usual 25-mode grid
// {-4, -2, 0, 2, 4}^2.
#include <memory>

#include "datasets/gaussian_mixture.hpp"

namespace divbench {

std::unique_ptr<GaussianMixture> make_grid(int side, double spacing, double std);

}  // namespace divbench
