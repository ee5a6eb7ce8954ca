#include "harness/checkpoint.hpp"

#include <stdexcept>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "divbench/build_info.hpp"
#include "common/hdf5_io.hpp"
#include "harness/run_file.hpp"
#include "common/gemm.hpp"

namespace divbench {
namespace {

// Tensors are stored as datasets "0000", "0001", ... in order, with their count as an attribute.
void put_buffers(H5::Group& group, const std::vector<std::vector<float>>& buffers) {
  put(group, "count", static_cast<long long>(buffers.size()));
  for (std::size_t i = 0; i < buffers.size(); ++i)
    put_vector(group, fmt::format("{:04d}", i), buffers[i], H5::PredType::NATIVE_FLOAT);
}

std::vector<std::vector<float>> get_buffers(const H5::Group& group, const std::string& where) {
  const long long n = get_int(group, "count", where);
  std::vector<std::vector<float>> out;
  for (long long i = 0; i < n; ++i)
    out.push_back(
        get_vector<float>(group, fmt::format("{:04d}", i), H5::PredType::NATIVE_FLOAT, where));
  return out;
}

// A network's tensors as datasets named after them, under parameters/ and buffers/.
void put_network(H5::Group& group, const NetworkState& state) {
  for (const auto& [kind, tensors] :
       {std::pair{"parameters", &state.parameters}, std::pair{"buffers", &state.buffers}}) {
    H5::Group g = group.createGroup(kind);
    for (const auto& [name, values] : *tensors)
      put_vector(g, name, values, H5::PredType::NATIVE_FLOAT);
  }
}

H5::Group open_group(const H5::Group& parent, const std::string& name, const std::string& where);

NetworkState get_network(const H5::Group& group, const std::string& where) {
  NetworkState state;
  for (const auto& [kind, tensors] :
       {std::pair{"parameters", &state.parameters}, std::pair{"buffers", &state.buffers}}) {
    const H5::Group g = open_group(group, kind, where);
    for (hsize_t i = 0; i < g.getNumObjs(); ++i) {
      const std::string name = g.getObjnameByIdx(i);
      tensors->emplace_back(name, get_vector<float>(g, name, H5::PredType::NATIVE_FLOAT,
                                                    where + "/" + kind));
    }
  }
  return state;
}

H5::Group open_group(const H5::Group& parent, const std::string& name, const std::string& where) {
  if (!parent.nameExists(name))
    throw std::runtime_error(fmt::format("{}: group '{}' is missing", where, name));
  return parent.openGroup(name);
}

}  // namespace

// The product kernels are part of it: resuming under other kernels (OpenBLAS updated or gone,
// DIVBENCH_GEMM=eigen) would change the numbers mid-run.
std::string this_binary() {
  return fmt::format("divbench {} ({}), {} {}, {}, products by {}", build::kVersion,
                     build::kGitCommit, build::kBuildType, build::kFlags, build::kCompiler,
                     gemm_backend());
}

void write_checkpoint(const std::string& path, const Checkpoint& c) {
  write_hdf5_atomically(path, "checkpoint", [&](H5::H5File& file) {
    H5::Group root = file.openGroup("/");
    put(root, "checkpoint_version", kCheckpointVersion);
    put(root, "identity", c.identity);
    put(root, "binary", c.binary);
    put(root, "step", c.step);
    put(root, "start_time", c.start_time);
    put(root, "train_seconds", c.train_seconds);
    put(root, "eval_seconds", c.eval_seconds);
    for (const auto& [name, state] :
         {std::pair{"generator", &c.generator}, std::pair{"discriminator", &c.discriminator}}) {
      H5::Group group = root.createGroup(name);
      put_network(group, *state);
    }
    for (const auto& [name, state] :
         {std::pair{"g_optimizer", &c.g_optimizer}, std::pair{"d_optimizer", &c.d_optimizer}}) {
      H5::Group group = root.createGroup(name);
      put(group, "steps", state->steps);
      put_buffers(group, state->buffers);
    }
    H5::Group rngs = root.createGroup("rng");
    for (const auto& [name, state] : c.rngs) {
      put_vector(rngs, name, std::vector<std::uint64_t>(state.begin(), state.end()),
                 H5::PredType::NATIVE_UINT64);
    }
    if (!c.counters.empty()) {
      H5::Group counters = root.createGroup("counters");
      for (const auto& [name, value] : c.counters) put(counters, name, value);
    }
    if (!c.generator_average.parameters.empty()) {
      H5::Group group = root.createGroup("generator_average");
      put_network(group, c.generator_average);
    }
    write_curves(root, c.curves);
  });
}

Checkpoint read_checkpoint(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path);
  const std::string where = path + ":/";
  Checkpoint c;
  try {
    const H5::Group root = file.openGroup("/");
    const long long version = get_int(root, "checkpoint_version", where);
    if (version != kCheckpointVersion) {
      throw std::runtime_error(fmt::format(
          "{}: checkpoint_version {} is not supported (this divbench reads {}{})", where, version,
          kCheckpointVersion,
          version == 1 ? "; version 1 stored parameters by position and no network buffers: "
                         "delete the checkpoint to start the run again"
                       : ""));
    }
    c.identity = get_string(root, "identity", where);
    c.binary = get_string(root, "binary", where);
    c.step = get_int(root, "step", where);
    c.start_time = get_string(root, "start_time", where);
    c.train_seconds = get_double(root, "train_seconds", where);
    c.eval_seconds = get_double(root, "eval_seconds", where);
    c.generator = get_network(open_group(root, "generator", where), where + "generator");
    c.discriminator =
        get_network(open_group(root, "discriminator", where), where + "discriminator");
    for (const auto& [name, state] :
         {std::pair{"g_optimizer", &c.g_optimizer}, std::pair{"d_optimizer", &c.d_optimizer}}) {
      const H5::Group group = open_group(root, name, where);
      state->steps = get_int(group, "steps", where + name);
      state->buffers = get_buffers(group, where + name);
    }
    const H5::Group rngs = open_group(root, "rng", where);
    for (hsize_t i = 0; i < rngs.getNumObjs(); ++i) {
      const std::string name = rngs.getObjnameByIdx(i);
      const auto words =
          get_vector<std::uint64_t>(rngs, name, H5::PredType::NATIVE_UINT64, where + "rng");
      if (words.size() != 4) {
        throw std::runtime_error(
            fmt::format("{}rng: '{}' has {} words, expected 4", where, name, words.size()));
      }
      c.rngs[name] = {words[0], words[1], words[2], words[3]};
    }
    if (root.nameExists("counters")) {
      const H5::Group counters = root.openGroup("counters");
      for (int i = 0; i < counters.getNumAttrs(); ++i) {
        const std::string name = counters.openAttribute(static_cast<unsigned>(i)).getName();
        c.counters[name] = get_int(counters, name, where + "counters");
      }
    }
    if (root.nameExists("generator_average")) {
      c.generator_average =
          get_network(root.openGroup("generator_average"), where + "generator_average");
    }
    c.curves = read_curves(root, where);
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot read checkpoint: {}", path, e.getDetailMsg()));
  }
  return c;
}

}  // namespace divbench
