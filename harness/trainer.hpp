#pragma once
// The adversarial training loop of one run. The loop knows nothing of which objective, regulariser
// or schedule it runs: it offers the primitives a schedule orders (harness/schedule.hpp), hands
// discriminator outputs to the objective and back-propagates the gradients it returns, and calls
// the regulariser around each discriminator update. Every buffer is allocated on the first step;
// later steps allocate nothing (tests/test_no_allocation.cpp).
#include <memory>
#include <string>
#include <vector>

#include "datasets/dataset.hpp"
#include "harness/checkpoint.hpp"
#include "harness/generator_average.hpp"
#include "harness/regulariser.hpp"
#include "harness/schedule.hpp"
#include "harness/train_config.hpp"
#include "harness/training_set.hpp"
#include "harness/unrolled_tape.hpp"
#include "models/model.hpp"
#include "models/network.hpp"
#include "models/optimizer.hpp"
#include "objectives/objective.hpp"

namespace divbench {

class Trainer final : private Players {
 public:
  // Builds dataset, objective, regulariser, schedule, networks and optimisers from the config;
  // throws std::invalid_argument naming the option at fault.
  explicit Trainer(const TrainConfig& config);

  // One iteration of the schedule (one generator update).
  StepLosses step();
  long long steps_done() const { return steps_done_; }

  // n generated samples with latent noise from `rng` (the caller's evaluation stream), (n, d); from
  // the averaged weights when --g-ema is set.
  Matrix generate(Index n, Rng& rng);

  // The objective's own divergence estimates from the current discriminator on n held-out data
  // inputs and n generated ones, both drawn from `rng` (the caller's evaluation stream). With
  // --pack M, each input is a pack of M samples and the estimates are of P^M vs Q^M, named with
  // the suffix "_packM" (see estimate_suffix()).
  std::vector<Estimate> objective_estimates(Index n, Rng& rng);

  // Writes into `checkpoint` the trainer's share of the training state: the step, both networks'
  // parameters and buffers, both optimisers, the random streams, counters and the weight average.
  void save(Checkpoint& checkpoint);
  // Restores what save() wrote; throws std::invalid_argument when it does not fit this run's
  // networks (another architecture).
  void restore(const Checkpoint& checkpoint);

  // The config with everything resolved (canonical specs, the affine latent dimension).
  const TrainConfig& config() const { return config_; }
  // The networks as built and how the run uses them (batches, phases, packing, regulariser,
  // schedule, training set, average); recorded in the run file (network_description).
  std::string network_description() const;
  const Dataset& dataset() const { return *dataset_; }
  Model& generator() { return *generator_; }
  Model& discriminator() { return *discriminator_; }

 private:
  TrainConfig config_;
  std::unique_ptr<Dataset> dataset_;
  std::unique_ptr<Objective> objective_;
  std::unique_ptr<Regulariser> regulariser_;
  std::unique_ptr<Regulariser> objective_clip_;  // the objective's own weight clip (wgan), or null
  std::unique_ptr<Schedule> schedule_;
  std::unique_ptr<Model> generator_;
  std::unique_ptr<Network> discriminator_;
  std::unique_ptr<Optimizer> g_optimizer_;
  std::unique_ptr<Optimizer> d_optimizer_;
  std::unique_ptr<TrainingSet> training_set_;     // --train-size, or null
  std::unique_ptr<GeneratorAverage> average_;     // --g-ema, or null
  std::vector<ParameterRef> d_parameters_;
  Rng data_rng_;
  Rng noise_rng_;
  Rng regulariser_rng_;
  Index pack_ = 1;      // samples per discriminator input
  Index d_in_ = 0;      // the discriminator's input width, pack x data dimension
  bool sees_real_ = false;  // the objective's generator loss needs real outputs
  long long d_updates_ = 0;
  Matrix d_input_;  // (2 batch, d_in): real packs then generated packs
  Matrix latent_;   // (batch x pack, latent)
  Matrix d_grad_;   // (2 batch, 1): dL/d(D output) of D's loss
  Matrix g_grad_;   // (2 batch, 1): dL/d(D output) of G's loss
  long long steps_done_ = 0;
  std::string generator_spec_, discriminator_spec_;  // resolved
  bool separate_batches_ = false;                    // --d-batch separate
  // --d-batch separate: the generated batch's D gradients, D's outputs gathered (2 batch, 1), and
  // D's buffers before and after the two forwards.
  std::vector<Eigen::VectorXf> d_grad_sum_;
  Matrix d_output_;
  std::vector<BufferRef> d_buffers_;
  std::vector<std::vector<float>> d_state_before_, d_state_after_;
  // Look-ahead: D's parameters, buffers and optimiser after the update it keeps.
  std::vector<std::vector<float>> kept_parameters_, kept_buffers_;
  OptimizerState kept_optimizer_;

  // Players (harness/schedule.hpp).
  long long d_steps() const override { return config_.d_steps; }
  bool discriminator_update(StepLosses& losses) override;
  bool generator_gradient(StepLosses& losses) override;
  bool lookahead_gradient(long long k, StepLosses& losses) override;
  bool unrolled_gradient(long long k, StepLosses& losses) override;
  bool generator_update(StepLosses& losses) override;
  bool simultaneous_update(StepLosses& losses) override;

  // Fills the real half of d_input_ (batch packs) from the data stream or the training set, and
  // the generated half from the noise stream; G's forward stays valid for its backward.
  void draw_real(Rng& rng, Index packs);
  void draw_generated(Rng& rng, Index packs);
  ConstMatrixView generate_batch(Rng& rng, Index samples);
  // D's outputs on the first `rows` real rows and generated rows of d_input_ (stored as real rows
  // then generated rows: with --d-batch separate, in two forwards), (2 rows, 1).
  ConstMatrixView discriminator_outputs(Index rows);
  // D's parameter gradients from d_grad_ after discriminator_outputs(batch).
  void discriminator_backward();
  // D's loss on d_input_'s batches, its gradient, the regulariser, then D's optimiser step.
  bool update_discriminator_from_input(StepLosses& losses, bool also_generator);
  // G's loss through the current D on the generated half of d_input_ (made by G's last forward),
  // with the real half when the loss sees real outputs (else D sees the generated packs alone, as
  // a G step always did), and G's parameter gradients.
  bool generator_gradient_from_input(StepLosses& losses);
  // The forward part of it: D's outputs, G's loss and its gradient w.r.t. the outputs in g_grad_
  // ((b, 1), or (2b, 1) real then generated when the loss sees real outputs); false with
  // losses.fault set when the gradient is not finite.
  bool generator_loss_at_outputs(StepLosses& losses);
  // G's parameter gradients from the input gradient of D, (batch, d_in) for the generated packs.
  void generator_backward(ConstMatrixView grad_packs);
  std::string estimate_suffix() const;
  void keep_discriminator();
  void restore_discriminator();

  // Unrolled (harness/trainer_unrolled.cpp): what the k updates recorded, and the reverse sweep.
  std::unique_ptr<UnrolledTape> tape_;
  // G's loss against D's current parameters on d_input_'s batch: its gradients w.r.t. D's
  // parameters into tape_->theta_bar and w.r.t. the generated packs into tape_->x_bar.
  bool unrolled_direct_term(StepLosses& losses);
  // With D at θ^j and its parameter tangents set to ḡ: adds H ḡ (D's loss, w.r.t. its parameters)
  // to tape_->theta_bar and the mixed term ∂²L_D/∂x∂θ ḡ on the generated packs to tape_->x_bar.
  void unrolled_hessian_term();
};

}  // namespace divbench
