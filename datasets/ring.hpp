#pragma once
// The ring: k equal-weight isotropic Gaussians on a circle, centre i at angle 2*pi*i/k for
// i = 0..k-1. (The widely copied linspace(0, 2*pi, k) puts modes 0 and k-1 on top of each other.)
#include <memory>

#include "datasets/gaussian_mixture.hpp"

namespace divbench {

std::unique_ptr<GaussianMixture> make_ring(int k, double radius, double std);

}  // namespace divbench
