/* The divbench plugin ABI, version 1: how a shared library adds objectives without rebuilding
 * divbench. Plain C, so that a plugin built by another compiler, or in another language, loads.
 *
 * A plugin exports one symbol, DIVBENCH_PLUGIN_ENTRY ("divbench_plugin"), a function returning a
 * pointer to a DivbenchPluginV1 whose first member is the ABI version it was built for. divbench
 * refuses a plugin whose version differs from DIVBENCH_PLUGIN_ABI_VERSION, whose entry symbol is
 * missing, whose function pointers are null, or that names an objective already registered.
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

#define DIVBENCH_PLUGIN_ABI_VERSION 1
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

typedef const DivbenchPluginV1* (*DivbenchPluginEntry)(void);

#ifdef __cplusplus
}
#endif

#endif /* DIVBENCH_PLUGIN_ABI_H */
