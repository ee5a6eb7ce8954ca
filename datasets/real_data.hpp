#pragma once
// The real-data datasets of the registry:
//   fmnist          Fashion-MNIST (Xiao et al. 2017) from Debian's dataset-fashion-mnist package:
//                   784-D images scaled to [-1, 1], 10 classes as modes
//   stacked-fmnist  `parts` independent images concatenated (parts = 3: 2352-D, 1000 modes; the
//                   Stacked MNIST benchmark of Metz et al. 2017 on Fashion-MNIST)
//   file            any file the loaders read (datasets/data_file.hpp), with modes when labelled
// Labelled data gets its modes from a classifier trained once on the training split and cached
// (datasets/classifier_cache.hpp). MNIST itself works the same way: fmnist:dir=DIR with MNIST's
// four IDX files in DIR.
#include <memory>

#include "common/spec.hpp"
#include "datasets/dataset.hpp"

namespace divbench {

// Parameters: dir=/usr/share/datasets/fashion-mnist, split=train|test, parts (stacked only).
std::unique_ptr<Dataset> make_fashion_mnist(Spec& spec, int default_parts);

// Parameters: path (required), labels, label-column, header, format, scale, split,
// test-fraction, parts.
std::unique_ptr<Dataset> make_file_dataset(Spec& spec);

}  // namespace divbench
