#pragma once
// Gradient checks: a model's float32 backward pass against central differences of an independent
// double-precision re-implementation of its forward pass (the llm.c way: the reference shares no
// code with the model). In double, h = 1e-6 gives differences accurate to ~1e-9, and a ReLU kink is
// only crossed if a pre-activation lies within ~1e-6 of zero. The analytic float gradients carry
// float32 rounding (~1e-6 relative), hence the tolerance |fd - analytic| <= 1e-4 + 1e-3 |analytic|.
// The reference is itself checked against the model's forward first, so it cannot drift.
#include <cmath>
#include <functional>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "models/model.hpp"

namespace divbench::testing {

using Params = std::vector<Eigen::VectorXd>;  // one flat vector per ParameterRef, same layout
using ReferenceForward = std::function<Eigen::MatrixXd(const Params&, const Eigen::MatrixXd&)>;

// rows x cols standard normals from `rng`, times `scale`.
inline Matrix random_matrix(Index rows, Index cols, Rng& rng, float scale = 1.0F) {
  Matrix m(rows, cols);
  rng.fill_normal(m.data(), m.size());
  m *= scale;
  return m;
}

inline bool close(double fd, double analytic) {
  return std::abs(fd - analytic) <= 1e-4 + 1e-3 * std::abs(analytic);
}

// Loss L = sum(weights ⊙ f(params, x)): its gradient w.r.t. the output is `weights`.
inline void check_model_gradients(Model& model, const Matrix& input, const Matrix& weights,
                                  const ReferenceForward& reference) {
  const auto refs = model.parameters();
  Params params;
  for (const auto& p : refs) {
    params.emplace_back(Eigen::Map<const Eigen::VectorXf>(p.value, p.size).cast<double>());
  }
  Eigen::MatrixXd x = input.cast<double>();
  const Eigen::MatrixXd w = weights.cast<double>();

  const Matrix y = model.forward(view(input));
  const Eigen::MatrixXd y_ref = reference(params, x);
  REQUIRE(y_ref.rows() == y.rows());
  REQUIRE(y_ref.cols() == y.cols());
  CHECK((y.cast<double>() - y_ref).cwiseAbs().maxCoeff() <
        1e-4 * (1.0 + y_ref.cwiseAbs().maxCoeff()));

  const Matrix dx = model.backward(view(weights), {.parameters = true, .input = true});
  const auto loss = [&] { return (reference(params, x).array() * w.array()).sum(); };
  const double h = 1e-6;
  for (std::size_t k = 0; k < refs.size(); ++k) {
    for (Index i = 0; i < refs[k].size; ++i) {
      const double saved = params[k](i);
      params[k](i) = saved + h;
      const double plus = loss();
      params[k](i) = saved - h;
      const double minus = loss();
      params[k](i) = saved;
      const double fd = (plus - minus) / (2 * h);
      INFO(fmt::format("{}[{}]: finite difference {} vs analytic {}", refs[k].name, i, fd,
                       refs[k].grad[i]));
      CHECK(close(fd, refs[k].grad[i]));
    }
  }
  for (Index i = 0; i < x.size(); ++i) {
    const Index r = i / x.cols();
    const Index c = i % x.cols();
    const double saved = x(r, c);
    x(r, c) = saved + h;
    const double plus = loss();
    x(r, c) = saved - h;
    const double minus = loss();
    x(r, c) = saved;
    const double fd = (plus - minus) / (2 * h);
    INFO(fmt::format("input({}, {}): finite difference {} vs analytic {}", r, c, fd, dx(r, c)));
    CHECK(close(fd, dx(r, c)));
  }
}

}  // namespace divbench::testing
