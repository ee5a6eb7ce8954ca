// `divbench kl P Q`: divbench's estimators on two sample sets from anywhere: any file the loaders
// read (CSV, IDX plain or gzip, or an HDF5 dataset written file.h5:/path). P is the reference ("data"), Q the model.
#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "datasets/dataset_registry.hpp"
#include "datasets/data_file.hpp"
#include "metrics/knn_divergence.hpp"
#include "metrics/known_density.hpp"
#include "harness/train_config.hpp"
#include "metrics/mode_coverage.hpp"

namespace divbench::cli {

namespace po = boost::program_options;

int kl_command(const Args& args) {
  std::string p_spec, q_spec, modes_spec;
  int k = 5;
  double threshold = 3.0;
  std::string distance = "standardised";
  std::string histogram = "hq";
  po::options_description desc("Options");
  desc.add_options()("k", po::value(&k)->default_value(5), "k of the k-NN estimators")(
      "modes", po::value(&modes_spec),
      "a dataset spec (ring8, gmm:file=F.csv, fmnist, file:path=F,label-column=C) or a mixture "
      "CSV file (weight, d means, d stds per line): adds Q's mode coverage (for labelled data the "
      "modes its classifier names, Q in the dataset's scale) and, when the density is known, "
      "KL(Q || data)")(
      "mode-threshold", po::value(&threshold)->default_value(3.0),
      "distance below which a sample is high quality (in standard deviations)")(
      "mode-distance", po::value(&distance)->default_value(distance),
      "standardised or euclidean (see 'divbench train --help')")(
      "mode-histogram", po::value(&histogram)->default_value(histogram),
      "hq or all: the samples the mode-histogram KLs count")("help,h", "show this help");
  PointMatrix p, q;
  std::unique_ptr<Dataset> modes;
  try {
    if (!parse_command_line(args, desc, {{"p", 1, po::value(&p_spec)}, {"q", 1, po::value(&q_spec)}},
                            "usage: divbench kl P Q [options]\n  P, Q: CSV files (one sample per "
                            "row), IDX files (plain or gzip) or FILE.h5:/dataset; P is the "
                            "reference, Q the model"))
      return 0;
    if (p_spec.empty() || q_spec.empty())
      throw std::invalid_argument("needs two sample sets, P and Q");
    if (k < 1)
      throw std::invalid_argument(fmt::format("--k: expected an integer >= 1, found {}", k));
    // As stored (no scaling): the estimates are those of the files' own numbers.
    DataFileOptions as_stored;
    as_stored.scale = "none";
    p = load_data_file(p_spec, as_stored).x.cast<double>();
    q = load_data_file(q_spec, as_stored).x.cast<double>();
    if (p.cols() != q.cols()) {
      throw std::invalid_argument(
          fmt::format("{} has {} columns but {} has {}: the samples must have "
                      "the same dimension",
                      p_spec, p.cols(), q_spec, q.cols()));
    }
    if (!modes_spec.empty()) {
      const bool is_dataset = dataset_registry().find(Spec::parse(modes_spec).name()) != nullptr;
      modes = make_dataset(is_dataset ? modes_spec : "gmm:file=" + modes_spec);
      if (modes->dim() != q.cols()) {
        throw std::invalid_argument(fmt::format("--modes: {} is {}-D but the samples are {}-D",
                                                modes_spec, modes->dim(), q.cols()));
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench kl: {}\n", e.what());
    return 2;
  }

  try {
    fmt::print("P: {} ({} x {}), Q: {} ({} x {}), k = {}\n", p_spec, p.rows(), p.cols(), q_spec,
               q.rows(), q.cols(), k);
    const auto show = [](const char* what, const KnnEstimate& e, const char* note) {
      fmt::print("{:<14} {:>10.4f}  {}{}\n", what, e.value, note,
                 e.floored > 0 ? fmt::format(" ({} zero distances floored)", e.floored) : "");
    };
    show("KL(P || Q)", knn_kl_divergence(p, q, k), "k-NN, Wang, Kulkarni, Verdú 2009");
    show("KL(Q || P)", knn_kl_divergence(q, p, k), "k-NN, Wang, Kulkarni, Verdú 2009");
    show("H(P)", knn_entropy(p, k), "Kozachenko–Leonenko, nats");
    show("H(Q)", knn_entropy(q, k), "Kozachenko–Leonenko, nats");
    if (modes && modes->has_log_density()) {
      show("KL(Q || data)", known_density_reverse_kl(q, *modes, k),
           "-H(Q) - E_Q log p_data, exact density of --modes");
    }
    if (modes && !modes->modes().empty()) {
      const Matrix qf = q.cast<float>();
      const ModeCoverage c = mode_coverage(
          view(qf), modes->modes(),
          {.hq_threshold = threshold,
           .distance = with_option("mode-distance", [&] { return parse_mode_distance(distance); }),
           .histogram =
               with_option("mode-histogram", [&] { return parse_mode_histogram(histogram); })});
      fmt::print(
          "Q covers {}/{} modes; high-quality fraction {:.4f}; mode-histogram KL {:.4f}, "
          "reverse {:.4f}\n",
          c.modes_covered, c.modes_total, c.hq_fraction, c.kl_modes, c.kl_modes_reverse);
    }
    if (modes && modes->mode_labeller() != nullptr) {
      // Classifier modes (labelled real data): every sample of Q counts.
      const ModeLabeller& labeller = *modes->mode_labeller();
      const Matrix qf = q.cast<float>();
      const ModeCoverage c = labelled_coverage(view(qf), labeller);
      fmt::print("Q covers {}/{} modes ({}); mode-histogram KL {:.4f}, reverse {:.4f}\n",
                 c.modes_covered, c.modes_total, labeller.describe(), c.kl_modes,
                 c.kl_modes_reverse);
    }
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "divbench kl: {}\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace divbench::cli
