#include "harness/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "datasets/dataset_registry.hpp"
#include "harness/memory_estimate.hpp"
#include "models/affine_gaussian.hpp"
#include "models/mlp.hpp"
#include "objectives/objective_registry.hpp"

namespace divbench {
namespace {

// Rethrows a construction error with the option it came from.
template <class F>
auto with_option(const char* option, F&& make) {
  try {
    return make();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("--{}: {}", option, e.what()));
  }
}

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

std::string optimizer_fault(const char* fault, const char* network) {
  return fault == nullptr ? std::string() : fmt::format("{} update: {}", network, fault);
}

std::vector<std::vector<float>> parameter_values(Model& model) {
  std::vector<std::vector<float>> out;
  for (const ParameterRef& p : model.parameters()) out.emplace_back(p.value, p.value + p.size);
  return out;
}

void set_parameter_values(Model& model, const std::vector<std::vector<float>>& values,
                          const char* which) {
  const std::vector<ParameterRef> params = model.parameters();
  if (values.size() != params.size()) {
    throw std::invalid_argument(fmt::format("checkpoint: the {} has {} parameter tensors, found {}",
                                            which, params.size(), values.size()));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (static_cast<Index>(values[i].size()) != params[i].size) {
      throw std::invalid_argument(
          fmt::format("checkpoint: {} parameter '{}' has {} values, found {}", which,
                      params[i].name, params[i].size, values[i].size()));
    }
    std::copy(values[i].begin(), values[i].end(), params[i].value);
  }
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
  const Activation hidden = with_option("activation", [&] {
    return Activation::parse(config_.activation, static_cast<float>(config_.leaky_slope));
  });
  const Activation d_hidden =
      config_.d_activation.empty() ? hidden : with_option("d-activation", [&] {
        return Activation::parse(config_.d_activation, static_cast<float>(config_.leaky_slope));
      });
  const Activation g_output =
      with_option("g-output", [&] { return Activation::parse(config_.g_output); });
  if (config_.generator == "affine") {
    config_.latent_dim = dim;
    generator_ = std::make_unique<AffineGaussian>(dim);
  } else {
    generator_ = std::make_unique<Mlp>(
        mlp_widths(config_.latent_dim, generator_hidden_widths(config_), dim), hidden, g_output);
  }
  discriminator_ =
      std::make_unique<Mlp>(mlp_widths(dim, discriminator_hidden_widths(config_), 1), d_hidden);

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
    const ConstMatrixView out = discriminator_->forward(view(d_input_));  // (2b, 1)
    losses.d_loss = objective_->discriminator_loss(span_of(out, 0, b), span_of(out, b, b),
                                                   span_of(d_grad_, 0, b), span_of(d_grad_, b, b));
    losses.fault = gradient_fault(span_of(d_grad_, 0, 2 * b), span_of(out, 0, 2 * b),
                                  "discriminator", static_cast<std::size_t>(b));
    if (!losses.fault.empty()) return losses;
    discriminator_->backward(view(d_grad_), {.parameters = true, .input = false});
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
  const Index b = config_.batch_size;
  const Index dim = dataset_->dim();
  std::vector<float> real(static_cast<std::size_t>(n));
  std::vector<float> fake(static_cast<std::size_t>(n));
  for (Index start = 0; start < n; start += b) {
    const Index rows = std::min(b, n - start);
    dataset_->sample(MatrixView(d_input_.data(), rows, dim), rng);
    MatrixView(d_input_.data() + rows * dim, rows, dim) = generate_batch(rng).topRows(rows);
    const ConstMatrixView out =
        discriminator_->forward(ConstMatrixView(d_input_.data(), 2 * rows, dim));
    std::copy_n(out.data(), rows, real.begin() + start);
    std::copy_n(out.data() + rows, rows, fake.begin() + start);
  }
  return objective_->estimates(real, fake);
}

void Trainer::save(Checkpoint& c) {
  c.step = steps_done_;
  c.generator = parameter_values(*generator_);
  c.discriminator = parameter_values(*discriminator_);
  c.g_optimizer = g_optimizer_->state();
  c.d_optimizer = d_optimizer_->state();
  c.rngs["data"] = data_rng_.state();
  c.rngs["noise"] = noise_rng_.state();
}

void Trainer::restore(const Checkpoint& c) {
  set_parameter_values(*generator_, c.generator, "generator");
  set_parameter_values(*discriminator_, c.discriminator, "discriminator");
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
