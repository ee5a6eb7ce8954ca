// The unrolled schedule's gradient (harness/unrolled_schedule.hpp): Metz, Poole, Pfau,
// Sohl-Dickstein, Unrolled Generative Adversarial Networks, ICLR 2017, eq. 12.
//
// G minimises L_G(θ_G, θ^k) where θ^0 is D's parameters and θ^(j+1) = P(θ^j - u(g_j, s_j)): the
// run's D optimiser (u, with carried state s: Adam's moments, SGD's momentum) applied to
// g_j = ∇_θ L_D(θ^j; x_fake(θ_G)) (+ the regulariser's gradient), then the regulariser's projection
// P (weight clipping). All k updates use one real and one generated batch, as the authors'
// notebook does. Reverse mode over the k updates, with θ̄ = ∂L_G/∂θ^k, x̄ = ∂L_G/∂x_fake at θ^k:
//   for j = k-1 .. 0:  θ̄ <- P'(θ^(j+1)) θ̄;  (ḡ, s̄) <- the optimiser's adjoint (Optimizer::step_adjoint);
//                      θ̄ <- θ̄ + H_θθ ḡ;  x̄ <- x̄ + H_xθ ḡ,
// where H is the Hessian of D's loss on the batch, applied by forward-over-reverse through D
// (θ̇ = ḡ, ẋ = 0) with the objective's ∇²_V L_D (Objective::discriminator_loss_tangent). Then x̄
// goes back through G. The regulariser's own curvature is left out (harness/unrolled_schedule.hpp).
#include <algorithm>

#include "harness/step_support.hpp"
#include "harness/trainer.hpp"

namespace divbench {

namespace {

void add_into(Optimizer::Adjoint& to, const std::vector<ParameterRef>& params, bool grad_tangent) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const float* from = grad_tangent ? params[i].grad_tangent : params[i].grad;
    for (Index e = 0; e < params[i].size; ++e) to[i][e] += from[e];
  }
}

}  // namespace

bool Trainer::unrolled_gradient(long long k, StepLosses& losses) {
  const Index b = config_.batch_size;
  if (tape_ == nullptr) tape_ = std::make_unique<UnrolledTape>();
  UnrolledTape& t = *tape_;
  const auto steps = static_cast<std::size_t>(k);
  t.params.resize(steps);
  t.buffers.resize(steps);
  t.grads.resize(steps);
  t.states.resize(steps);

  draw_real(data_rng_, b);
  draw_generated(noise_rng_, b);  // G's forward stays valid for the backward at the end
  StepLosses kept;
  long long kept_updates = 0;
  for (std::size_t j = 0; j < steps; ++j) {
    copy_parameter_values(d_parameters_, t.params[j]);
    save_buffers(d_buffers_, t.buffers[j]);
    t.states[j] = d_optimizer_->state();
    if (!update_discriminator_from_input(losses, false)) {
      if (j > 0) {  // as lookahead does: D keeps its first update, the fault is reported
        restore_discriminator();
        d_updates_ = kept_updates;
      }
      return false;
    }
    copy_parameter_grads(d_parameters_, t.grads[j]);  // g_j: the optimiser does not change it
    if (j == 0) {  // D's own update: what D keeps
      keep_discriminator();
      kept = losses;
      kept_updates = d_updates_;
    }
  }
  copy_parameter_values(d_parameters_, t.last);

  bool ok = unrolled_direct_term(losses);
  for (std::size_t j = steps; ok && j-- > 0;) {
    const std::vector<std::vector<float>>& after = j + 1 < steps ? t.params[j + 1] : t.last;
    if (objective_clip_ != nullptr) objective_clip_->project_adjoint(after, t.theta_bar);
    regulariser_->project_adjoint(after, t.theta_bar);
    if (j + 1 == steps) t.state_bar.clear();  // s̄' = 0 after the last update
    d_optimizer_->step_adjoint(t.states[j], t.grads[j], t.theta_bar, t.state_bar, t.grad_bar);
    for (std::size_t i = 0; i < d_parameters_.size(); ++i) {
      const ParameterRef& p = d_parameters_[i];
      std::copy(t.params[j][i].begin(), t.params[j][i].end(), p.value);
      for (Index e = 0; e < p.size; ++e) p.tangent[e] = static_cast<float>(t.grad_bar[i][e]);
    }
    restore_buffers(d_buffers_, t.buffers[j]);
    unrolled_hessian_term();
  }
  discriminator_->zero_parameter_tangents();
  restore_discriminator();
  d_updates_ = kept_updates;
  if (!ok) return false;
  generator_backward(ConstMatrixView(t.x_bar.data(), b, d_in_));
  losses.d_loss = kept.d_loss;
  losses.penalty = kept.penalty;
  return true;
}

bool Trainer::unrolled_direct_term(StepLosses& losses) {
  const Index b = config_.batch_size;
  UnrolledTape& t = *tape_;
  ensure_capacity(t.x_bar, b, d_in_);
  MatrixView x_bar = top_rows(t.x_bar, b);
  const ConstMatrixView real(d_input_.data(), b, d_in_);
  const Wanted both{.parameters = true, .input = true};
  t.theta_bar.resize(d_parameters_.size());
  for (std::size_t i = 0; i < d_parameters_.size(); ++i)
    t.theta_bar[i].assign(static_cast<std::size_t>(d_parameters_[i].size), 0.0);

  if (!generator_loss_at_outputs(losses)) return false;
  if (!sees_real_) {
    x_bar = discriminator_->backward(top_rows(std::as_const(g_grad_), b), both);
    add_into(t.theta_bar, d_parameters_, false);
    return true;
  }
  if (!separate_batches_) {
    const ConstMatrixView dx = discriminator_->backward(top_rows(std::as_const(g_grad_), 2 * b), both);
    x_bar = ConstMatrixView(dx.data() + b * d_in_, b, d_in_);
    add_into(t.theta_bar, d_parameters_, false);
    return true;
  }
  // Two forwards (discriminator_outputs kept the state before them): the generated batch's
  // backward first, then the real batch's forward again from that state, as discriminator_backward.
  x_bar = discriminator_->backward(ConstMatrixView(g_grad_.data() + b, b, 1), both);
  add_into(t.theta_bar, d_parameters_, false);
  save_buffers(d_buffers_, d_state_after_);
  restore_buffers(d_buffers_, d_state_before_);
  discriminator_->forward(real);
  discriminator_->backward(top_rows(std::as_const(g_grad_), b), {.parameters = true, .input = false});
  add_into(t.theta_bar, d_parameters_, false);
  restore_buffers(d_buffers_, d_state_after_);
  return true;
}

void Trainer::unrolled_hessian_term() {
  const Index b = config_.batch_size;
  UnrolledTape& t = *tape_;
  ensure_capacity(t.outputs, 2 * b, 1);
  ensure_capacity(t.outputs_dot, 2 * b, 1);
  ensure_capacity(t.grad_dot, 2 * b, 1);
  const ConstMatrixView real(d_input_.data(), b, d_in_);
  const ConstMatrixView fake(d_input_.data() + b * d_in_, b, d_in_);
  const ConstMatrixView no_tangent(nullptr, 0, d_in_);  // ẋ = 0
  const Wanted both{.parameters = true, .input = true};
  // The backward pass here only feeds backward_tangent, which reads the backward signal dy of
  // every layer, never the parameter gradient (g_j is on the tape): its products xᵀ dy are left
  // out, 8 % of the unrolled step's FLOPs at k = 5 (bench/step_bound.cpp).
  const Wanted signal{.parameters = false, .input = true};
  const auto losses_and_tangents = [&] {
    const ConstMatrixView v = top_rows(std::as_const(t.outputs), 2 * b);
    const ConstMatrixView v_dot = top_rows(std::as_const(t.outputs_dot), 2 * b);
    objective_->discriminator_loss(span_of(v, 0, b), span_of(v, b, b), span_of(d_grad_, 0, b),
                                   span_of(d_grad_, b, b));
    objective_->discriminator_loss_tangent(span_of(v, 0, b), span_of(v, b, b), span_of(v_dot, 0, b),
                                           span_of(v_dot, b, b), span_of(t.grad_dot, 0, b),
                                           span_of(t.grad_dot, b, b));
  };
  MatrixView x_bar = top_rows(t.x_bar, b);

  if (!separate_batches_) {
    top_rows(t.outputs, 2 * b) = discriminator_->forward(top_rows(std::as_const(d_input_), 2 * b));
    top_rows(t.outputs_dot, 2 * b) = discriminator_->forward_tangent(no_tangent);
    losses_and_tangents();
    discriminator_->backward(top_rows(std::as_const(d_grad_), 2 * b), signal);
    const ConstMatrixView dx_dot =
        discriminator_->backward_tangent(top_rows(std::as_const(t.grad_dot), 2 * b), both);
    x_bar += ConstMatrixView(dx_dot.data() + b * d_in_, b, d_in_);
    add_into(t.theta_bar, d_parameters_, true);
    return;
  }
  // Separate batches: both forwards and their tangents first (the objective's second derivative
  // may couple real and generated outputs), then each batch's backward passes from the state its
  // forward ran in, the generated batch's (the last forward) first.
  save_buffers(d_buffers_, d_state_before_);
  top_rows(t.outputs, b) = discriminator_->forward(real);
  top_rows(t.outputs_dot, b) = discriminator_->forward_tangent(no_tangent);
  MatrixView(t.outputs.data() + b, b, 1) = discriminator_->forward(fake);
  MatrixView(t.outputs_dot.data() + b, b, 1) = discriminator_->forward_tangent(no_tangent);
  save_buffers(d_buffers_, d_state_after_);
  losses_and_tangents();
  discriminator_->backward(ConstMatrixView(d_grad_.data() + b, b, 1), signal);
  x_bar += discriminator_->backward_tangent(ConstMatrixView(t.grad_dot.data() + b, b, 1), both);
  add_into(t.theta_bar, d_parameters_, true);
  restore_buffers(d_buffers_, d_state_before_);
  discriminator_->forward(real);
  discriminator_->forward_tangent(no_tangent);
  discriminator_->backward(top_rows(std::as_const(d_grad_), b), signal);
  discriminator_->backward_tangent(top_rows(std::as_const(t.grad_dot), b),
                                   {.parameters = true, .input = false});
  add_into(t.theta_bar, d_parameters_, true);
  restore_buffers(d_buffers_, d_state_after_);
}

}  // namespace divbench
