#pragma once
// The adversarial training loop for one run: alternating discriminator and generator updates.
// The loop knows nothing of which objective it runs; it hands discriminator outputs to the
// objective and back-propagates the gradients it returns. Every buffer is allocated on the first
// step; later steps allocate nothing (tests/test_no_allocation.cpp).
#include <memory>
#include <string>
#include <vector>

#include "datasets/dataset.hpp"
#include "harness/checkpoint.hpp"
#include "harness/train_config.hpp"
#include "models/model.hpp"
#include "models/optimizer.hpp"
#include "objectives/objective.hpp"

namespace divbench {

struct StepLosses {
  double d_loss = 0.0;  // of the last discriminator update in the step
  double g_loss = 0.0;
  // Empty, or why the step cannot go on although both losses may be finite: a gradient the
  // objective returned is not finite in float (an exponential critic at |v| > 89 overflows float
  // while its double loss is finite), or an optimiser found a gradient that is not finite or whose
  // square overflows float. The run ends as diverged at this step; the step is not completed.
  std::string fault;
};

class Trainer {
 public:
  // Builds dataset, objective, networks and optimisers from the config; throws
  // std::invalid_argument naming the option at fault.
  explicit Trainer(const TrainConfig& config);

  // One iteration: config.d_steps discriminator updates, then one generator update.
  StepLosses step();
  long long steps_done() const { return steps_done_; }

  // n generated samples with latent noise from `rng` (the caller's evaluation stream), (n, d).
  Matrix generate(Index n, Rng& rng);

  // The objective's own divergence estimates from the current discriminator on n held-out data
  // samples and n generated ones, both drawn from `rng` (the caller's evaluation stream).
  std::vector<Estimate> objective_estimates(Index n, Rng& rng);

  // Writes into `checkpoint` the trainer's share of the training state: the step, both networks'
  // parameters, both optimisers and the "data" and "noise" streams.
  void save(Checkpoint& checkpoint);
  // Restores what save() wrote; throws std::invalid_argument when it does not fit this run's
  // networks (another architecture).
  void restore(const Checkpoint& checkpoint);

  // The config with everything resolved (canonical specs, the affine latent dimension).
  const TrainConfig& config() const { return config_; }
  // The networks as built: resolved specs, layers, and how D's batches and the phases are used;
  // recorded in the run file (network_description).
  std::string network_description() const;
  const Dataset& dataset() const { return *dataset_; }
  Model& generator() { return *generator_; }
  Model& discriminator() { return *discriminator_; }

 private:
  TrainConfig config_;
  std::unique_ptr<Dataset> dataset_;
  std::unique_ptr<Objective> objective_;
  std::unique_ptr<Model> generator_;
  std::unique_ptr<Model> discriminator_;
  std::unique_ptr<Optimizer> g_optimizer_;
  std::unique_ptr<Optimizer> d_optimizer_;
  std::vector<ParameterRef> d_parameters_;  // for the objective's weight clip
  float d_weight_clip_ = 0.0F;              // 0: none
  Rng data_rng_;
  Rng noise_rng_;
  Matrix d_input_;  // (2 batch, d): real rows then generated rows
  Matrix latent_;   // (batch, latent)
  Matrix d_grad_;   // (2 batch, 1): dL/d(D output)
  long long steps_done_ = 0;
  std::string generator_spec_, discriminator_spec_;  // resolved
  bool separate_batches_ = false;                    // --d-batch separate
  // --d-batch separate: the generated batch's D gradients, D's outputs gathered (2 batch, 1), and
  // D's buffers before and after the two forwards.
  std::vector<Eigen::VectorXf> d_grad_sum_;
  Matrix d_output_;
  std::vector<BufferRef> d_buffers_;
  std::vector<std::vector<float>> d_state_before_, d_state_after_;

  ConstMatrixView generate_batch(Rng& rng);
  // D's outputs on the first `rows` real rows and generated rows of d_input_ (stored as real rows
  // then generated rows: with --d-batch separate, in two forwards), (2 rows, 1).
  ConstMatrixView discriminator_outputs(Index rows);
  // D's parameter gradients from d_grad_ after discriminator_outputs(batch).
  void discriminator_backward();
};

}  // namespace divbench
