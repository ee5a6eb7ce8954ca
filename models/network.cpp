#include "models/network.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace divbench {

Index parameter_count(Model& model) {
  Index n = 0;
  for (const auto& p : model.parameters()) n += p.size;
  return n;
}

Network::Network(std::vector<Named> layers, Init init, std::string description)
    : layers_(std::move(layers)), init_(init), description_(std::move(description)) {
  if (layers_.empty()) throw std::invalid_argument("a network needs at least one layer");
  for (std::size_t l = 0; l + 1 < layers_.size(); ++l) {
    if (layers_[l].layer->out_dim() != layers_[l + 1].layer->in_dim()) {
      throw std::invalid_argument(fmt::format(
          "network: layer {} ({}) gives {} values, layer {} ({}) takes {}", l,
          layers_[l].layer->describe(), layers_[l].layer->out_dim(), l + 1,
          layers_[l + 1].layer->describe(), layers_[l + 1].layer->in_dim()));
    }
  }
  const std::size_t n = layers_.size();
  output_.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    output_[l] = l > 0 && layers_[l].layer->in_place() && !layers_[l - 1].layer->reads_output()
                     ? output_[l - 1]
                     : l;
  }
  grad_.resize(n + 1);
  grad_[n] = n;
  for (std::size_t l = n; l-- > 0;) {
    grad_[l] = layers_[l].layer->in_place_backward() ? grad_[l + 1] : l;
  }
  outputs_.resize(n);
  outputs_dot_.resize(n);
  grads_.resize(n + 1);
  grads_dot_.resize(n + 1);
}

void Network::initialise(Rng& rng) {
  std::size_t last_linear = layers_.size();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    if (layers_[l].name.rfind("layer", 0) == 0) last_linear = l;
  }
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const bool output = output_init_ && l == last_linear;
    layers_[l].layer->initialise(rng, output ? *output_init_ : init_);
  }
}

ConstMatrixView Network::acts(std::size_t l) const {
  if (l == 0) return {input_, batch_, input_dim()};
  return top_rows(outputs_[output_[l - 1]], batch_);
}

ConstMatrixView Network::acts_dot(std::size_t l) const {
  if (l == 0) return {input_dot_, batch_, input_dim()};
  return top_rows(outputs_dot_[l - 1], batch_);
}

ConstMatrixView Network::forward(ConstMatrixView input) {
  if (input.cols() != input_dim()) {
    throw std::invalid_argument(
        fmt::format("network input has {} columns, expected {}", input.cols(), input_dim()));
  }
  batch_ = input.rows();
  input_ = input.data();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Layer& layer = *layers_[l].layer;
    ensure_capacity(outputs_[output_[l]], batch_, layer.out_dim());
    layer.forward(acts(l), top_rows(outputs_[output_[l]], batch_), phase_);  // (batch, out_dim(l))
  }
  return acts(layers_.size());
}

ConstMatrixView Network::backward(ConstMatrixView grad_output, Wanted wanted) {
  if (grad_output.rows() != batch_ || grad_output.cols() != output_dim()) {
    throw std::invalid_argument(
        fmt::format("network backward: gradient is {}x{}, the last forward produced {}x{}",
                    grad_output.rows(), grad_output.cols(), batch_, output_dim()));
  }
  const std::size_t depth = layers_.size();
  ensure_capacity(grads_[depth], batch_, output_dim());
  top_rows(grads_[depth], batch_) = grad_output;
  for (std::size_t l = depth; l-- > 0;) {
    Layer& layer = *layers_[l].layer;
    const ConstMatrixView dy = top_rows(std::as_const(grads_[grad_[l + 1]]), batch_);
    if (l > 0 || wanted.input) {
      ensure_capacity(grads_[grad_[l]], batch_, layer.in_dim());
      MatrixView dx = top_rows(grads_[grad_[l]], batch_);  // (batch, in_dim(l))
      layer.backward(acts(l), acts(l + 1), dy, &dx, wanted.parameters);
    } else {
      layer.backward(acts(l), acts(l + 1), dy, nullptr, wanted.parameters);
    }
  }
  if (!wanted.input) return {nullptr, 0, input_dim()};
  return top_rows(std::as_const(grads_[grad_[0]]), batch_);
}

ConstMatrixView Network::forward_tangent(ConstMatrixView input_tangent) {
  if (input_tangent.rows() == 0) {
    ensure_capacity(zero_input_dot_, batch_, input_dim());
    top_rows(zero_input_dot_, batch_).setZero();
    input_dot_ = zero_input_dot_.data();
  } else if (input_tangent.rows() != batch_ || input_tangent.cols() != input_dim()) {
    throw std::invalid_argument(
        fmt::format("network forward tangent: input tangent is {}x{}, the last forward had {}x{}",
                    input_tangent.rows(), input_tangent.cols(), batch_, input_dim()));
  } else {
    input_dot_ = input_tangent.data();
  }
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Layer& layer = *layers_[l].layer;
    ensure_capacity(outputs_dot_[l], batch_, layer.out_dim());
    layer.forward_tangent(acts(l), acts(l + 1), acts_dot(l), top_rows(outputs_dot_[l], batch_));
  }
  return acts_dot(layers_.size());
}

ConstMatrixView Network::backward_tangent(ConstMatrixView grad_output_tangent, Wanted wanted) {
  if (grad_output_tangent.rows() != batch_ || grad_output_tangent.cols() != output_dim()) {
    throw std::invalid_argument(fmt::format(
        "network backward tangent: gradient tangent is {}x{}, the last forward produced {}x{}",
        grad_output_tangent.rows(), grad_output_tangent.cols(), batch_, output_dim()));
  }
  const std::size_t depth = layers_.size();
  ensure_capacity(grads_dot_[depth], batch_, output_dim());
  top_rows(grads_dot_[depth], batch_) = grad_output_tangent;
  for (std::size_t l = depth; l-- > 0;) {
    Layer& layer = *layers_[l].layer;
    // dy as the last backward left it: for a layer after an in-place backward it holds that
    // layer's dx, which is why in-place backward is only for layers that never read dy here.
    const ConstMatrixView dy = top_rows(std::as_const(grads_[grad_[l + 1]]), batch_);
    const ConstMatrixView dy_dot = top_rows(std::as_const(grads_dot_[l + 1]), batch_);
    if (l > 0 || wanted.input) {
      ensure_capacity(grads_dot_[l], batch_, layer.in_dim());
      MatrixView dx_dot = top_rows(grads_dot_[l], batch_);
      layer.backward_tangent(acts(l), acts_dot(l), acts(l + 1), acts_dot(l + 1), dy, dy_dot,
                             &dx_dot, wanted.parameters);
    } else {
      layer.backward_tangent(acts(l), acts_dot(l), acts(l + 1), acts_dot(l + 1), dy, dy_dot,
                             nullptr, wanted.parameters);
    }
  }
  if (!wanted.input) return {nullptr, 0, input_dim()};
  return top_rows(std::as_const(grads_dot_[0]), batch_);
}

std::string Network::layers_text() const {
  std::string out;
  for (const auto& named : layers_) {
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", named.name, named.layer->describe());
  }
  return out;
}

void Network::zero_parameter_tangents() {
  // The list is rebuilt into a kept buffer: penalties call this every step, which allocates nothing.
  tangent_list_.clear();
  for (auto& named : layers_) named.layer->parameters(tangent_list_, named.name);
  for (const ParameterRef& p : tangent_list_) std::fill_n(p.tangent, p.size, 0.0F);
}

std::vector<ParameterRef> Network::parameters() {
  std::vector<ParameterRef> out;
  for (auto& named : layers_) named.layer->parameters(out, named.name);
  return out;
}

std::vector<BufferRef> Network::buffers() {
  std::vector<BufferRef> out;
  for (auto& named : layers_) named.layer->buffers(out, named.name);
  return out;
}

}  // namespace divbench
