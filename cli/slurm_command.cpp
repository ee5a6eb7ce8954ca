// `divbench slurm SWEEP --out DIR --tasks T [...] [--submit]`: a Slurm job array that runs the
// sweep in T shards (each task a `divbench sweep --shard i/T`), and a merge job that runs after
// every task succeeded (afterok). The scripts are written to DIR/slurm/ so they can be read,
// kept with the results and submitted by hand; --submit submits both and prints the job ids.
// Another cluster's conventions go in through --sbatch-option, --setup and --setup-file, never by
// editing the generated files.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/cli_helpers.hpp"
#include "cli/commands.hpp"
#include "harness/sweep_directory.hpp"
#include "objectives/plugin_loader.hpp"

namespace divbench::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct SlurmOptions {
  std::string out;
  long long tasks = 0;
  std::string partition, time, mem, account;
  long long cpus_per_task = 1;
  long long workers = 0;  // 0: cpus_per_task
  std::vector<std::string> sbatch_options;
  std::vector<std::string> setup;
  std::string setup_file;
  std::vector<std::string> then;  // shell lines the merge job runs after merging
  bool submit = false;
};

// Single-quoted for the shell.
std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The #SBATCH lines every job shares, then the shell preamble.
std::string common_header(const SlurmOptions& o, long long cpus) {
  std::string h;
  if (!o.partition.empty()) h += fmt::format("#SBATCH --partition={}\n", o.partition);
  if (!o.time.empty()) h += fmt::format("#SBATCH --time={}\n", o.time);
  if (!o.mem.empty()) h += fmt::format("#SBATCH --mem={}\n", o.mem);
  if (!o.account.empty()) h += fmt::format("#SBATCH --account={}\n", o.account);
  h += fmt::format("#SBATCH --cpus-per-task={}\n", cpus);
  for (const auto& line : o.sbatch_options) h += fmt::format("#SBATCH {}\n", line);
  h += "\nset -euo pipefail\n";
  if (!o.setup_file.empty()) {
    std::ifstream in(o.setup_file);
    std::stringstream text;
    text << in.rdbuf();
    h += fmt::format("# from {}\n{}", o.setup_file, text.str());
    if (!h.empty() && h.back() != '\n') h += '\n';
  }
  for (const auto& line : o.setup) h += line + "\n";
  const std::vector<std::string>& plugins = loaded_objective_plugins();
  if (!plugins.empty()) {
    std::string path;
    for (const auto& p : plugins) path += (path.empty() ? "" : ":") + p;
    h += fmt::format("export DIVBENCH_PLUGIN_PATH={}\n", shell_quoted(path));
  }
  return h;
}

void write_script(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write", path.string()));
  fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add);
}

// Runs a command and returns its standard output; throws with the output when it fails.
std::string run_captured(const std::string& command) {
  std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error(fmt::format("cannot run: {}", command));
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  if (status != 0) throw std::runtime_error(fmt::format("{} failed:\n{}", command, output));
  return output;
}

// "1234" or "1234;cluster" (sbatch --parsable) -> "1234".
std::string job_id_of(const std::string& parsable) {
  std::string id = parsable.substr(0, parsable.find_first_of(";\n"));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error(fmt::format("sbatch printed '{}', expected a job id", parsable));
  return id;
}

}  // namespace

int slurm_command(const Args& args) {
  std::string sweep_path;
  SlurmOptions o;
  po::options_description desc("Options");
  desc.add_options()("out", po::value(&o.out)->required(),
                     "output directory, on a file system every node sees")(
      "tasks", po::value(&o.tasks)->required(),
      "array tasks: the sweep's runs are split in T shards")("partition", po::value(&o.partition),
                                                             "sbatch --partition")(
      "time", po::value(&o.time), "sbatch --time per task, e.g. 4:00:00")(
      "cpus-per-task", po::value(&o.cpus_per_task)->default_value(1),
      "sbatch --cpus-per-task; also the runs each task runs at a time")(
      "mem", po::value(&o.mem), "sbatch --mem per task, e.g. 4G")("account", po::value(&o.account),
                                                                  "sbatch --account")(
      "workers", po::value(&o.workers)->default_value(0),
      "runs at a time in each task (default: --cpus-per-task)")(
      "sbatch-option", po::value(&o.sbatch_options)->composing(),
      "an extra #SBATCH line for both jobs, e.g. --qos=low (repeatable)")(
      "setup", po::value(&o.setup)->composing(),
      "a shell line run before divbench in both jobs, e.g. 'module load hdf5' (repeatable)")(
      "setup-file", po::value(&o.setup_file),
      "a file of shell lines run before divbench (a cluster's conventions, kept in one place)")(
      "then", po::value(&o.then)->composing(),
      "a shell line the merge job runs after merging; $DIVBENCH is this divbench (repeatable)")(
      "submit", po::bool_switch(&o.submit), "submit both jobs with sbatch and print their ids")(
      "help,h", "show this help");
  Sweep sweep;
  try {
    if (!parse_command_line(
            args, desc, {{"sweep", 1, po::value(&sweep_path)}},
            "usage: divbench slurm SWEEP.ini --out DIR --tasks T [options] [--submit]"))
      return 0;
    if (sweep_path.empty()) throw std::invalid_argument("needs a sweep file");
    if (o.tasks < 1)
      throw std::invalid_argument(
          fmt::format("--tasks: expected an integer >= 1, found {}", o.tasks));
    if (o.cpus_per_task < 1) {
      throw std::invalid_argument(
          fmt::format("--cpus-per-task: expected an integer >= 1, found {}", o.cpus_per_task));
    }
    if (o.workers < 0)
      throw std::invalid_argument(
          fmt::format("--workers: expected an integer >= 0, found {}", o.workers));
    if (!o.setup_file.empty() && !fs::is_regular_file(o.setup_file))
      throw std::invalid_argument(fmt::format("--setup-file: {}: no such file", o.setup_file));
    sweep = load_sweep(sweep_path);
    prepare_sweep_directory(o.out);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench slurm: {}\n", e.what());
    return 2;
  }
  const long long tasks = std::min<long long>(o.tasks, static_cast<long long>(sweep.runs.size()));
  if (tasks < o.tasks) {
    fmt::print(stderr, "divbench slurm: {} runs: using {} tasks, not {}\n", sweep.runs.size(),
               tasks, o.tasks);
  }
  const long long workers = o.workers > 0 ? o.workers : o.cpus_per_task;

  fs::create_directories(o.out);
  const fs::path dir = fs::absolute(o.out).lexically_normal();
  const fs::path slurm_dir = dir / "slurm";
  fs::create_directories(slurm_dir / "logs");
  const std::string note = record_sweep(dir.string(), sweep);
  if (!note.empty()) fmt::print(stderr, "{}\n", note);
  const std::string id = sweep_id(sweep);
  const std::string binary = self_executable().string();
  // The frozen copy of this sweep: DIR/sweep.ini may later name another sweep run into DIR.
  const std::string sweep_file = (dir / "sweeps" / (id + ".ini")).string();

  const std::string array = fmt::format(
      "#!/bin/bash\n"
      "# Generated by 'divbench slurm': sweep {id} ({runs} runs, {src}) in {tasks} array tasks.\n"
      "# Each task runs its shard of the runs, {workers} at a time; a task pre-empted or requeued\n"
      "# continues from the runs' checkpoints. A task whose runs all succeeded merges them into\n"
      "# DIR/shards/, from where the merge job copies them.\n"
      "#SBATCH --job-name=divbench-{id}\n"
      "#SBATCH --array=0-{last}\n"
      "#SBATCH --output={logs}/array-%A_%a.out\n"
      "#SBATCH --open-mode=append\n"
      "#SBATCH --requeue\n"
      "{header}\n"
      "{bin} sweep {sweep} --out {dir} --workers {workers} --shard "
      "\"$SLURM_ARRAY_TASK_ID/{tasks}\" || exit $?\n"
      "exec {bin} merge {dir} --sweep {sweep} --shard \"$SLURM_ARRAY_TASK_ID/{tasks}\"\n",
      fmt::arg("id", id), fmt::arg("runs", sweep.runs.size()), fmt::arg("src", sweep.path),
      fmt::arg("tasks", tasks), fmt::arg("workers", workers), fmt::arg("last", tasks - 1),
      fmt::arg("logs", (slurm_dir / "logs").string()),
      fmt::arg("header", common_header(o, o.cpus_per_task)), fmt::arg("bin", shell_quoted(binary)),
      fmt::arg("sweep", shell_quoted(sweep_file)), fmt::arg("dir", shell_quoted(dir.string())));
  std::string then_lines;
  for (const auto& line : o.then) then_lines += line + "\n";
  const std::string merge = fmt::format(
      "#!/bin/bash\n"
      "# Generated by 'divbench slurm': merges sweep {id} once every array task has succeeded.\n"
      "#SBATCH --job-name=divbench-{id}-merge\n"
      "#SBATCH --output={logs}/merge-%j.out\n"
      "{header}\n"
      "DIVBENCH={bin}\n"
      "\"$DIVBENCH\" merge {dir} --sweep {sweep}\n"
      "{then}",
      fmt::arg("id", id), fmt::arg("logs", (slurm_dir / "logs").string()),
      fmt::arg("header", common_header(o, 1)), fmt::arg("bin", shell_quoted(binary)),
      fmt::arg("dir", shell_quoted(dir.string())), fmt::arg("sweep", shell_quoted(sweep_file)),
      fmt::arg("then", then_lines));
  const fs::path array_script = slurm_dir / "array.sbatch";
  const fs::path merge_script = slurm_dir / "merge.sbatch";
  try {
    write_script(array_script, array);
    write_script(merge_script, merge);
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench slurm: {}\n", e.what());
    return 1;
  }
  fmt::print("{}: {} runs (sweep {}) in {} array tasks, {} runs at a time each\n  {}\n  {}\n",
             sweep.path, sweep.runs.size(), id, tasks, workers, array_script.string(),
             merge_script.string());
  if (!o.submit) {
    fmt::print(
        "submit with:\n  jobid=$(sbatch --parsable {})\n  sbatch --dependency=afterok:$jobid {}\n",
        array_script.string(), merge_script.string());
    return 0;
  }
  try {
    const std::string array_job =
        job_id_of(run_captured("sbatch --parsable " + shell_quoted(array_script.string())));
    const std::string merge_job =
        job_id_of(run_captured(fmt::format("sbatch --parsable --dependency=afterok:{} {}",
                                           array_job, shell_quoted(merge_script.string()))));
    std::ofstream(slurm_dir / "jobs.txt", std::ios::app)
        << fmt::format("array {} merge {}\n", array_job, merge_job);
    fmt::print("submitted array job {} ({} tasks) and merge job {} (afterok:{})\n", array_job,
               tasks, merge_job, array_job);
    fmt::print("merged file when done: {}\n", (dir / "merged.h5").string());
  } catch (const std::exception& e) {
    fmt::print(stderr, "divbench slurm: {}\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace divbench::cli
