/* The divbench plugin ABI, version 2: how a shared library adds objectives without rebuilding
 * divbench. Plain C, so that a plugin built by another compiler, or in another language, loads.
 *
 * A plugin exports one symbol, DIVBENCH_PLUGIN_ENTRY ("divbench_plugin"), a function of type
 * DivbenchPluginEntry returning a pointer to a DivbenchPluginV2 (or, built for version 1, a
 * DivbenchPluginV1) whose first member is the ABI version it was built for. divbench loads versions 1 and 2 and refuses any other, a
 * missing entry symbol, null required function pointers, and objective names already registered.
 *
 * Version 2 (with the relativistic objectives) adds two members at the end of the objective's
 * description: a generator loss may see the discriminator's outputs on real samples too.
 * Version-1 plugins load and run unchanged: their generator losses see generated outputs only.
 *
 * C++ authors need not write any of this by hand: objectives/plugin.hpp wraps a divbench::Objective
 * subclass (see examples/plugin/). Conventions are those of objectives/objective.hpp: losses are
 * batch means, gradients are w.r.t. the discriminator outputs and carry the factor 1/batch. */
#ifndef DIVBENCH_PLUGIN_ABI_H
#define DIVBENCH_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DIVBENCH_PLUGIN_ABI_VERSION 2
#define DIVBENCH_PLUGIN_ABI_VERSION_1 1
#define DIVBENCH_PLUGIN_ENTRY "divbench_plugin"

/* Receives one named divergence estimate (see Objective::estimates). */
typedef void (*DivbenchEmitEstimate)(void* sink, const char* name, double value);

typedef struct DivbenchObjectiveV1 {
  const char* name;      /* registry name, e.g. "fgan-alpha" */
  const char* summary;   /* one line */
  const char* reference; /* paper or source */
  /* Numeric parameters with their defaults: spec "name:key=value,..." sets them. */
  size_t param_count;
  const char* const* param_names;
  const double* param_defaults;

  /* Returns an instance for params[param_count], or NULL with a message in error[error_size]. */
  void* (*create)(const double* params, char* error, size_t error_size);
  void (*destroy)(void* self);
  double (*discriminator_loss)(const void* self, const float* real, size_t n_real,
                               const float* fake, size_t n_fake, float* grad_real,
                               float* grad_fake);
  double (*generator_loss)(const void* self, const float* fake, size_t n_fake, float* grad_fake);
  /* Calls emit(sink, name, value) once per estimate, the same names in the same order each time. */
  void (*estimates)(const void* self, const float* real, size_t n_real, const float* fake,
                    size_t n_fake, void* sink, DivbenchEmitEstimate emit);
  /* > 0: clip every critic parameter to [-c, c] after each critic update. May be NULL (no clip). */
  double (*critic_weight_clip)(const void* self);
} DivbenchObjectiveV1;

typedef struct DivbenchPluginV1 {
  uint32_t abi_version; /* DIVBENCH_PLUGIN_ABI_VERSION; first in every version of this struct */
  size_t objective_count;
  const DivbenchObjectiveV1* objectives;
} DivbenchPluginV1;

/* Version 2: version 1's members in the same order, then the two below. */
typedef struct DivbenchObjectiveV2 {
  const char* name;
  const char* summary;
  const char* reference;
  size_t param_count;
  const char* const* param_names;
  const double* param_defaults;
  void* (*create)(const double* params, char* error, size_t error_size);
  void (*destroy)(void* self);
  double (*discriminator_loss)(const void* self, const float* real, size_t n_real,
                               const float* fake, size_t n_fake, float* grad_real,
                               float* grad_fake);
  double (*generator_loss)(const void* self, const float* fake, size_t n_fake, float* grad_fake);
  void (*estimates)(const void* self, const float* real, size_t n_real, const float* fake,
                    size_t n_fake, void* sink, DivbenchEmitEstimate emit);
  double (*critic_weight_clip)(const void* self);
  /* Nonzero: the generator's loss needs the discriminator's outputs on a real batch too
   * (relativistic objectives), and divbench calls generator_loss_with_real instead of
   * generator_loss. May be NULL (never). */
  int (*generator_sees_real)(const void* self);
  /* The generator's loss from outputs on real (n_real) and generated (n_fake) samples; writes
   * dL/dV into grad_real and grad_fake. Required when generator_sees_real can return nonzero. */
  double (*generator_loss_with_real)(const void* self, const float* real, size_t n_real,
                                     const float* fake, size_t n_fake, float* grad_real,
                                     float* grad_fake);
} DivbenchObjectiveV2;

typedef struct DivbenchPluginV2 {
  uint32_t abi_version; /* DIVBENCH_PLUGIN_ABI_VERSION */
  size_t objective_count;
  const DivbenchObjectiveV2* objectives;
} DivbenchPluginV2;

/* The entry point keeps version 1's signature in every version, so that divbench calls each plugin
 * through the function type it was defined with (calling through another type is undefined
 * behaviour, and UndefinedBehaviorSanitizer's -fsanitize=function reports it). A version-2 plugin
 * returns its DivbenchPluginV2 converted to this pointer type: the two structs share their first
 * three members' layout, and divbench reads abi_version before anything else. */
typedef const DivbenchPluginV1* (*DivbenchPluginEntry)(void);

#ifdef __cplusplus
}
#endif

#endif /* DIVBENCH_PLUGIN_ABI_H */
