#pragma once
// Small pieces a training step is made of, shared by the trainer's files (harness/trainer.cpp,
// harness/trainer_unrolled.cpp): spans over output columns, fault messages, buffer copies.
#include <span>
#include <string>
#include <vector>

#include "common/tensor.hpp"
#include "models/layer.hpp"

namespace divbench {

inline std::span<const float> span_of(ConstMatrixView m, Index offset, Index n) {
  return {m.data() + offset, static_cast<std::size_t>(n)};
}

inline std::span<float> span_of(Matrix& m, Index offset, Index n) {
  return {m.data() + offset, static_cast<std::size_t>(n)};
}

// The first objective gradient dL/dv that is not finite in float, as a fault message; empty when
// all are finite. The first `real_rows` entries belong to real samples, the rest to generated ones.
std::string gradient_fault(std::span<const float> grad, std::span<const float> outputs,
                           const char* loss, std::size_t real_rows);

// Copies of a network's buffers (allocation-free once `to` has their sizes).
void save_buffers(const std::vector<BufferRef>& buffers, std::vector<std::vector<float>>& to);
void restore_buffers(const std::vector<BufferRef>& buffers,
                     const std::vector<std::vector<float>>& from);

// Copies of a network's parameter values or gradients (allocation-free once `to` has their sizes).
void copy_parameter_values(const std::vector<ParameterRef>& params,
                           std::vector<std::vector<float>>& to);
void copy_parameter_grads(const std::vector<ParameterRef>& params,
                          std::vector<std::vector<float>>& to);

// "<network> update: <fault>", or empty when the optimiser reported none.
std::string optimizer_fault(const char* fault, const char* network);

}  // namespace divbench
