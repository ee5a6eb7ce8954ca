#pragma once
// The divbench subcommands. Each takes the arguments after its name and returns the exit status:
// 0 success, 1 failure while running, 2 bad usage or input.
#include <string>
#include <vector>

namespace divbench::cli {

using Args = std::vector<std::string>;

int train_command(const Args& args);
int list_command(const Args& args);
int kl_command(const Args& args);
int plan_command(const Args& args);
int sweep_command(const Args& args);
int merge_command(const Args& args);
int slurm_command(const Args& args);
int compare_command(const Args& args);
int table_command(const Args& args);
int plot_command(const Args& args);
int reproduce_command(const Args& args);
int collect_command(const Args& args);
int summarize_command(const Args& args);
int version_command(const Args& args);

}  // namespace divbench::cli
