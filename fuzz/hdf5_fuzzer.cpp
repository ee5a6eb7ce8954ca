// libFuzzer target for divbench's HDF5 readers: the results reader — `divbench table`
// (read_runs_for_table: a merged sweep's index, else read_runs; then a table of every metric the
// runs have, in each format) and `divbench merge` (a one-run sweep whose run file it is, then an
// --out that already holds it) — and the data-file loader
// (`--dataset file:path=FILE.h5:/dataset`, `divbench kl`) on every dataset of the file, with and
// without labels. Whatever the file holds, they either work or throw an ordinary error (a
// std::exception) that names the file; nothing else — no crash, no sanitizer report, no HDF5
// exception escaping, no HDF5 object left open.
//
// Structure-aware. Byte-level mutation of an HDF5 file exercises libhdf5's own parser, and libhdf5
// 1.10.8 (Debian 12) has memory errors there that divbench cannot mend: the first such run here
// stopped within seconds at a memcpy-param-overlap in H5HG_read (a corrupted global-heap length).
// What divbench's own reader must survive is a well-formed HDF5 file with the wrong content. So
// the input is an edit script (read with libFuzzer's FuzzedDataProvider) applied through the HDF5
// API to a valid run file or a valid merged sweep, both made at start-up by training two tiny runs:
// attributes and datasets deleted, retyped, reshaped, set to NaN, Inf or extreme values; groups
// deleted, added or copied under other names.
//
// HDF5 reads files by name: the files live under $DIVBENCH_FUZZ_SCRATCH (set by
// tests/fuzz_test.sh; else a directory under /tmp).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <H5Cpp.h>
#include <fuzzer/FuzzedDataProvider.h>

#include "datasets/data_file.hpp"
#include "harness/merge.hpp"
#include "harness/merged_file.hpp"
#include "harness/run_file.hpp"
#include "harness/run_training.hpp"
#include "harness/sweep.hpp"
#include "results/table.hpp"

namespace fs = std::filesystem;
using namespace divbench;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    const char* env = std::getenv("DIVBENCH_FUZZ_SCRATCH");
    fs::path d = env != nullptr
                     ? fs::path(env)
                     : fs::temp_directory_path() / ("divbench-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// A sweep of two tiny runs, trained and merged once: its run files and merged file are the bases.
struct Bases {
  Sweep sweep;
  fs::path dir;
  fs::path run_file;
  fs::path merged;
};

const Bases& bases() {
  static const Bases b = [] {
    Bases out;
    out.sweep = parse_sweep(
        "dataset = ring8\nobjective = gan-ns\nseed = 0, 1\nsteps = 20\neval-every = 10\n"
        "eval-samples = 40\nfinal-samples = 40\ng-width = 8\nd-width = 8\nbatch-size = 16\n",
        "fuzz.ini");
    out.dir = scratch() / "bases";
    fs::create_directories(out.dir / "runs");
    for (const SweepRun& run : out.sweep.runs) {
      write_run_file((out.dir / "runs" / (run.id + ".h5")).string(), run_training(run.config));
    }
    out.run_file = out.dir / "runs" / (out.sweep.runs[0].id + ".h5");
    out.merged = out.dir / "merged.h5";
    (void)merge_sweep(out.sweep, out.dir.string(), out.merged.string());
    return out;
  }();
  return b;
}

// ---- the edits ----------------------------------------------------------------------------------

struct Inventory {
  std::vector<std::string> groups;                              // paths, "/" included
  std::vector<std::string> datasets;                            // paths
  std::vector<std::pair<std::string, std::string>> attributes;  // (object path, name)
};

herr_t note_object(hid_t, const char* name, const H5O_info_t* info, void* data) {
  auto& inv = *static_cast<Inventory*>(data);
  const std::string path = std::string(name) == "." ? "/" : "/" + std::string(name);
  if (info->type == H5O_TYPE_GROUP) inv.groups.push_back(path);
  if (info->type == H5O_TYPE_DATASET) inv.datasets.push_back(path);
  return 0;
}

Inventory take_inventory(hid_t file) {
  Inventory inv;
  H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, note_object, &inv, H5O_INFO_BASIC);
  std::vector<std::string> objects = inv.groups;
  objects.insert(objects.end(), inv.datasets.begin(), inv.datasets.end());
  for (const std::string& object : objects) {
    H5O_info_t info;
    if (H5Oget_info_by_name2(file, object.c_str(), &info, H5O_INFO_NUM_ATTRS, H5P_DEFAULT) < 0)
      continue;
    for (hsize_t i = 0; i < info.num_attrs; ++i) {
      char name[256] = "";
      if (H5Aget_name_by_idx(file, object.c_str(), H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                             H5P_DEFAULT) > 0)
        inv.attributes.emplace_back(object, name);
    }
  }
  return inv;
}

template <class T>
const T& pick(FuzzedDataProvider& in, const std::vector<T>& items) {
  return items[in.ConsumeIntegralInRange<std::size_t>(0, items.size() - 1)];
}

double some_double(FuzzedDataProvider& in) {
  constexpr double specials[] = {0.0,
                                 -1.0,
                                 1.0,
                                 1e308,
                                 -1e308,
                                 std::numeric_limits<double>::quiet_NaN(),
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::denorm_min()};
  if (in.ConsumeBool()) return specials[in.ConsumeIntegralInRange<std::size_t>(0, 8)];
  return in.ConsumeFloatingPoint<double>();
}

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = {"runs",
                                                 "curves",
                                                 "final",
                                                 "samples",
                                                 "config",
                                                 "index",
                                                 "step",
                                                 "d_loss",
                                                 "g_loss",
                                                 "objective",
                                                 "metrics",
                                                 "modes_covered",
                                                 "modes_total",
                                                 "hq_histogram",
                                                 "schema_version",
                                                 "status",
                                                 "seed",
                                                 "dataset",
                                                 "sweep_id",
                                                 "x",
                                                 "options",
                                                 "merge_schema_version",
                                                 "steps_completed",
                                                 "shards",
                                                 "id"};
  return words;
}

// A new attribute or dataset of a random type and shape, filled from the input.
hid_t some_type(FuzzedDataProvider& in, int* kind) {
  *kind = in.ConsumeIntegralInRange(0, 3);
  if (*kind == 0) return H5Tcopy(H5T_NATIVE_DOUBLE);
  if (*kind == 1) return H5Tcopy(H5T_NATIVE_FLOAT);
  if (*kind == 2) return H5Tcopy(H5T_NATIVE_INT64);
  const hid_t s = H5Tcopy(H5T_C_S1);
  H5Tset_size(s, H5T_VARIABLE);
  return s;
}

void fill_and_write(FuzzedDataProvider& in, hid_t target, bool attribute, hid_t type, int kind,
                    std::size_t count) {
  const auto write = [&](hid_t memtype, const void* buf) {
    if (attribute) {
      H5Awrite(target, memtype, buf);
    } else {
      H5Dwrite(target, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    }
  };
  if (kind <= 1) {
    std::vector<double> v(count);
    for (double& x : v) x = some_double(in);
    write(H5T_NATIVE_DOUBLE, v.data());
  } else if (kind == 2) {
    std::vector<std::int64_t> v(count);
    for (auto& x : v) x = in.ConsumeIntegral<std::int64_t>();
    write(H5T_NATIVE_INT64, v.data());
  } else {
    std::vector<std::string> text(count);
    std::vector<const char*> ptrs(count);
    for (std::size_t i = 0; i < count; ++i) {
      text[i] = in.ConsumeBool() ? pick(in, vocabulary()) : in.ConsumeRandomLengthString(16);
      ptrs[i] = text[i].c_str();
    }
    write(type, ptrs.data());
  }
}

hid_t some_space(FuzzedDataProvider& in, std::size_t* count) {
  const int rank = in.ConsumeIntegralInRange(0, 3);
  if (rank == 0) {
    *count = 1;
    return H5Screate(H5S_SCALAR);
  }
  hsize_t dims[3];
  *count = 1;
  for (int i = 0; i < rank; ++i) {
    dims[i] = in.ConsumeIntegralInRange<hsize_t>(0, 5);
    *count *= dims[i];
  }
  return H5Screate_simple(rank, dims, nullptr);
}

void new_attribute(FuzzedDataProvider& in, hid_t file, const std::string& object,
                   const std::string& name) {
  int kind = 0;
  const hid_t type = some_type(in, &kind);
  std::size_t count = 0;
  const hid_t space = some_space(in, &count);
  const hid_t a = H5Acreate_by_name(file, object.c_str(), name.c_str(), type, space, H5P_DEFAULT,
                                    H5P_DEFAULT, H5P_DEFAULT);
  if (a >= 0) {
    fill_and_write(in, a, true, type, kind, count);
    H5Aclose(a);
  }
  H5Sclose(space);
  H5Tclose(type);
}

void new_dataset(FuzzedDataProvider& in, hid_t file, const std::string& path) {
  int kind = 0;
  const hid_t type = some_type(in, &kind);
  std::size_t count = 0;
  const hid_t space = some_space(in, &count);
  const hid_t d =
      H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (d >= 0) {
    fill_and_write(in, d, false, type, kind, count);
    H5Dclose(d);
  }
  H5Sclose(space);
  H5Tclose(type);
}

void apply_edit(FuzzedDataProvider& in, hid_t file) {
  const Inventory inv = take_inventory(file);
  switch (in.ConsumeIntegralInRange(0, 6)) {
    case 0:  // delete an attribute
      if (!inv.attributes.empty()) {
        const auto& [object, name] = pick(in, inv.attributes);
        H5Adelete_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT);
      }
      break;
    case 1:  // replace an attribute by one of another type or shape
      if (!inv.attributes.empty()) {
        const auto [object, name] = pick(in, inv.attributes);
        H5Adelete_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT);
        new_attribute(in, file, object, name);
      }
      break;
    case 2:  // set a numeric attribute to another value, keeping its type
      if (!inv.attributes.empty()) {
        const auto& [object, name] = pick(in, inv.attributes);
        const hid_t a =
            H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
        if (a < 0) break;
        const hid_t space = H5Aget_space(a);
        const hssize_t n = H5Sget_simple_extent_npoints(space);
        const hid_t type = H5Aget_type(a);
        const H5T_class_t cls = H5Tget_class(type);
        if (n > 0 && (cls == H5T_FLOAT || cls == H5T_INTEGER)) {
          fill_and_write(in, a, true, type, cls == H5T_FLOAT ? 0 : 2, static_cast<std::size_t>(n));
        }
        H5Tclose(type);
        H5Sclose(space);
        H5Aclose(a);
      }
      break;
    case 3:  // delete a group or a dataset
    {
      std::vector<std::string> objects(inv.groups.begin() + 1, inv.groups.end());
      objects.insert(objects.end(), inv.datasets.begin(), inv.datasets.end());
      if (!objects.empty()) H5Ldelete(file, pick(in, objects).c_str(), H5P_DEFAULT);
      break;
    }
    case 4:  // replace a dataset by one of another type or shape
      if (!inv.datasets.empty()) {
        const std::string path = pick(in, inv.datasets);
        H5Ldelete(file, path.c_str(), H5P_DEFAULT);
        new_dataset(in, file, path);
      }
      break;
    case 5:  // a new attribute, dataset or group under a group
    {
      const std::string& parent = pick(in, inv.groups);
      const std::string name = pick(in, vocabulary());
      const std::string path = (parent == "/" ? "" : parent) + "/" + name;
      const int what = in.ConsumeIntegralInRange(0, 2);
      if (what == 0) new_attribute(in, file, parent, name);
      if (what == 1) new_dataset(in, file, path);
      if (what == 2) {
        const hid_t g = H5Gcreate2(file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (g >= 0) H5Gclose(g);
      }
      break;
    }
    case 6:  // copy a group under another name (a second run in /runs, say)
    {
      const std::string& source = pick(in, inv.groups);
      const std::string& parent = pick(in, inv.groups);
      const std::string path = (parent == "/" ? "" : parent) + "/" + pick(in, vocabulary()) +
                               std::to_string(in.ConsumeIntegralInRange(0, 9));
      H5Ocopy(file, source.c_str(), file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      break;
    }
  }
}

// ---- the checks ---------------------------------------------------------------------------------

// An error from reading `path` must say which file it is about.
void check_names(const std::exception& e, const fs::path& path) {
  if (std::string(e.what()).find(path.string()) != std::string::npos) return;
  std::fprintf(stderr, "the error does not name %s: %s\n", path.c_str(), e.what());
  __builtin_trap();
}

// A file object left open (a leaked handle) keeps the file open inside HDF5: a later create of
// the same name fails, and a long `divbench table` over many files would run out of handles.
// Datatypes are not counted: HDF5 counts every transient one, and the C++ API's PredType
// constants are ~120 of those.
void check_all_closed(const char* after) {
  constexpr unsigned kinds = H5F_OBJ_FILE | H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_ATTR;
  const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, kinds);
  if (open == 0) return;
  std::vector<hid_t> ids(static_cast<std::size_t>(open));
  H5Fget_obj_ids(H5F_OBJ_ALL, kinds, ids.size(), ids.data());
  std::fprintf(stderr, "%s left %zd HDF5 objects open, among them:\n", after, open);
  for (std::size_t i = 0; i < ids.size() && i < 8; ++i) {
    char name[256] = "";
    H5Iget_name(ids[i], name, sizeof name);
    std::fprintf(stderr, "  type %d '%s' (%d references)\n", static_cast<int>(H5Iget_type(ids[i])),
                 name, H5Iget_ref(ids[i]));
  }
  __builtin_trap();
}

void fuzz_table(const fs::path& file) {
  NamedRuns runs;
  try {
    // A merged sweep through its index (/index, /config, /options), as `divbench table` reads
    // it; anything else run by run.
    for (auto& [name, record] : read_runs_for_table(file.string()))
      runs.emplace_back(name, std::move(record));
  } catch (const std::exception& e) {
    check_names(e, file);
    return;
  }
  if (runs.empty()) return;
  try {
    TableOptions options;
    options.rows = "objective";
    options.cols = "dataset";
    options.metrics = known_metrics(runs);
    if (options.metrics.empty()) return;
    for (const TableFormat format : {TableFormat::markdown, TableFormat::latex, TableFormat::csv}) {
      options.format = format;
      (void)render_table(build_table(runs, options));
    }
  } catch (const std::invalid_argument&) {
  }
}

// HDF5's automatic error printing off while alive, then restored as it was.
class QuietHdf5 {
 public:
  QuietHdf5() {
    H5Eget_auto2(H5E_DEFAULT, &handler_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, handler_, data_); }
  QuietHdf5(const QuietHdf5&) = delete;
  QuietHdf5& operator=(const QuietHdf5&) = delete;

 private:
  H5E_auto2_t handler_ = nullptr;
  void* data_ = nullptr;
};

// Every dataset of the file as data, and as data with another one as labels.
void fuzz_data_loader(FuzzedDataProvider& in, const fs::path& file) {
  const hid_t h = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (h < 0) __builtin_trap();  // the edits keep it an HDF5 file
  const Inventory inv = take_inventory(h);
  H5Fclose(h);
  for (const std::string& dataset : inv.datasets) {
    DataFileOptions options;
    if (in.ConsumeBool()) options.labels = file.string() + ":" + pick(in, inv.datasets);
    try {
      const DataFile data = load_data_file(file.string() + ":" + dataset, options);
      if (!options.labels.empty() && data.labels.size() != static_cast<std::size_t>(data.x.rows()))
        __builtin_trap();
    } catch (const std::exception& e) {
      check_names(e, file);
    }
  }
}

// `file` as the run file of the base sweep's first run, then as the sweep's existing --out.
void fuzz_merge(const fs::path& file) {
  const Sweep& sweep = bases().sweep;
  const fs::path dir = scratch() / "sweep";
  const fs::path run_file = dir / "runs" / (sweep.runs[0].id + ".h5");
  const fs::path out = scratch() / "merged.h5";
  fs::remove_all(dir);
  fs::create_directories(dir / "runs");
  fs::copy_file(file, run_file);
  fs::remove(out);
  try {
    (void)merge_sweep(sweep, dir.string(), out.string());
    (void)read_runs(out.string());  // what merge writes must read back
  } catch (const std::exception& e) {
    check_names(e, run_file);
  }
  fs::copy_file(file, out, fs::copy_options::overwrite_existing);
  try {
    (void)merge_sweep(sweep, dir.string(), out.string());
  } catch (const std::exception& e) {
    check_names(e, out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const fs::path file = scratch() / "input.h5";
  fs::copy_file(in.ConsumeBool() ? bases().merged : bases().run_file, file,
                fs::copy_options::overwrite_existing);
  {
    const QuietHdf5 quiet;  // edits that HDF5 refuses are simply skipped
    const hid_t h = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (h < 0) __builtin_trap();
    const int edits = in.ConsumeIntegralInRange(1, 6);
    for (int i = 0; i < edits && in.remaining_bytes() > 0; ++i) apply_edit(in, h);
    H5Fclose(h);
  }
  check_all_closed("editing");
  fuzz_table(file);
  check_all_closed("reading for a table");
  fuzz_merge(file);
  check_all_closed("merging");
  {
    const QuietHdf5 quiet;
    fuzz_data_loader(in, file);
  }
  check_all_closed("loading data");
  return 0;
}
