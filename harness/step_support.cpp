#include "harness/step_support.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace divbench {

std::string gradient_fault(std::span<const float> grad, std::span<const float> outputs,
                           const char* loss, std::size_t real_rows) {
  for (std::size_t i = 0; i < grad.size(); ++i) {
    if (!std::isfinite(grad[i])) {
      const bool real = i < real_rows;
      return fmt::format("the {} loss's gradient on {} sample {} is {} in float (D output {})",
                         loss, real ? "real" : "generated", real ? i : i - real_rows, grad[i],
                         outputs[i]);
    }
  }
  return {};
}

void save_buffers(const std::vector<BufferRef>& buffers, std::vector<std::vector<float>>& to) {
  to.resize(buffers.size());
  for (std::size_t i = 0; i < buffers.size(); ++i)
    to[i].assign(buffers[i].value, buffers[i].value + buffers[i].size);
}

void copy_parameter_values(const std::vector<ParameterRef>& params,
                           std::vector<std::vector<float>>& to) {
  to.resize(params.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    to[i].assign(params[i].value, params[i].value + params[i].size);
}

void copy_parameter_grads(const std::vector<ParameterRef>& params,
                          std::vector<std::vector<float>>& to) {
  to.resize(params.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    to[i].assign(params[i].grad, params[i].grad + params[i].size);
}

void restore_buffers(const std::vector<BufferRef>& buffers,
                     const std::vector<std::vector<float>>& from) {
  for (std::size_t i = 0; i < buffers.size(); ++i)
    std::copy(from[i].begin(), from[i].end(), buffers[i].value);
}

std::string optimizer_fault(const char* fault, const char* network) {
  return fault == nullptr ? std::string() : fmt::format("{} update: {}", network, fault);
}

}  // namespace divbench
