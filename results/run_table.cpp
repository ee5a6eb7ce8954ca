#include "results/run_table.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "results/statistics.hpp"

namespace divbench {
namespace {

std::string status_text(const RunRecord& r) {
  return r.status == "diverged" ? fmt::format("diverged at {}", r.diverged_step) : r.status;
}

std::string last_or_dash(const std::vector<double>& v) {
  return v.empty() ? "-" : fmt::format("{:.4f}", v.back());
}

// The objective's estimates at the last curve point: "kl_fwd 0.12, kl_rev 0.30".
std::string last_estimates(const Curves& curves) {
  std::string out;
  for (const auto& [name, values] : curves.objective) {
    if (values.empty()) continue;
    out += fmt::format("{}{} {:.4g}", out.empty() ? "" : ", ", name, values.back());
  }
  return out.empty() ? "-" : out;
}

}  // namespace

std::string markdown_run_table_header() {
  return "| run | dataset | objective | seed | status | steps | d_loss | g_loss | objective's "
         "estimates | modes | HQ | seconds |\n"
         "|---|---|---|---:|---|---:|---:|---:|---|---:|---:|---:|\n";
}

std::string markdown_run_row(const std::string& name, const RunRecord& r) {
  return fmt::format(
      "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1f} |\n", name, r.config.dataset,
      r.config.objective, r.config.seed, status_text(r), r.steps_completed,
      last_or_dash(r.curves.d_loss), last_or_dash(r.curves.g_loss), last_estimates(r.curves),
      r.coverage ? fmt::format("{}/{}", r.coverage->modes_covered, r.coverage->modes_total) : "-",
      r.coverage && std::isfinite(r.coverage->hq_fraction)
          ? fmt::format("{:.3f}", r.coverage->hq_fraction)
          : "-",
      r.train_seconds);
}

std::string markdown_run_table(const NamedRuns& runs) {
  std::string out = markdown_run_table_header();
  for (const auto& [name, r] : runs) out += markdown_run_row(name, r);
  return out;
}

void RunSummaryTable::add(const RunRecord& r) {
  Group& g = groups_[{r.config.dataset, r.config.objective}];
  ++g.runs;
  if (r.status == "diverged") ++g.diverged;
  if (r.coverage) {
    g.modes.push_back(static_cast<double>(r.coverage->modes_covered));
    if (std::isfinite(r.coverage->hq_fraction)) g.hq.push_back(r.coverage->hq_fraction);
  }
}

std::string RunSummaryTable::markdown() const {
  std::string out =
      "| dataset | objective | runs | diverged | modes covered (mean ± std) | HQ fraction (mean ± "
      "std) |\n"
      "|---|---|---:|---:|---:|---:|\n";
  for (const auto& [key, g] : groups_) {
    const Summary m = summarise(g.modes);
    const Summary h = summarise(g.hq);
    out +=
        fmt::format("| {} | {} | {} | {} | {} | {} |\n", key.first, key.second, g.runs, g.diverged,
                    g.modes.empty() ? "-" : fmt::format("{:.2f} ± {:.2f}", m.mean, m.std),
                    g.hq.empty() ? "-" : fmt::format("{:.3f} ± {:.3f}", h.mean, h.std));
  }
  return out;
}

std::string markdown_summary_table(const NamedRuns& runs) {
  RunSummaryTable table;
  for (const auto& [name, r] : runs) table.add(r);
  return table.markdown();
}

}  // namespace divbench
