#pragma once
// Every regulariser divbench knows, registered explicitly in regulariser_registry.cpp: adding one
// is one file plus one line there; the conformance tests loop over this registry.
// Spectral normalisation is a property of the discriminator's network instead
// (--discriminator mlp:spectral=true, models/spectral_norm.hpp).
#include <string>

#include "common/registry.hpp"
#include "harness/regulariser.hpp"

namespace divbench {

using RegulariserRegistry = Registry<Regulariser>;

const RegulariserRegistry& regulariser_registry();

// regulariser_registry().make(spec, resolved): "none", "gp", "r1:gamma=1,every=16", ...
std::unique_ptr<Regulariser> make_regulariser(std::string_view spec, std::string* resolved = nullptr);

}  // namespace divbench
