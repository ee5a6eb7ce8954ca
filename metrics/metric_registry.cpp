#include "metrics/metric_registry.hpp"

namespace divbench {
namespace {

using enum MetricDirection;

constexpr const char* kKnn = "every run with --knn-metrics on";

// clang-format off
const MetricInfo kMetrics[] = {
    {"knn_kl_fwd", "k-NN estimate of KL(P_data || P_g) (Wang, Kulkarni, Verdú 2009)",
     kLower, 3, false, kKnn, true, false},
    {"knn_kl_rev", "k-NN estimate of KL(P_g || P_data)", kLower, 3, false, kKnn, true, false},
    {"entropy_g", "Kozachenko–Leonenko entropy of the generated samples, nats", kNone, 3, false,
     kKnn, false, false},
    {"kl_rev_known", "KL(P_g || P_data) with the data's exact log density and a k-NN entropy",
     kLower, 3, false, "datasets with an exact density (synthetic mixtures), k-NN metrics on", true,
     false},
    {"knn_floored", "zero k-NN distances (exact duplicates) replaced by the smallest positive "
     "distance of their search, summed over the five searches of knn_kl_fwd, knn_kl_rev and entropy_g", kNone, 0, false,
     kKnn, false, true},
    {"precision", "improved precision, k = 3 (Kynkäänniemi et al. 2019)", kHigher, 3, false, kKnn,
     false, false},
    {"recall", "improved recall, k = 3 (Kynkäänniemi et al. 2019)", kHigher, 3, false, kKnn, false,
     false},
    {"density", "density, k = 5 (Naeem et al. 2020)", kHigher, 3, false, kKnn, false, false},
    {"coverage", "coverage, k = 5 (Naeem et al. 2020)", kHigher, 3, false, kKnn, false, false},
    {"gen_mean", "mean of the generated samples", kNone, 3, false, "1-D datasets", false, false},
    {"gen_std", "standard deviation (n - 1) of the generated samples", kNone, 3, false,
     "1-D datasets", false, false},
    {"modes_covered", "modes with at least one high-quality sample (PacGAN), or classes a "
     "classifier names", kHigher, 2, true, "datasets with modes", false, false},
    {"hq_fraction", "fraction of samples within the high-quality distance of a mode", kHigher, 3,
     false, "synthetic datasets with modes", false, false},
    {"modes_kl", "KL(mode histogram of the samples || the data's); over high-quality samples only "
     "for synthetic modes, over all samples for classifier modes", kLower, 3, false,
     "datasets with modes", false, false},
    {"modes_kl_reverse", "KL(the data's mode histogram || the samples'), same normalisation",
     kLower, 3, false, "datasets with modes", false, false},
};
// clang-format on

}  // namespace

std::span<const MetricInfo> metric_registry() { return kMetrics; }

const MetricInfo* find_metric(std::string_view name) {
  for (const MetricInfo& m : kMetrics) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

std::string metric_names() {
  std::string out;
  for (const MetricInfo& m : kMetrics) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

}  // namespace divbench
