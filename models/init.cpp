#include "models/init.hpp"

#include <cmath>
#include <stdexcept>

#include <Eigen/QR>
#include <fmt/format.h>

#include "common/spec.hpp"

namespace divbench {
namespace {

// An (in, out) matrix with orthonormal columns (in >= out) or rows (in < out), times `gain`, as
// torch.nn.init.orthogonal_ makes it for the (out, in) weight PyTorch stores (ours is its
// transpose): QR of a normal matrix with the larger dimension first, Q's columns multiplied by
// the signs of diag(R) so that Q is uniformly (Haar) distributed.
void orthogonal(Rng& rng, Matrix& weight, double gain) {
  const Index rows = std::max(weight.rows(), weight.cols());
  const Index cols = std::min(weight.rows(), weight.cols());
  Eigen::MatrixXd a(rows, cols);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = rng.normal();
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(rows, cols);
  const Eigen::MatrixXd r = qr.matrixQR().topRows(cols).triangularView<Eigen::Upper>();
  for (Index j = 0; j < cols; ++j) {
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  }
  q *= gain;
  if (weight.rows() >= weight.cols()) {
    weight = q.cast<float>();
  } else {
    weight = q.transpose().cast<float>();
  }
}

}  // namespace

Init Init::parse(std::string_view text) {
  Spec spec = Spec::parse(text);
  Init init;
  if (spec.name() == "pytorch") {
    init.kind = InitKind::kPytorch;
  } else if (spec.name() == "normal") {
    init.kind = InitKind::kNormal;
    init.scale = spec.get_double("std", 0.02);
    if (!(init.scale > 0.0)) {
      throw std::invalid_argument(fmt::format("init normal: std must be > 0, found {}", init.scale));
    }
  } else if (spec.name() == "orthogonal") {
    init.kind = InitKind::kOrthogonal;
    init.scale = spec.get_double("gain", 1.0);
    if (!(init.scale > 0.0)) {
      throw std::invalid_argument(
          fmt::format("init orthogonal: gain must be > 0, found {}", init.scale));
    }
  } else if (spec.name() == "glorot-uniform") {
    init.kind = InitKind::kGlorotUniform;
  } else if (spec.name() == "he-uniform") {
    init.kind = InitKind::kHeUniform;
  } else {
    throw std::invalid_argument(fmt::format("unknown initialisation '{}': expected one of {}",
                                            spec.name(), known_names()));
  }
  spec.check_consumed("initialisation");
  return init;
}

const char* Init::known_names() {
  return "pytorch, normal:std=S, orthogonal:gain=G, glorot-uniform, he-uniform";
}

std::string Init::text() const {
  switch (kind) {
    case InitKind::kPytorch:
      return "pytorch";
    case InitKind::kNormal:
      return fmt::format("normal:std={}", scale);
    case InitKind::kOrthogonal:
      return fmt::format("orthogonal:gain={}", scale);
    case InitKind::kGlorotUniform:
      return "glorot-uniform";
    case InitKind::kHeUniform:
      return "he-uniform";
  }
  return "?";
}

void Init::initialise_linear(Rng& rng, Matrix& weight, Matrix* bias) const {
  const auto in = static_cast<double>(weight.rows());
  const auto out = static_cast<double>(weight.cols());
  switch (kind) {
    case InitKind::kPytorch: {
      const auto bound = static_cast<float>(1.0 / std::sqrt(in));
      rng.fill_uniform(weight.data(), weight.size(), -bound, bound);
      if (bias != nullptr) rng.fill_uniform(bias->data(), bias->size(), -bound, bound);
      return;
    }
    case InitKind::kNormal:
      rng.fill_normal(weight.data(), weight.size());
      weight *= static_cast<float>(scale);
      break;
    case InitKind::kOrthogonal:
      orthogonal(rng, weight, scale);
      break;
    case InitKind::kGlorotUniform: {
      const auto bound = static_cast<float>(std::sqrt(6.0 / (in + out)));
      rng.fill_uniform(weight.data(), weight.size(), -bound, bound);
      break;
    }
    case InitKind::kHeUniform: {
      const auto bound = static_cast<float>(std::sqrt(6.0 / in));
      rng.fill_uniform(weight.data(), weight.size(), -bound, bound);
      break;
    }
  }
  if (bias != nullptr) bias->setZero();
}

}  // namespace divbench
