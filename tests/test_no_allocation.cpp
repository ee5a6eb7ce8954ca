// After warm-up, a training step performs no heap allocation. This test binary replaces malloc and
// friends with counting wrappers around glibc's own allocator (__libc_malloc etc.), so every
// allocation is seen: operator new, Eigen's aligned_malloc, std containers alike. It cannot run
// under AddressSanitizer, which owns malloc; CMake leaves it out of sanitizer builds.
#include <atomic>
#include <cstddef>
#include <cstdlib>

#include <catch2/catch.hpp>

#include "harness/trainer.hpp"

// glibc's own allocator entry points, which the counting replacements below forward to; their
// reserved names are glibc's.
extern "C" {  // NOLINTBEGIN(bugprone-reserved-identifier)
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}  // NOLINTEND(bugprone-reserved-identifier)

namespace {
std::atomic<long long> g_allocations{0};
}

extern "C" {
void* malloc(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
void* memalign(std::size_t alignment, std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, n);
}
void* aligned_alloc(std::size_t alignment, std::size_t n) { return memalign(alignment, n); }
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  *out = memalign(alignment, n);
  return *out == nullptr ? 12 /* ENOMEM */ : 0;
}
}

using namespace divbench;

TEST_CASE("a training step allocates nothing after warm-up", "[performance][allocation]") {
  struct Case {
    const char* name;
    TrainConfig config;
  };
  TrainConfig
      reference;  // batch 256, 256-wide networks: the products exceed Eigen's default stack limit
  TrainConfig affine_sgd;
  affine_sgd.generator = "affine";
  affine_sgd.optimizer = "sgd";
  affine_sgd.momentum = 0.9;
  affine_sgd.d_steps = 3;
  affine_sgd.activation = "tanh";
  TrainConfig minimax;
  minimax.objective = "gan-minimax";
  minimax.activation = "leaky-relu";
  minimax.batch_size = 100;
  minimax.dataset = "grid25";
  // The layers of issue #19: BatchNorm without biases in G; maxout with BatchNorm and spectral
  // norm in D, in separate forwards; LayerNorm and sigmoid/ELU in another pair.
  TrainConfig pacgan_like;
  pacgan_like.generator = "mlp:widths=64-64,norm=batch,bias=false,init=normal:std=0.02";
  pacgan_like.discriminator = "maxout:widths=32-32,pieces=5,norm=batch,spectral=true";
  pacgan_like.d_batch = "separate";
  pacgan_like.batch_size = 100;
  TrainConfig layer_norm;
  layer_norm.generator = "mlp:widths=32-32,norm=layer,activation=elu,init=orthogonal";
  layer_norm.discriminator = "mlp:widths=32,activation=sigmoid,norm=layer,init=glorot-uniform";
  // The training methods of issue #20 (look-ahead copies D's optimiser state each step, so it is
  // left out): penalties, a relativistic loss, simultaneous updates, packing, a training set and
  // the weight average.
  TrainConfig wgan_gp;
  wgan_gp.objective = "wgan:clip=0";
  wgan_gp.regulariser = "gp";
  wgan_gp.batch_size = 64;
  TrainConfig methods;
  methods.objective = "rasgan";
  methods.regulariser = "r1:every=2";
  methods.schedule = "simultaneous";
  methods.pack = 2;
  methods.train_size = 500;
  methods.g_ema = 0.999;
  methods.batch_size = 64;
  TrainConfig dragan = methods;
  dragan.regulariser = "dragan:perturb=studiogan";
  dragan.d_batch = "separate";
  dragan.discriminator = "mlp:widths=32-32,norm=batch";
  for (const Case& c : {Case{"reference", reference}, Case{"affine+sgd", affine_sgd},
                        Case{"minimax", minimax}, Case{"batch-norm, maxout, spectral norm", pacgan_like},
                        Case{"layer-norm", layer_norm}, Case{"wgan-gp", wgan_gp},
                        Case{"rasgan, lazy r1, simultaneous, pack 2, train-size, g-ema", methods},
                        Case{"dragan, separate batches", dragan}}) {
    SECTION(c.name) {
      Trainer trainer(c.config);
      trainer.step();  // warm-up: buffers reach their final size
      trainer.step();
      const long long before = g_allocations.load();
      for (int i = 0; i < 5; ++i) trainer.step();
      const long long during = g_allocations.load() - before;
      CHECK(during == 0);
    }
  }
}

TEST_CASE("the counter sees allocations", "[allocation]") {
  // volatile sinks stop the compiler from eliding the new/delete pair (allowed since C++14).
  static std::vector<int>* volatile sink_vector = nullptr;
  static float* volatile sink_matrix = nullptr;
  const long long before = g_allocations.load();
  sink_vector = new std::vector<int>(1000);
  delete sink_vector;
  Matrix m(300, 300);
  sink_matrix = m.data();
  CHECK(g_allocations.load() - before >= 3);
  CHECK(sink_matrix != nullptr);
}
