#include "models/mlp.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace divbench {

Mlp::Mlp(std::vector<Index> widths, Activation hidden, Activation output)
    : widths_(std::move(widths)), hidden_(hidden), output_(output) {
  if (widths_.size() < 2) throw std::invalid_argument("an MLP needs at least {in, out} widths");
  for (const Index w : widths_) {
    if (w <= 0) throw std::invalid_argument(fmt::format("MLP widths must be > 0, found {}", w));
  }
  for (std::size_t l = 0; l + 1 < widths_.size(); ++l) {
    layers_.emplace_back(widths_[l], widths_[l + 1]);
  }
  outputs_.resize(layers_.size());
  grads_.resize(widths_.size());
}

void Mlp::initialise(Rng& rng) {
  for (auto& layer : layers_) layer.initialise(rng);
}

ConstMatrixView Mlp::forward(ConstMatrixView input) {
  if (input.cols() != input_dim()) {
    throw std::invalid_argument(
        fmt::format("MLP input has {} columns, expected {}", input.cols(), input_dim()));
  }
  batch_ = input.rows();
  input_ = input.data();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const ConstMatrixView x = l == 0 ? input : top_rows(std::as_const(outputs_[l - 1]), batch_);
    ensure_capacity(outputs_[l], batch_, widths_[l + 1]);
    MatrixView y = top_rows(outputs_[l], batch_);  // (batch, widths_[l+1])
    layers_[l].forward(x, y);
    activation_of(l).forward(y);
  }
  return top_rows(std::as_const(outputs_.back()), batch_);
}

ConstMatrixView Mlp::backward(ConstMatrixView grad_output, Wanted wanted) {
  if (grad_output.rows() != batch_ || grad_output.cols() != output_dim()) {
    throw std::invalid_argument(
        fmt::format("MLP backward: gradient is {}x{}, the last forward produced {}x{}",
                    grad_output.rows(), grad_output.cols(), batch_, output_dim()));
  }
  const std::size_t depth = layers_.size();
  ensure_capacity(grads_[depth], batch_, output_dim());
  top_rows(grads_[depth], batch_) = grad_output;
  for (std::size_t l = depth; l-- > 0;) {
    MatrixView g = top_rows(grads_[l + 1], batch_);  // (batch, widths_[l+1]), dL/d(output)
    activation_of(l).backward(top_rows(std::as_const(outputs_[l]), batch_), g);  // -> d(pre-act)
    const ConstMatrixView x = l == 0 ? ConstMatrixView(input_, batch_, widths_[0])
                                     : top_rows(std::as_const(outputs_[l - 1]), batch_);
    if (l > 0 || wanted.input) {
      ensure_capacity(grads_[l], batch_, widths_[l]);
      MatrixView dx = top_rows(grads_[l], batch_);  // (batch, widths_[l])
      layers_[l].backward(x, view(g), &dx, wanted.parameters);
    } else {
      layers_[l].backward(x, view(g), nullptr, wanted.parameters);
    }
  }
  if (!wanted.input) return {nullptr, 0, input_dim()};
  return top_rows(std::as_const(grads_[0]), batch_);
}

std::vector<ParameterRef> Mlp::parameters() {
  std::vector<ParameterRef> out;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    layers_[l].append_parameters(out, fmt::format("layer{}", l));
  }
  return out;
}

std::string Mlp::describe() const {
  return fmt::format("MLP {} hidden={} output={}", fmt::join(widths_, "-"), hidden_.name(),
                     output_.name());
}

}  // namespace divbench
