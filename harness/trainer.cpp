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
#include "harness/regulariser_registry.hpp"
#include "harness/schedule_registry.hpp"
#include "harness/step_support.hpp"
#include "harness/weight_clip.hpp"
#include "models/network.hpp"
#include "objectives/objective_registry.hpp"

namespace divbench {
namespace {

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

}  // namespace

Trainer::Trainer(const TrainConfig& config)
    : config_(config),
      data_rng_(static_cast<std::uint64_t>(config.seed), "data"),
      noise_rng_(static_cast<std::uint64_t>(config.seed), "noise"),
      regulariser_rng_(static_cast<std::uint64_t>(config.seed), "regulariser") {
  validate(config_);
  // Specs are recorded resolved, defaults included ("fkl" -> "fkl:clamp=10").
  dataset_ = with_option("dataset", [&] {
    auto made = dataset_registry().make(config_.dataset, &config_.dataset);
    made->describe();  // reads a real-data dataset's files now (datasets/deferred_dataset.hpp)
    return made;
  });
  objective_ = with_option("objective",
                           [&] { return make_objective(config_.objective, &config_.objective); });
  sees_real_ = objective_->generator_sees_real();
  regulariser_ = with_option(
      "regulariser", [&] { return make_regulariser(config_.regulariser, &config_.regulariser); });
  schedule_ = with_option("schedule", [&] {
    auto made = make_schedule(config_.schedule, &config_.schedule);
    check_schedule_supports(*made, *objective_, config_.schedule, config_.objective);
    return made;
  });
  if (const double clip = objective_->critic_weight_clip(); clip > 0.0)
    objective_clip_ = std::make_unique<WeightClip>(static_cast<float>(clip));
  const Index dim = dataset_->dim();
  pack_ = config_.pack;
  d_in_ = pack_ * dim;
  // Before any network or buffer exists: a configuration that cannot fit is refused here.
  check_memory(config_, dim, available_memory_bytes());
  if (config_.generator == "affine") config_.latent_dim = dim;
  generator_ = make_generator(config_, dim, &generator_spec_);
  discriminator_ = make_discriminator(config_, d_in_, &discriminator_spec_);
  generator_->set_phase(Phase::kTrain);
  discriminator_->set_phase(Phase::kTrain);

  // Separate streams per network: changing the discriminator's shape never changes the
  // generator's initial weights.
  Rng g_init(static_cast<std::uint64_t>(config_.seed), "init.generator");
  Rng d_init(static_cast<std::uint64_t>(config_.seed), "init.discriminator");
  generator_->initialise(g_init);
  discriminator_->initialise(d_init);
  if (config_.g_ema > 0.0)
    average_ = std::make_unique<GeneratorAverage>(generator_->parameters(), config_.g_ema);
  if (config_.train_size > 0) {
    training_set_ = std::make_unique<TrainingSet>(*dataset_, config_.train_size,
                                                  static_cast<std::uint64_t>(config_.seed));
  }

  OptimizerSettings settings{config_.optimizer, config_.g_lr,     config_.beta1,
                             config_.beta2,     config_.adam_eps, config_.momentum};
  g_optimizer_ =
      with_option("optimizer", [&] { return make_optimizer(settings, generator_->parameters()); });
  settings.lr = config_.d_lr;
  d_optimizer_ = with_option(
      "optimizer", [&] { return make_optimizer(settings, discriminator_->parameters()); });

  d_parameters_ = discriminator_->parameters();

  const Index b = config_.batch_size;
  d_input_.resize(2 * b, d_in_);
  latent_.resize(b * pack_, config_.latent_dim);
  d_grad_.resize(2 * b, 1);
  g_grad_ = Matrix::Zero(2 * b, 1);
  separate_batches_ = config_.d_batch == "separate";
  d_buffers_ = discriminator_->buffers();
  if (separate_batches_) {
    for (const ParameterRef& p : d_parameters_) d_grad_sum_.emplace_back(p.size);
    save_buffers(d_buffers_, d_state_before_);  // sized once here
    d_state_after_ = d_state_before_;
  }
}

std::string Trainer::estimate_suffix() const {
  return pack_ > 1 ? fmt::format("_pack{}", pack_) : std::string();
}

std::string Trainer::network_description() const {
  const auto layers = [](const Model& m) {
    const auto* net = dynamic_cast<const Network*>(&m);
    return net == nullptr ? m.describe() : fmt::format("{} [{}]", m.describe(), net->layers_text());
  };
  std::string text = fmt::format(
      "generator: {}, {}\ndiscriminator: {}, {}\nthe discriminator sees real and generated "
      "samples in {}; training uses batch statistics and advances BatchNorm's running statistics "
      "and spectral norm's power iteration; evaluation (samples, metrics, the objective's "
      "estimates) uses the running statistics and advances nothing",
      generator_spec_, layers(*generator_), discriminator_spec_, layers(*discriminator_),
      separate_batches_ ? "two forwards (separate)" : "one forward (joint)");
  // Lines for the training methods only when one is not at its default, so that the description
  // of a run made before them is unchanged.
  if (config_.regulariser != "none") {
    text += fmt::format(
        "\nregulariser {}: its forward passes of D run in the training phase, after the loss's "
        "backward, on points from the 'regulariser' stream",
        config_.regulariser);
  }
  if (objective_clip_ != nullptr) {
    text += fmt::format("\nthe objective clips D's weights to [-{0}, {0}] after each D update",
                        objective_->critic_weight_clip());
  }
  if (config_.schedule != "alternating") text += fmt::format("\nschedule {}", config_.schedule);
  if (pack_ > 1) {
    text += fmt::format(
        "\npacking {0}: D's input is {0} samples concatenated ({0} x {1}); each step draws {0} x "
        "batch real and generated samples; the objective's estimates are of P^{0} vs Q^{0} "
        "(names end in _pack{0})",
        pack_, dataset_->dim());
  }
  if (training_set_ != nullptr) {
    text += fmt::format(
        "\ntraining set: {} points drawn once (stream 'train-set'), reshuffled every epoch; "
        "metrics use the true distribution",
        training_set_->size());
  }
  if (average_ != nullptr) {
    text += fmt::format(
        "\nevaluation uses the generator's weight average (decay {}) with the trained generator's "
        "buffers",
        config_.g_ema);
  }
  return text;
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
  discriminator_->forward(ConstMatrixView(d_input_.data(), b, d_in_));
  discriminator_->backward(top_rows(std::as_const(d_grad_), b),
                           {.parameters = true, .input = false});
  restore_buffers(d_buffers_, d_state_after_);
  for (std::size_t i = 0; i < d_parameters_.size(); ++i) {
    Eigen::Map<Eigen::VectorXf>(d_parameters_[i].grad, d_parameters_[i].size) += d_grad_sum_[i];
  }
}

ConstMatrixView Trainer::discriminator_outputs(Index rows) {
  if (!separate_batches_) {
    return discriminator_->forward(ConstMatrixView(d_input_.data(), 2 * rows, d_in_));
  }
  // Real then generated in two forwards, outputs gathered into d_output_ (2 rows, 1); the state
  // before them is kept for discriminator_backward().
  save_buffers(d_buffers_, d_state_before_);
  ensure_capacity(d_output_, 2 * rows, 1);
  top_rows(d_output_, rows) = discriminator_->forward(ConstMatrixView(d_input_.data(), rows, d_in_));
  MatrixView(d_output_.data() + rows, rows, 1) =
      discriminator_->forward(ConstMatrixView(d_input_.data() + rows * d_in_, rows, d_in_));
  return top_rows(std::as_const(d_output_), 2 * rows);
}

ConstMatrixView Trainer::generate_batch(Rng& rng, Index samples) {
  rng.fill_normal(latent_.data(), samples * latent_.cols());
  return generator_->forward(ConstMatrixView(latent_.data(), samples, latent_.cols()));
}

void Trainer::draw_real(Rng& rng, Index packs) {
  // (packs, pack x d) rows are (packs x pack, d) rows in row-major storage: M consecutive samples
  // concatenated make one pack.
  const MatrixView rows(d_input_.data(), packs * pack_, dataset_->dim());
  if (training_set_ != nullptr) {
    training_set_->sample(rows);
  } else {
    dataset_->sample(rows, rng);
  }
}

void Trainer::draw_generated(Rng& rng, Index packs) {
  const Index b = config_.batch_size;
  MatrixView(d_input_.data() + b * d_in_, packs * pack_, dataset_->dim()) =
      generate_batch(rng, packs * pack_);
}

void Trainer::generator_backward(ConstMatrixView grad_packs) {
  generator_->backward(ConstMatrixView(grad_packs.data(), grad_packs.rows() * pack_, dataset_->dim()),
                       {.parameters = true, .input = false});
}

bool Trainer::update_discriminator_from_input(StepLosses& losses, bool also_generator) {
  const Index b = config_.batch_size;
  const ConstMatrixView out = discriminator_outputs(b);  // (2b, 1)
  losses.d_loss = objective_->discriminator_loss(span_of(out, 0, b), span_of(out, b, b),
                                                 span_of(d_grad_, 0, b), span_of(d_grad_, b, b));
  losses.fault = gradient_fault(span_of(d_grad_, 0, 2 * b), span_of(out, 0, 2 * b),
                                "discriminator", static_cast<std::size_t>(b));
  if (!losses.fault.empty()) return false;
  if (also_generator) {
    // G's loss from the same outputs, its input gradient through the same forward of D.
    if (sees_real_) {
      losses.g_loss = objective_->generator_loss_with_real(
          span_of(out, 0, b), span_of(out, b, b), span_of(g_grad_, 0, b), span_of(g_grad_, b, b));
    } else {
      std::fill_n(g_grad_.data(), b, 0.0F);  // G's loss does not see the real outputs
      losses.g_loss = objective_->generator_loss(span_of(out, b, b), span_of(g_grad_, b, b));
    }
    losses.fault = gradient_fault(span_of(g_grad_, 0, 2 * b), span_of(out, 0, 2 * b), "generator",
                                  static_cast<std::size_t>(b));
    if (!losses.fault.empty()) return false;
    if (separate_batches_) {  // the generated batch was D's last forward
      generator_backward(discriminator_->backward(ConstMatrixView(g_grad_.data() + b, b, 1),
                                                  {.parameters = false, .input = true}));
    } else {
      const ConstMatrixView grad = discriminator_->backward(top_rows(std::as_const(g_grad_), 2 * b),
                                                            {.parameters = false, .input = true});
      generator_backward(ConstMatrixView(grad.data() + b * d_in_, b, d_in_));
    }
  }
  discriminator_backward();
  const DiscriminatorBatch batch{ConstMatrixView(d_input_.data(), b, d_in_),
                                 ConstMatrixView(d_input_.data() + b * d_in_, b, d_in_), d_updates_};
  losses.penalty = regulariser_->add_penalty_gradient(*discriminator_, batch, regulariser_rng_);
  ++d_updates_;
  losses.fault = optimizer_fault(d_optimizer_->step(), "discriminator");
  if (!losses.fault.empty()) return false;
  regulariser_->after_update(d_parameters_);
  if (objective_clip_ != nullptr) objective_clip_->after_update(d_parameters_);
  return true;
}

bool Trainer::discriminator_update(StepLosses& losses) {
  draw_real(data_rng_, config_.batch_size);
  draw_generated(noise_rng_, config_.batch_size);
  return update_discriminator_from_input(losses, false);
}

bool Trainer::generator_gradient(StepLosses& losses) {
  const Index b = config_.batch_size;
  if (sees_real_) draw_real(data_rng_, b);
  draw_generated(noise_rng_, b);
  return generator_gradient_from_input(losses);
}

bool Trainer::generator_loss_at_outputs(StepLosses& losses) {
  const Index b = config_.batch_size;
  if (!sees_real_) {  // D sees the generated packs alone
    const ConstMatrixView fake(d_input_.data() + b * d_in_, b, d_in_);
    const ConstMatrixView out = discriminator_->forward(fake);  // (b, 1)
    losses.g_loss = objective_->generator_loss(span_of(out, 0, b), span_of(g_grad_, 0, b));
    losses.fault = gradient_fault(span_of(g_grad_, 0, b), span_of(out, 0, b), "generator", 0);
    return losses.fault.empty();
  }
  const ConstMatrixView out = discriminator_outputs(b);  // (2b, 1)
  losses.g_loss = objective_->generator_loss_with_real(
      span_of(out, 0, b), span_of(out, b, b), span_of(g_grad_, 0, b), span_of(g_grad_, b, b));
  losses.fault = gradient_fault(span_of(g_grad_, 0, 2 * b), span_of(out, 0, 2 * b), "generator",
                                static_cast<std::size_t>(b));
  return losses.fault.empty();
}

bool Trainer::generator_gradient_from_input(StepLosses& losses) {
  const Index b = config_.batch_size;
  if (!generator_loss_at_outputs(losses)) return false;
  if (!sees_real_) {
    generator_backward(discriminator_->backward(top_rows(std::as_const(g_grad_), b),
                                                {.parameters = false, .input = true}));
    return true;
  }
  if (separate_batches_) {  // the generated batch was D's last forward; real outputs do not depend on G
    generator_backward(discriminator_->backward(ConstMatrixView(g_grad_.data() + b, b, 1),
                                                {.parameters = false, .input = true}));
  } else {
    const ConstMatrixView grad = discriminator_->backward(top_rows(std::as_const(g_grad_), 2 * b),
                                                          {.parameters = false, .input = true});
    generator_backward(ConstMatrixView(grad.data() + b * d_in_, b, d_in_));
  }
  return true;
}

bool Trainer::generator_update(StepLosses& losses) {
  losses.fault = optimizer_fault(g_optimizer_->step(), "generator");
  if (!losses.fault.empty()) return false;
  if (average_ != nullptr) average_->update();
  return true;
}

bool Trainer::simultaneous_update(StepLosses& losses) {
  draw_real(data_rng_, config_.batch_size);
  draw_generated(noise_rng_, config_.batch_size);
  if (!update_discriminator_from_input(losses, true)) return false;
  return generator_update(losses);
}

bool Trainer::lookahead_gradient(long long k, StepLosses& losses) {
  draw_real(data_rng_, config_.batch_size);
  draw_generated(noise_rng_, config_.batch_size);
  if (!update_discriminator_from_input(losses, false)) return false;
  if (k == 1) return generator_gradient_from_input(losses);
  keep_discriminator();
  const StepLosses kept = losses;
  const long long kept_updates = d_updates_;
  bool ok = true;
  for (long long j = 1; j < k && ok; ++j) ok = update_discriminator_from_input(losses, false);
  if (ok) ok = generator_gradient_from_input(losses);
  restore_discriminator();
  d_updates_ = kept_updates;
  if (!ok) return false;
  losses.d_loss = kept.d_loss;
  losses.penalty = kept.penalty;
  return true;
}

void Trainer::keep_discriminator() {
  copy_parameter_values(d_parameters_, kept_parameters_);
  save_buffers(d_buffers_, kept_buffers_);
  kept_optimizer_ = d_optimizer_->state();
}

void Trainer::restore_discriminator() {
  for (std::size_t i = 0; i < d_parameters_.size(); ++i)
    std::copy(kept_parameters_[i].begin(), kept_parameters_[i].end(), d_parameters_[i].value);
  restore_buffers(d_buffers_, kept_buffers_);
  d_optimizer_->restore(kept_optimizer_);
}

StepLosses Trainer::step() {
  StepLosses losses;
  schedule_->step(*this, losses);
  if (losses.fault.empty()) ++steps_done_;
  return losses;
}

Matrix Trainer::generate(Index n, Rng& rng) {
  const EvaluationPhase eval(*generator_, *discriminator_);
  const AveragedWeights averaged(average_.get());
  const Index b = config_.batch_size;
  Matrix out(n, dataset_->dim());
  for (Index start = 0; start < n; start += b) {
    const Index rows = std::min(b, n - start);
    const ConstMatrixView batch = generate_batch(rng, b);
    out.middleRows(start, rows) = batch.topRows(rows);
  }
  return out;
}

std::vector<Estimate> Trainer::objective_estimates(Index n, Rng& rng) {
  const EvaluationPhase eval(*generator_, *discriminator_);
  const AveragedWeights averaged(average_.get());
  const Index b = config_.batch_size;
  const Index dim = dataset_->dim();
  std::vector<float> real(static_cast<std::size_t>(n));
  std::vector<float> fake(static_cast<std::size_t>(n));
  for (Index start = 0; start < n; start += b) {
    const Index rows = std::min(b, n - start);
    // Held-out inputs from the true distribution (never the training set), `rows` packs of each.
    dataset_->sample(MatrixView(d_input_.data(), rows * pack_, dim), rng);
    MatrixView(d_input_.data() + rows * d_in_, rows * pack_, dim) =
        generate_batch(rng, b * pack_).topRows(rows * pack_);
    const ConstMatrixView out = discriminator_outputs(rows);
    std::copy_n(out.data(), rows, real.begin() + start);
    std::copy_n(out.data() + rows, rows, fake.begin() + start);
  }
  std::vector<Estimate> estimates = objective_->estimates(real, fake);
  for (Estimate& e : estimates) e.name += estimate_suffix();
  return estimates;
}

}  // namespace divbench
