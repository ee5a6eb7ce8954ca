#pragma once
// Writing an objective plugin in C++: derive from divbench::Objective as the built-in objectives
// do (a relativistic one overrides generator_sees_real and generator_loss_with_real), declare the
// registry entry as static members, and export it with DIVBENCH_PLUGIN. This header
// turns the class into the C ABI of plugin_abi.h, so nothing C++ crosses the library boundary and
// a plugin built by another compiler still loads. examples/plugin/ is a complete plugin.
//
//   class MyObjective : public divbench::Objective {
//    public:
//     static constexpr const char* kName = "my-objective";
//     static constexpr const char* kSummary = "one line";
//     static constexpr const char* kReference = "paper";
//     static constexpr std::array<const char*, 1> kParameterNames{"alpha"};
//     static constexpr std::array<double, 1> kParameterDefaults{0.5};
//     explicit MyObjective(std::span<const double> params);  // in kParameterNames order
//     ... the Objective overrides ...
//   };
//   DIVBENCH_PLUGIN(divbench::plugin::describe<MyObjective>())
//
// A constructor that throws std::exception refuses the parameters with its message; a loss that
// throws returns NaN, which the run records as diverged.
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <span>

#include "objectives/objective.hpp"
#include "objectives/plugin_abi.h"

namespace divbench::plugin {

template <class T>
struct Adapter {
  static const T& self(const void* p) { return *static_cast<const T*>(p); }

  static void* create(const double* params, char* error, size_t error_size) {
    try {
      return new T(std::span<const double>(params, T::kParameterNames.size()));
    } catch (const std::exception& e) {
      std::snprintf(error, error_size, "%s", e.what());
      return nullptr;
    }
  }
  static void destroy(void* p) { delete static_cast<T*>(p); }

  static double discriminator_loss(const void* p, const float* real, size_t n_real,
                                   const float* fake, size_t n_fake, float* grad_real,
                                   float* grad_fake) {
    try {
      return self(p).discriminator_loss({real, n_real}, {fake, n_fake}, {grad_real, n_real},
                                        {grad_fake, n_fake});
    } catch (const std::exception&) {
      return std::numeric_limits<double>::quiet_NaN();
    }
  }
  static double generator_loss(const void* p, const float* fake, size_t n_fake, float* grad_fake) {
    try {
      return self(p).generator_loss({fake, n_fake}, {grad_fake, n_fake});
    } catch (const std::exception&) {
      return std::numeric_limits<double>::quiet_NaN();
    }
  }
  static void estimates(const void* p, const float* real, size_t n_real, const float* fake,
                        size_t n_fake, void* sink, DivbenchEmitEstimate emit) {
    try {
      for (const Estimate& e : self(p).estimates({real, n_real}, {fake, n_fake})) {
        emit(sink, e.name.c_str(), e.value);
      }
    } catch (const std::exception&) {
      // No estimates this time: the run records the missing values as NaN.
    }
  }
  static double critic_weight_clip(const void* p) { return self(p).critic_weight_clip(); }
  static int generator_sees_real(const void* p) { return self(p).generator_sees_real() ? 1 : 0; }
  static double generator_loss_with_real(const void* p, const float* real, size_t n_real,
                                         const float* fake, size_t n_fake, float* grad_real,
                                         float* grad_fake) {
    try {
      return self(p).generator_loss_with_real({real, n_real}, {fake, n_fake}, {grad_real, n_real},
                                              {grad_fake, n_fake});
    } catch (const std::exception&) {
      return std::numeric_limits<double>::quiet_NaN();
    }
  }
};

// The C description of objective class T (see the top of this file for what T declares).
template <class T>
constexpr DivbenchObjectiveV2 describe() {
  static_assert(T::kParameterNames.size() == T::kParameterDefaults.size(),
                "kParameterNames and kParameterDefaults must have the same length");
  return {T::kName,
          T::kSummary,
          T::kReference,
          T::kParameterNames.size(),
          T::kParameterNames.data(),
          T::kParameterDefaults.data(),
          &Adapter<T>::create,
          &Adapter<T>::destroy,
          &Adapter<T>::discriminator_loss,
          &Adapter<T>::generator_loss,
          &Adapter<T>::estimates,
          &Adapter<T>::critic_weight_clip,
          &Adapter<T>::generator_sees_real,
          &Adapter<T>::generator_loss_with_real};
}

}  // namespace divbench::plugin

// Exports the plugin's one entry point; arguments: divbench::plugin::describe<T>() for each T.
#define DIVBENCH_PLUGIN(...)                                                                       \
  extern "C" __attribute__((visibility("default"))) const DivbenchPluginV1* divbench_plugin(       \
      void) {                                                                                      \
    static const DivbenchObjectiveV2 objectives[] = {__VA_ARGS__};                                 \
    static const DivbenchPluginV2 plugin = {DIVBENCH_PLUGIN_ABI_VERSION,                           \
                                            sizeof objectives / sizeof objectives[0], objectives}; \
    /* version 1's entry type (see DivbenchPluginEntry); abi_version says which struct this is */ \
    return reinterpret_cast<const DivbenchPluginV1*>(&plugin);                                     \
  }
