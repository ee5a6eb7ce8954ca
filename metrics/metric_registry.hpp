#pragma once
// Every metric a run records, described once: its name, what it measures, whether higher or
// lower is better, how tables print it, and which runs have it. Evaluation (harness), run files,
// `divbench compare` and tables (results) consult this table instead of matching names each on
// its own. The objectives' own estimates ("objective.<name>" in tables) are not listed: they
// measure the discriminator as much as the generator and get no direction.
#include <span>
#include <string>
#include <string_view>

namespace divbench {

// Which way is better. kNone: no best/significance marks (an entropy, a fitted mean).
enum class MetricDirection { kLower, kHigher, kNone };

struct MetricInfo {
  const char* name;
  const char* description;
  MetricDirection direction;
  int decimals;       // in tables
  bool integer;       // a count, stored as int64 in /final (modes_covered)
  const char* which;  // which runs record it
  // An estimator whose bias can take it below zero although the quantity is >= 0 (the k-NN KL
  // estimates): a table column where a cell's value is negative gets no marks, since "lower is
  // better" no longer ranks the generators there.
  bool biased_below_zero;
  // First recorded after files were already published: absent from older run files, and
  // `divbench compare` does not count its absence from one file as a difference.
  bool added_later;
};

std::span<const MetricInfo> metric_registry();

// nullptr when `name` is no registered metric.
const MetricInfo* find_metric(std::string_view name);

// The registered names joined by ", ", for messages.
std::string metric_names();

}  // namespace divbench
