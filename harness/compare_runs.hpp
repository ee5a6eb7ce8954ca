#pragma once
// Bitwise comparison of run records: what "a run is a pure function of (binary, config, seed)"
// means in practice. Two records are the same run's numbers when their identifying options,
// status, steps, every curve value, the stored samples and every final metric agree bit for bit.
// Wall-clock times, provenance and bookkeeping options (output and checkpoint paths) are not
// compared: they describe how a run was carried out, not what it computed.
#include <string>
#include <vector>

#include "harness/run_record.hpp"

namespace divbench {

// Each difference as one line ("curves/metrics/knn_kl_fwd[3]: 0.1234 vs 0.1235"); empty when the
// two records agree. At most `limit` lines, then one saying how many more there were.
std::vector<std::string> run_differences(const RunRecord& a, const RunRecord& b,
                                         std::size_t limit = 20);

}  // namespace divbench
