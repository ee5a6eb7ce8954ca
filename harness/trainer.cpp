#include "harness/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "datasets/dataset_registry.hpp"
#include "harness/memory_estimate.hpp"
#include "harness/networks.hpp"
#include "models/network.hpp"
#include "objectives/objective_registry.hpp"

namespace divbench {
namespace {

std::span<const float> span_of(ConstMatrixView m, Index offset, Index n) {
  return {m.data() + offset, static_cast<std::size_t>(n)};
}

std::span<float> span_of(Matrix& m, Index offset, Index n) {
  return {m.data() + offset, static_cast<std::size_t>(n)};
}

// The first objective gradient dL/dv that is not finite in float, as a fault message; empty when
// all are finite. The first `real_rows` entries belong to real samples, the rest to generated ones.
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

// Copies of a network's buffers (allocation-free once `to` has their sizes).
void save_buffers(const std::vector<BufferRef>& buffers, std::vector<std::vector<float>>& to) {
  to.resize(buffers.size());
  for (std::size_t i = 0; i < buffers.size(); ++i)
    to[i].assign(buffers[i].value, buffers[i].value + buffers[i].size);
}

void restore_buffers(const std::vector<BufferRef>& buffers,
                     const std::vector<std::vector<float>>& from) {
  for (std::size_t i = 0; i < buffers.size(); ++i)
    std::copy(from[i].begin(), from[i].end(), buffers[i].value);
}

// Both networks in evaluation (running statistics, no state advanced) for its lifetime.
class EvaluationPhase {
 public:
  EvaluationPhase(Model& g, Model& d) : g_(g), d_(d) {
    g_.set_phase(Phase::kEval);
    d_.set_phase(Phase::kEval);
  }
  ~EvaluationPhase() {
    g_.set_phase(Phase::kTrain);
    d_.set_phase(Phase::kTrain);
  }
  EvaluationPhase(const EvaluationPhase&) = delete;
  EvaluationPhase& operator=(const EvaluationPhase&) = delete;

 private:
  Model& g_;
  Model& d_;
};

std::string optimizer_fault(const char* fault, const char* network) {
  return fault == nullptr ? std::string() : fmt::format("{} update: {}", network, fault);
}

NetworkState network_state(Model& model) {
  NetworkState state;
  for (const ParameterRef& p : model.parameters())
    state.parameters.emplace_back(p.name, std::vector<float>(p.value, p.value + p.size));
  for (const BufferRef& b : model.buffers())
    state.buffers.emplace_back(b.name, std::vector<float>(b.value, b.value + b.size));
  return state;
}

// Copies each named tensor of `state` into the tensor of the same name; every tensor of the model
// must be there with its size, and nothing else.
template <class Ref>
void restore_tensors(const std::vector<Ref>& refs,
                     const std::vector<std::pair<std::string, std::vector<float>>>& stored,
                     const char* which, const char* kind) {
  if (stored.size() != refs.size()) {
    throw std::invalid_argument(fmt::format("checkpoint: the {} has {} {}s, found {}", which,
                                            refs.size(), kind, stored.size()));
  }
  for (const Ref& r : refs) {
    const auto it = std::find_if(stored.begin(), stored.end(),
                                 [&](const auto& named) { return named.first == r.name; });
    if (it == stored.end()) {
      throw std::invalid_argument(
          fmt::format("checkpoint: the {}'s {} '{}' is missing", which, kind, r.name));
    }
    if (static_cast<Index>(it->second.size()) != r.size) {
      throw std::invalid_argument(fmt::format("checkpoint: {} {} '{}' has {} values, found {}",
                                              which, kind, r.name, r.size, it->second.size()));
    }
    std::copy(it->second.begin(), it->second.end(), r.value);
  }
}

void restore_network(Model& model, const NetworkState& state, const char* which) {
  restore_tensors(model.parameters(), state.parameters, which, "parameter");
  restore_tensors(model.buffers(), state.buffers, which, "buffer");
}

}  // namespace

Trainer::Trainer(const TrainConfig& config)
    : config_(config),
      data_rng_(static_cast<std::uint64_t>(config.seed), "data"),
      noise_rng_(static_cast<std::uint64_t>(config.seed), "noise") {
  validate(config_);
  // Specs are recorded resolved, defaults included ("fkl" -> "fkl:clamp=10").
  dataset_ = with_option("dataset", [&] {
    auto made = dataset_registry().make(config_.dataset, &config_.dataset);
    made->describe();  // reads a real-data dataset's files now (datasets/deferred_dataset.hpp)
    return made;
  });
  objective_ = with_option("objective",
                           [&] { return make_objective(config_.objective, &config_.objective); });
  d_weight_clip_ = static_cast<float>(objective_->critic_weight_clip());
  const Index dim = dataset_->dim();
  // Before any network or buffer exists: a configuration that cannot fit is refused here.
  check_memory(config_, dim, available_memory_bytes());
  if (config_.generator == "affine") config_.latent_dim = dim;
  generator_ = make_generator(config_, dim, &generator_spec_);
  discriminator_ = make_discriminator(config_, dim, &discriminator_spec_);
  generator_->set_phase(Phase::kTrain);
  discriminator_->set_phase(Phase::kTrain);

  // Separate streams per network: changing the discriminator's shape never changes the
  // generator's initial weights.
  Rng g_init(static_cast<std::uint64_t>(config_.seed), "init.generator");
  Rng d_init(static_cast<std::uint64_t>(config_.seed), "init.discriminator");
  generator_->initialise(g_init);
  discriminator_->initialise(d_init);

  OptimizerSettings settings{config_.optimizer, config_.g_lr,     config_.beta1,
                             config_.beta2,     config_.adam_eps, config_.momentum};
  g_optimizer_ =
      with_option("optimizer", [&] { return make_optimizer(settings, generator_->parameters()); });
  settings.lr = config_.d_lr;
  d_optimizer_ = with_option(
      "optimizer", [&] { return make_optimizer(settings, discriminator_->parameters()); });

  d_parameters_ = discriminator_->parameters();

  const Index b = config_.batch_size;
  d_input_.resize(2 * b, dim);
  latent_.resize(b, config_.latent_dim);
  d_grad_.resize(2 * b, 1);
  separate_batches_ = config_.d_batch == "separate";
  if (separate_batches_) {
    for (const ParameterRef& p : d_parameters_) d_grad_sum_.emplace_back(p.size);
    d_buffers_ = discriminator_->buffers();
    save_buffers(d_buffers_, d_state_before_);  // sized once here
    d_state_after_ = d_state_before_;
  }
}

std::string Trainer::network_description() const {
  const auto layers = [](const Model& m) {
    const auto* net = dynamic_cast<const Network*>(&m);
    return net == nullptr ? m.describe() : fmt::format("{} [{}]", m.describe(), net->layers_text());
  };
  return fmt::format(
      "generator: {}, {}\ndiscriminator: {}, {}\nthe discriminator sees real and generated "
      "samples in {}; training uses batch statistics and advances BatchNorm's running statistics "
      "and spectral norm's power iteration; evaluation (samples, metrics, the objective's "
      "estimates) uses the running statistics and advances nothing",
      generator_spec_, layers(*generator_), discriminator_spec_, layers(*discriminator_),
      separate_batches_ ? "two forwards (separate)" : "one forward (joint)");
}

void Trainer::discriminator_backward() {
  const Index b = config_.batch_size;
  if (!separate_batches_) {
    discriminator_->backward(view(d_grad_), {.parameters = true, .input = false});
    return;
  }
  // The generated batch was the last forward: its backward first. Then the real batch's forward
  // again from the state it first ran in (the same batch statistics, the same spectral-norm
  // vectors), its backward, and the state the two forwards left: each sample's gradient is then
  // exactly that of the forward its loss came from, as autograd gives for two calls of D.
  discriminator_->backward(ConstMatrixView(d_grad_.data() + b, b, 1),
                           {.parameters = true, .input = false});
  for (std::size_t i = 0; i < d_parameters_.size(); ++i) {
    d_grad_sum_[i] = Eigen::Map<const Eigen::VectorXf>(d_parameters_[i].grad, d_parameters_[i].size);
  }
  save_buffers(d_buffers_, d_state_after_);
  restore_buffers(d_buffers_, d_state_before_);
  discriminator_->forward(ConstMatrixView(d_input_.data(), b, d_input_.cols()));
  discriminator_->backward(top_rows(std::as_const(d_grad_), b),
                           {.parameters = true, .input = false});
  restore_buffers(d_buffers_, d_state_after_);
  for (std::size_t i = 0; i < d_parameters_.size(); ++i) {
    Eigen::Map<Eigen::VectorXf>(d_parameters_[i].grad, d_parameters_[i].size) += d_grad_sum_[i];
  }
}

ConstMatrixView Trainer::discriminator_outputs(Index rows) {
  const Index dim = dataset_->dim();
  if (!separate_batches_) {
    return discriminator_->forward(ConstMatrixView(d_input_.data(), 2 * rows, dim));
  }
  // Real then generated in two forwards, outputs gathered into d_output_ (2 rows, 1); the state
  // before them is kept for discriminator_backward().
  save_buffers(d_buffers_, d_state_before_);
  ensure_capacity(d_output_, 2 * rows, 1);
  top_rows(d_output_, rows) = discriminator_->forward(ConstMatrixView(d_input_.data(), rows, dim));
  MatrixView(d_output_.data() + rows, rows, 1) =
      discriminator_->forward(ConstMatrixView(d_input_.data() + rows * dim, rows, dim));
  return top_rows(std::as_const(d_output_), 2 * rows);
}

ConstMatrixView Trainer::generate_batch(Rng& rng) {
  rng.fill_normal(latent_.data(), latent_.size());
  return generator_->forward(view(latent_));
}

StepLosses Trainer::step() {
  const Index b = config_.batch_size;
  const Index dim = dataset_->dim();
  StepLosses losses;

  // Discriminator: one forward over [real; generated] (2b, d), then the objective's gradients.
  for (long long k = 0; k < config_.d_steps; ++k) {
    dataset_->sample(MatrixView(d_input_.data(), b, dim), data_rng_);
    MatrixView(d_input_.data() + b * dim, b, dim) = generate_batch(noise_rng_);
    const ConstMatrixView out = discriminator_outputs(b);  // (2b, 1)
    losses.d_loss = objective_->discriminator_loss(span_of(out, 0, b), span_of(out, b, b),
                                                   span_of(d_grad_, 0, b), span_of(d_grad_, b, b));
    losses.fault = gradient_fault(span_of(d_grad_, 0, 2 * b), span_of(out, 0, 2 * b),
                                  "discriminator", static_cast<std::size_t>(b));
    if (!losses.fault.empty()) return losses;
    discriminator_backward();
    losses.fault = optimizer_fault(d_optimizer_->step(), "discriminator");
    if (!losses.fault.empty()) return losses;
    if (d_weight_clip_ > 0.0F) {
      for (const ParameterRef& p : d_parameters_) {
        for (Index i = 0; i < p.size; ++i)
          p.value[i] = std::clamp(p.value[i], -d_weight_clip_, d_weight_clip_);
      }
    }
  }

  // Generator: gradients flow through D (its weight gradients are not needed) into G.
  const ConstMatrixView fake = generate_batch(noise_rng_);    // (b, d)
  const ConstMatrixView out = discriminator_->forward(fake);  // (b, 1)
  losses.g_loss = objective_->generator_loss(span_of(out, 0, b), span_of(d_grad_, 0, b));
  losses.fault = gradient_fault(span_of(d_grad_, 0, b), span_of(out, 0, b), "generator", 0);
  if (!losses.fault.empty()) return losses;
  const ConstMatrixView grad_x = discriminator_->backward(top_rows(std::as_const(d_grad_), b),
                                                          {.parameters = false, .input = true});
  generator_->backward(grad_x, {.parameters = true, .input = false});
  losses.fault = optimizer_fault(g_optimizer_->step(), "generator");
  if (!losses.fault.empty()) return losses;

  ++steps_done_;
  return losses;
}

Matrix Trainer::generate(Index n, Rng& rng) {
  const EvaluationPhase eval(*generator_, *discriminator_);
  const Index b = config_.batch_size;
  Matrix out(n, dataset_->dim());
  for (Index start = 0; start < n; start += b) {
    const Index rows = std::min(b, n - start);
    const ConstMatrixView batch = generate_batch(rng);
    out.middleRows(start, rows) = batch.topRows(rows);
  }
  return out;
}

std::vector<Estimate> Trainer::objective_estimates(Index n, Rng& rng) {
  const EvaluationPhase eval(*generator_, *discriminator_);
  const Index b = config_.batch_size;
  const Index dim = dataset_->dim();
  std::vector<float> real(static_cast<std::size_t>(n));
  std::vector<float> fake(static_cast<std::size_t>(n));
  for (Index start = 0; start < n; start += b) {
    const Index rows = std::min(b, n - start);
    dataset_->sample(MatrixView(d_input_.data(), rows, dim), rng);
    MatrixView(d_input_.data() + rows * dim, rows, dim) = generate_batch(rng).topRows(rows);
    const ConstMatrixView out = discriminator_outputs(rows);
    std::copy_n(out.data(), rows, real.begin() + start);
    std::copy_n(out.data() + rows, rows, fake.begin() + start);
  }
  return objective_->estimates(real, fake);
}

void Trainer::save(Checkpoint& c) {
  c.step = steps_done_;
  c.generator = network_state(*generator_);
  c.discriminator = network_state(*discriminator_);
  c.g_optimizer = g_optimizer_->state();
  c.d_optimizer = d_optimizer_->state();
  c.rngs["data"] = data_rng_.state();
  c.rngs["noise"] = noise_rng_.state();
}

void Trainer::restore(const Checkpoint& c) {
  restore_network(*generator_, c.generator, "generator");
  restore_network(*discriminator_, c.discriminator, "discriminator");
  try {
    g_optimizer_->restore(c.g_optimizer);
    d_optimizer_->restore(c.d_optimizer);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("checkpoint: {}", e.what()));
  }
  for (const char* name : {"data", "noise"}) {
    if (c.rngs.count(name) == 0)
      throw std::invalid_argument(fmt::format("checkpoint: random stream '{}' is missing", name));
  }
  data_rng_ = Rng(c.rngs.at("data"));
  noise_rng_ = Rng(c.rngs.at("noise"));
  steps_done_ = c.step;
}

}  // namespace divbench
