// divbench._core: divbench's estimators on NumPy arrays (issue #23). The same functions as
// `divbench kl` calls (metrics/), on points as rows: float64 C-order arrays are read in place,
// anything else (float32, Fortran order, strided views) is copied once into float64 C order. The
// GIL is released while an estimator computes; std::invalid_argument surfaces as ValueError with
// the message the command line prints.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "datasets/dataset_registry.hpp"
#include "metrics/knn_divergence.hpp"
#include "metrics/known_density.hpp"
#include "metrics/mode_coverage.hpp"
#include "metrics/precision_recall.hpp"
#include "objectives/objective_registry.hpp"
#include "python/python_objective.hpp"
#include "python/train_in_process.hpp"

namespace py = pybind11;
using divbench::PointMatrix;
using divbench::PointsRef;

namespace {

using Float64Rows = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A (n, d) array as rows of doubles: the array itself when it is float64 C-order (no copy), else
// a float64 C-order copy, which `holder` keeps alive.
PointsRef points(const py::handle& object, const char* name, Float64Rows& holder) {
  py::array a = py::array::ensure(object);
  if (!a) throw py::type_error(fmt::format("{}: expected a NumPy array (n, d)", name));
  if (a.ndim() != 2) {
    throw py::value_error(fmt::format(
        "{}: expected a 2-D array (one sample per row), found {} dimensions", name, a.ndim()));
  }
  if (a.dtype().kind() != 'f' && a.dtype().kind() != 'i' && a.dtype().kind() != 'u') {
    throw py::type_error(fmt::format("{}: expected float32 or float64 values, found dtype {}", name,
                                     std::string(py::str(a.dtype()))));
  }
  holder = Float64Rows::ensure(a);  // a view of `a` when already float64 C-order
  if (!holder) throw py::error_already_set();
  return Eigen::Map<const PointMatrix>(holder.data(), holder.shape(0), holder.shape(1));
}

void check_k(int k, const char* name = "k") {
  if (k < 1) throw py::value_error(fmt::format("{}: expected an integer >= 1, found {}", name, k));
}

void check_same_dimension(const PointsRef& p, const PointsRef& q, const char* a, const char* b) {
  if (p.cols() != q.cols()) {
    throw py::value_error(
        fmt::format("{} has {} columns but {} has {}: the samples must have the same dimension", a,
                    p.cols(), b, q.cols()));
  }
}

double kl(const py::handle& p_in, const py::handle& q_in, int k) {
  check_k(k);
  Float64Rows hp, hq;
  const PointsRef p = points(p_in, "p", hp), q = points(q_in, "q", hq);
  check_same_dimension(p, q, "p", "q");
  py::gil_scoped_release unlocked;
  return divbench::knn_kl_divergence(p, q, k).value;
}

double entropy(const py::handle& x_in, int k) {
  check_k(k);
  Float64Rows hx;
  const PointsRef x = points(x_in, "x", hx);
  py::gil_scoped_release unlocked;
  return divbench::knn_entropy(x, k).value;
}

// One pair of set metrics of fake against real: `compute` is improved_precision_recall or
// density_coverage, `first` and `second` the fields it fills.
template <class Compute>
py::dict set_pair(const py::handle& real_in, const py::handle& fake_in, int k, Compute compute,
                  const char* first_name, double divbench::PrecisionRecall::*first,
                  const char* second_name, double divbench::PrecisionRecall::*second) {
  check_k(k);
  Float64Rows hr, hf;
  const PointsRef real = points(real_in, "real", hr), fake = points(fake_in, "fake", hf);
  check_same_dimension(real, fake, "real", "fake");
  divbench::PrecisionRecall r;
  {
    py::gil_scoped_release unlocked;
    r = compute(real, fake, k, divbench::KnnMethod::kAuto);
  }
  py::dict d;
  d[first_name] = r.*first;
  d[second_name] = r.*second;
  return d;
}

// As `divbench kl --modes`: a dataset spec (ring8, grid25, gmm:file=F.csv, fmnist, ...) or a
// mixture CSV file (weight, d means, d stds per line).
std::unique_ptr<divbench::Dataset> modes_of(const std::string& spec) {
  const bool is_dataset =
      divbench::dataset_registry().find(divbench::Spec::parse(spec).name()) != nullptr;
  // Neither a dataset nor an existing file: the registry's error, which lists the datasets.
  if (!is_dataset && !std::filesystem::exists(spec)) return divbench::make_dataset(spec);
  return divbench::make_dataset(is_dataset ? spec : "gmm:file=" + spec);
}

py::dict coverage_dict(const divbench::ModeCoverage& c) {
  py::dict d;
  d["modes_covered"] = c.modes_covered;
  d["modes_total"] = c.modes_total;
  d["hq_fraction"] = c.hq_fraction;
  d["kl_modes"] = c.kl_modes;
  d["kl_modes_reverse"] = c.kl_modes_reverse;
  d["histogram"] = py::array_t<long long>(static_cast<py::ssize_t>(c.hq_histogram.size()),
                                          c.hq_histogram.data());
  return d;
}

py::dict mode_coverage(const py::handle& x_in, const std::string& dataset, double threshold,
                       const std::string& distance, const std::string& histogram) {
  Float64Rows hx;
  const PointsRef x = points(x_in, "x", hx);
  const std::unique_ptr<divbench::Dataset> modes = modes_of(dataset);
  if (modes->dim() != x.cols()) {
    throw py::value_error(fmt::format("dataset: {} is {}-D but the samples are {}-D", dataset,
                                      modes->dim(), x.cols()));
  }
  const divbench::ModeCoverageSettings settings{
      .hq_threshold = threshold,
      .distance = divbench::parse_mode_distance(distance),
      .histogram = divbench::parse_mode_histogram(histogram)};
  if (modes->modes().empty() && modes->mode_labeller() == nullptr) {
    throw py::value_error(fmt::format("dataset: {} has no modes to cover", dataset));
  }
  divbench::ModeCoverage c;
  {
    py::gil_scoped_release unlocked;
    // The evaluation's precision: the same float samples a run's evaluation sees.
    const divbench::Matrix xf = x.cast<float>();
    c = !modes->modes().empty()
            ? divbench::mode_coverage(divbench::view(xf), modes->modes(), settings)
            : divbench::labelled_coverage(divbench::view(xf), *modes->mode_labeller());
  }
  return coverage_dict(c);  // labelled data: hq_fraction is NaN (labelled_coverage)
}

std::optional<double> known_density_kl(const py::handle& x_in, const std::string& dataset, int k) {
  check_k(k);
  Float64Rows hx;
  const PointsRef x = points(x_in, "x", hx);
  const std::unique_ptr<divbench::Dataset> data = modes_of(dataset);
  if (!data->has_log_density()) return std::nullopt;
  py::gil_scoped_release unlocked;
  return divbench::known_density_reverse_kl(x, *data, k).value;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "divbench's estimators on NumPy arrays (the functions `divbench kl` calls)";
  m.def("kl", &kl, py::arg("p"), py::arg("q"), py::arg("k") = 5,
        "k-NN estimate of KL(P || Q) from samples p (n, d) and q (m, d) (Wang, Kulkarni, Verdu "
        "2009), in nats");
  m.def("entropy", &entropy, py::arg("x"), py::arg("k") = 5,
        "Kozachenko-Leonenko entropy estimate of x (n, d), in nats");
  m.def(
      "precision_recall",
      [](const py::handle& real, const py::handle& fake, int k) {
        return set_pair(real, fake, k, divbench::improved_precision_recall, "precision",
                        &divbench::PrecisionRecall::precision, "recall",
                        &divbench::PrecisionRecall::recall);
      },
      py::arg("real"), py::arg("fake"), py::arg("k") = 3,
      "improved precision and recall (Kynkaanniemi et al. 2019) of fake against real");
  m.def(
      "density_coverage",
      [](const py::handle& real, const py::handle& fake, int k) {
        return set_pair(real, fake, k, divbench::density_coverage, "density",
                        &divbench::PrecisionRecall::density, "coverage",
                        &divbench::PrecisionRecall::coverage);
      },
      py::arg("real"), py::arg("fake"), py::arg("k") = 5,
      "density and coverage (Naeem et al. 2020) of fake against real");
  m.def("mode_coverage", &mode_coverage, py::arg("x"), py::arg("dataset") = "ring8",
        py::arg("threshold") = 3.0, py::arg("distance") = "standardised",
        py::arg("histogram") = "hq",
        "mode coverage of samples x (PacGAN's protocol) against a dataset spec or a mixture CSV "
        "file; for labelled data, the modes its classifier names");
  m.def("known_density_kl", &known_density_kl, py::arg("x"), py::arg("dataset"), py::arg("k") = 5,
        "KL(Q || data) = -H(Q) - E_Q log p_data with the dataset's exact density; None when the "
        "dataset has none");

  // Objectives written in Python (python/divbench/objective.py wraps these).
  m.def("register_objective", &divbench::python::register_objective, py::arg("name"),
        py::arg("summary"), py::arg("reference"), py::arg("defaults"), py::arg("cls"),
        py::arg("provenance"),
        "registers a Python objective class under `name` (divbench.register_objective)");
  m.def("check_objective", &divbench::python::check_objective, py::arg("spec"),
        "the conformance suite on a registered objective: (check, detail) pairs, empty when it "
        "conforms");
  m.def("train_in_process", &divbench::python::train_in_process, py::arg("args"),
        py::arg("quiet") = false,
        "`divbench train` with these arguments inside this process (for Python objectives)");
  m.def(
      "objectives",
      [] {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& e : divbench::objective_registry().entries())
          out.emplace_back(e.name, e.summary);
        return out;
      },
      "every registered objective: (name, summary), Python ones included");
}
