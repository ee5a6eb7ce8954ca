#pragma once
// Mode coverage by the protocol of PacGAN's released code (Lin et al., NeurIPS 2018), also used by
// VEEGAN: each generated sample is assigned to the mode with the smallest standardised distance
//   delta(x, k) = sqrt(sum_j (x_j - mu_kj)^2 / s_kj^2);
// it is high quality (HQ) when that distance is below `hq_threshold` (3 for 2-D mixtures, 10 is
// usual in high dimension); a mode is covered when at least `min_count` HQ samples are assigned
// to it. Samples with a non-finite coordinate are never HQ.
//
// The mode histogram's KL against the data's mode weights pi (Stacked-MNIST style; Metz et al.
// 2017, VEEGAN, PacGAN), with p_j = (HQ samples of mode j) / (HQ samples), 0 log 0 = 0:
//   kl_modes         = KL(p || pi) = sum_j p_j log(p_j / pi_j)      (finite: pi_j > 0)
//   kl_modes_reverse = KL(pi || p~), where a mode with no sample would give +inf, so p is smoothed
//     by the Krichevsky–Trofimov rule p~_j = (c_j + 1/2) / (C + M/2) (C HQ samples, M modes):
//     a collapsed generator scores large and finite, and the value is comparable across runs.
// Both are NaN when no sample is high quality (the histogram is empty).
//
// Papers differ in two choices, which the settings name (and runs record, --mode-distance and
// --mode-histogram):
//   distance   standardised (above; PacGAN's MetricLogger), or euclidean: the nearest mode by
//              ||x - mu_k||, high quality when ||x - mu_k|| < threshold * s_k with
//              s_k = sqrt(mean_j s_kj^2) ("within three standard deviations", VEEGAN, Srivastava
//              et al. 2017). The two agree on isotropic modes of one width (rings, grids).
//   histogram  hq: the KLs above use the HQ samples' histogram (PacGAN); all: every finite
//              sample counts for its nearest mode (C = the finite samples), so samples between
//              modes weigh in. Modes covered always count HQ samples, and hq_histogram always
//              holds the HQ counts.
#include <string_view>
#include <vector>

#include "datasets/dataset.hpp"

namespace divbench {

enum class ModeDistance { kStandardised, kEuclidean };
enum class ModeHistogram { kHighQuality, kAll };

// "standardised" | "euclidean", "hq" | "all"; throw std::invalid_argument naming the choices.
ModeDistance parse_mode_distance(std::string_view text);
ModeHistogram parse_mode_histogram(std::string_view text);

struct ModeCoverageSettings {
  double hq_threshold = 3.0;
  long long min_count = 1;
  ModeDistance distance = ModeDistance::kStandardised;
  ModeHistogram histogram = ModeHistogram::kHighQuality;
};

struct ModeCoverage {
  long long modes_covered = 0;
  long long modes_total = 0;
  double hq_fraction = 0.0;
  std::vector<long long> hq_histogram;  // HQ samples assigned to each mode
  double kl_modes = 0.0;                // KL(histogram || mode weights)
  double kl_modes_reverse = 0.0;        // KL(mode weights || smoothed histogram)
};

// Fills modes_total, modes_covered, kl_modes and kl_modes_reverse of `out` from its hq_histogram
// and the data's mode weights (normalised here), as described above. Also the path for modes that
// a classifier assigns (labelled real data, where every sample counts).
// `kl_histogram`, when given, is the histogram the KLs use instead of hq_histogram (--mode-histogram
// all).
void histogram_coverage(ModeCoverage& out, const std::vector<double>& weights,
                        long long min_count = 1,
                        const std::vector<long long>* kl_histogram = nullptr);

// Coverage of the modes a labeller names (labelled real data): every sample counts (the histogram
// holds all of them), and hq_fraction is NaN, there being no notion of quality. samples (n, d)
// must be finite.
ModeCoverage labelled_coverage(ConstMatrixView samples, const ModeLabeller& labeller);

// samples (n, d); throws std::invalid_argument when there are no modes or dimensions disagree.
ModeCoverage mode_coverage(ConstMatrixView samples, const std::vector<Mode>& modes,
                           const ModeCoverageSettings& settings = {});

}  // namespace divbench
