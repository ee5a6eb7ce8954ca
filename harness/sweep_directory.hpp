#pragma once
// Which sweep a sweep's output directory holds. `divbench sweep` and `divbench slurm` record the
// sweep file in DIR so that `divbench merge DIR` and requeued Slurm tasks know what was run, and
// so that a later, changed sweep into the same DIR is noticed (docs/hdf5-schema.md, "A sweep's
// output directory").
#include <string>

#include "harness/sweep.hpp"

namespace divbench {

// DIR/sweep.ini: the sweep that `divbench sweep` or `divbench slurm` last ran into DIR. Each
// sweep run into DIR is also kept as DIR/sweeps/<sweep id>.ini.
std::string sweep_file_of(const std::string& dir);
// Records `sweep` in DIR (atomically; several array tasks may do it at once). Returns a note when
// it replaced a different sweep, else "".
std::string record_sweep(const std::string& dir, const Sweep& sweep);

// Creates DIR and the folders a sweep writes (sweeps/, runs/, logs/) and checks that files can be
// written there, before any work starts: throws std::invalid_argument "DIR: cannot ...: reason"
// (a read-only file system, a missing permission, a full disk).
void prepare_sweep_directory(const std::string& dir);

}  // namespace divbench
