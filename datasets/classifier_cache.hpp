#pragma once
// Mode classifiers are trained once per (data, labels, settings) and kept in an HDF5 file named by
// a hash of all three, in the cache directory:
//   $DIVBENCH_CACHE_DIR, else $XDG_CACHE_HOME/divbench, else $HOME/.cache/divbench.
// Training is deterministic, so the cache changes speed, never results. Concurrent runs (local
// workers, Slurm tasks) wait on a lock file instead of training the same classifier twice; a
// damaged cache file is trained again and replaced.
#include <memory>
#include <string>

#include "datasets/data_file.hpp"
#include "datasets/mlp_classifier.hpp"

namespace divbench {

struct CachedClassifier {
  std::shared_ptr<MlpClassifier> classifier;
  double test_accuracy = 0.0;
  std::string key;          // hash of data, labels and settings: names the classifier
  std::string path;         // the cache file
  bool trained_now = false;  // false: loaded from the cache
};

std::string classifier_cache_dir();

// train and test must be labelled with labels in [0, classes). `what` names the data in messages.
CachedClassifier cached_classifier(const DataFile& train, const DataFile& test, Index classes,
                                   const ClassifierSettings& settings, const std::string& what);

}  // namespace divbench
