#include "python/python_objective.hpp"

#include <algorithm>
#include <span>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pybind11/numpy.h>

#include "objectives/objective_conformance.hpp"
#include "objectives/objective_registry.hpp"
#include "objectives/plugin_loader.hpp"

namespace py = pybind11;

namespace divbench::python {
namespace {

py::array_t<float> to_numpy(std::span<const float> v) {
  py::array_t<float> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

// A named gradient buffer of the training loop, for what a Python method returns.
struct Gradient {
  const char* name;
  std::span<float> out;
};

// Adapts one instance of a Python objective class to the Objective interface (objective.hpp).
class PythonObjective final : public Objective {
 public:
  PythonObjective(std::string name, py::object self)
      : name_(std::move(name)), self_(std::move(self)) {
    sees_real_ = py::hasattr(self_, "generator_sees_real") &&
                 py::cast<bool>(self_.attr("generator_sees_real"));
    clip_ = py::hasattr(self_, "critic_weight_clip")
                ? py::cast<double>(self_.attr("critic_weight_clip"))
                : 0.0;
    for (const char* method : {"discriminator_loss", "generator_loss", "estimates"}) {
      if (!py::hasattr(self_, method)) {
        throw py::value_error(
            fmt::format("objective '{}': the class has no method {}()", name_, method));
      }
    }
    if (sees_real_ && !py::hasattr(self_, "generator_loss_with_real")) {
      throw py::value_error(
          fmt::format("objective '{}': generator_sees_real is true but the class has no method "
                      "generator_loss_with_real()",
                      name_));
    }
  }
  ~PythonObjective() override {
    py::gil_scoped_acquire gil;
    self_ = py::object();
  }
  PythonObjective(const PythonObjective&) = delete;
  PythonObjective& operator=(const PythonObjective&) = delete;

  double discriminator_loss(std::span<const float> real, std::span<const float> fake,
                            std::span<float> grad_real, std::span<float> grad_fake) const override {
    py::gil_scoped_acquire gil;
    return unpack(self_.attr("discriminator_loss")(to_numpy(real), to_numpy(fake)),
                  "discriminator_loss", {{"grad_real", grad_real}, {"grad_fake", grad_fake}});
  }
  double generator_loss(std::span<const float> fake, std::span<float> grad_fake) const override {
    py::gil_scoped_acquire gil;
    return unpack(self_.attr("generator_loss")(to_numpy(fake)), "generator_loss",
                  {{"grad_fake", grad_fake}});
  }
  bool generator_sees_real() const override { return sees_real_; }
  double generator_loss_with_real(std::span<const float> real, std::span<const float> fake,
                                  std::span<float> grad_real,
                                  std::span<float> grad_fake) const override {
    if (!sees_real_) return Objective::generator_loss_with_real(real, fake, grad_real, grad_fake);
    py::gil_scoped_acquire gil;
    return unpack(self_.attr("generator_loss_with_real")(to_numpy(real), to_numpy(fake)),
                  "generator_loss_with_real", {{"grad_real", grad_real}, {"grad_fake", grad_fake}});
  }
  std::vector<Estimate> estimates(std::span<const float> real,
                                  std::span<const float> fake) const override {
    py::gil_scoped_acquire gil;
    const py::object result = self_.attr("estimates")(to_numpy(real), to_numpy(fake));
    if (!py::isinstance<py::dict>(result)) {
      throw py::type_error(
          fmt::format("objective '{}': estimates() returned {}, expected a dict of name -> value",
                      name_, std::string(py::str(result.get_type().attr("__name__")))));
    }
    std::vector<Estimate> out;
    for (const auto& [name, value] : py::reinterpret_borrow<py::dict>(result))
      out.push_back({py::cast<std::string>(py::str(name)), py::cast<double>(value)});
    return out;
  }
  double critic_weight_clip() const override { return clip_; }

 private:
  // `result` is (loss, gradient, ...): the loss as a double, each gradient copied into its buffer
  // after checking its length.
  double unpack(const py::object& result, const char* method,
                std::initializer_list<Gradient> gradients) const {
    const std::size_t expected = gradients.size() + 1;
    if (!py::isinstance<py::tuple>(result) || py::len(result) != expected) {
      throw py::type_error(
          fmt::format("objective '{}': {}() returned {}, expected a tuple of {} "
                      "(the loss, then {})",
                      name_, method, std::string(py::repr(result)).substr(0, 80), expected,
                      fmt::join(names(gradients), ", ")));
    }
    const auto items = py::reinterpret_borrow<py::tuple>(result);
    const double loss = py::cast<double>(items[0]);
    std::size_t i = 1;
    for (const Gradient& g : gradients) {
      const auto a =
          py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(items[i++]);
      if (!a || static_cast<std::size_t>(a.size()) != g.out.size() || a.ndim() > 2) {
        throw py::value_error(fmt::format(
            "objective '{}': {}() returned {} with {} values, expected a 1-D array of {} (one per "
            "output)",
            name_, method, g.name, a ? a.size() : 0, g.out.size()));
      }
      std::copy(a.data(), a.data() + a.size(), g.out.begin());
    }
    return loss;
  }
  static std::vector<std::string> names(std::initializer_list<Gradient> gradients) {
    std::vector<std::string> out;
    for (const Gradient& g : gradients) out.emplace_back(g.name);
    return out;
  }

  std::string name_;
  py::object self_;
  bool sees_real_ = false;
  double clip_ = 0.0;
};

}  // namespace

void register_objective(const std::string& name, const std::string& summary,
                        const std::string& reference, const py::dict& defaults,
                        const py::object& cls, const std::string& provenance) {
  if (name.empty() || name.find_first_of(":,= ") != std::string::npos) {
    throw py::value_error(fmt::format(
        "objective name '{}': expected a non-empty name without ':', ',', '=' or spaces", name));
  }
  std::vector<std::pair<std::string, double>> params;
  for (const auto& [key, value] : defaults)
    params.emplace_back(py::cast<std::string>(key), py::cast<double>(value));
  std::string parameters;
  for (const auto& [key, value] : params)
    parameters += fmt::format("{}{}={}", parameters.empty() ? "" : ", ", key, value);
  // The entry owns a reference to the class; the registry lives until the process ends, so the
  // reference is never released (as a loaded plugin is never unloaded).
  auto* owned = new py::object(cls);
  ObjectiveRegistry::Entry entry{name, summary, parameters, reference,
                                 [name, params, owned](Spec& spec) -> std::unique_ptr<Objective> {
                                   std::vector<std::pair<std::string, double>> values;
                                   for (const auto& [key, fallback] : params)
                                     values.emplace_back(key, spec.get_double(key, fallback));
                                   py::gil_scoped_acquire gil;
                                   py::dict kwargs;
                                   for (const auto& [key, value] : values)
                                     kwargs[py::str(key)] = value;
                                   return std::make_unique<PythonObjective>(name,
                                                                            (*owned)(**kwargs));
                                 }};
  try {
    register_runtime_objective(std::move(entry), provenance);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
}

std::vector<std::pair<std::string, std::string>> check_objective(const std::string& spec) {
  const std::unique_ptr<Objective> objective = make_objective(spec);
  std::vector<std::pair<std::string, std::string>> out;
  for (ConformanceFailure& f : check_objective_conformance(*objective))
    out.emplace_back(std::move(f.check), std::move(f.detail));
  return out;
}

}  // namespace divbench::python
