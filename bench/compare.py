#!/usr/bin/env python3
"""divbench against PyTorch on the CPU, and against this machine's limit: one table (issue #8).

  /usr/bin/python3 bench/compare.py [--build build/release] [--skip-run]

Rows, all single-threaded per run and measured in this invocation:
  reference step, small step   ms per training step (one D and one G update): divbench's
      Google Benchmark (bench/train_step_bench.cpp) against bench/torch_reference.py
      under both of OpenBLAS's kernel choices on this CPU (its own detection and
      OPENBLAS_CORETYPE=SkylakeX; the faster is the reference): each side's fastest timing over 5
      rounds in which the sides alternate — on a shared machine interference only ever adds time,
      and comes in spells that alternating spreads over both sides. The lower bound is the step's
      matrix-product FLOPs over the best rate of each product's shape on this machine, measured by
      bench/step_bound.cpp with Eigen's and OpenBLAS's kernels (the lowest of the rounds);
      "of bound" = bound / divbench.
  pacgan step, gp D step   ms per step of issue #19's networks (bench/network_bench.cpp) against
      bench/torch_networks.py: PacGAN's 2-D networks (G 4 x 400 BatchNorm ReLU without bias, D 3 x
      maxout(200, 5), batch 100), and the parameter gradient of a gradient penalty at 256 points
      (input gradient, then its double backward: torch.autograd.grad(create_graph=True)); fastest
      of 5 alternating rounds, PyTorch under the faster of its two kernel choices.
  wgan-gp, r1, pacgan M=2, unrolled steps   whole training steps with issue #20's methods: a
      WGAN-GP step and an R1 step at the reference sizes (G z(16) -> 256 -> 256 -> 2, D 2 -> 256 ->
      256 -> 1 ReLU, batch 256), the PacGAN step with packing 2, and an unrolled (k = 5) step; same
      protocol. Every trainer step (all but the gp D step) also has its lower bound, as the
      reference step's; when 0.6x PyTorch's time is below it, the target column says so: no
      faster kernel could meet the target, only fewer products.
  whole run   `divbench train` on ring8 with gan-ns, 20000 steps, evaluation every 1000 steps with
      every metric, against bench/torch_run.py doing the same work with PyTorch and scipy; also
      each side's evaluation share, and divbench's peak RSS.
  sweep scaling   a sweep of 4 runs (ring8, 3000 steps) with 1 and with 2 workers: runs per hour
      with 2 over runs per hour with 1.
--skip-run leaves out the last two (about 6 minutes).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [("reference step", 256, 256), ("small step", 64, 128)]
# (row, Google Benchmark name, bench/torch_networks.py kind, bench/bench_steps.hpp step to bound)
NETWORK_CASES = [("pacgan step", "pacgan_step", "pacgan", "pacgan"),
                 ("gp D step", "gp_step", "gp", None),
                 ("wgan-gp step", "wgan_gp_step", "wgan-gp", "wgan-gp"),
                 ("r1 step", "r1_step", "r1", "r1"),
                 ("pacgan M=2 step", "pacgan2_step", "pacgan2", "pacgan2"),
                 ("unrolled k=5 step", "unrolled_step", "unrolled", "unrolled")]
NETWORK_TARGET = 0.6
RUN_STEPS, RUN_EVERY = 20000, 1000
ROUNDS = 5


def divbench_env():
    """The environment less OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some machines here set
    to an older kernel (Haswell): divbench then chooses its kernels itself (common/gemm.hpp), as
    it does wherever they are not set."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def _has_avx512():
    try:
        with open("/proc/cpuinfo") as f:
            return " avx512f" in f.read()
    except OSError:
        return False


# OpenBLAS's kernel choices tried for PyTorch: its own, and SkylakeX where the CPU has AVX-512
# (forcing SkylakeX on a CPU without it stops PyTorch with SIGILL).
KERNELS = (None, "SkylakeX") if _has_avx512() else (None,)


def kernel_note(t, core):
    """'SkylakeX; other 5.010', or 'default' when only one kernel choice was timed."""
    others = [k for k in t if k != core]
    return f"{core or 'default'}" + "".join(f"; other {t[k]:.3f}" for k in others)


def run(cmd, env=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          env=divbench_env() if env is None else env).stdout


def torch_env(coretype):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    return env


def divbench_step_ms(build, batch, hidden):
    out = run([os.path.join(build, "bench", "divbench_bench_train_step"), "--benchmark_format=json",
               f"--benchmark_filter=batch:{batch}/hidden:{hidden}/"])
    (b,) = json.loads(out)["benchmarks"]
    assert b["time_unit"] == "ms"
    return b["real_time"]  # one iteration is one training step


def torch_step_ms(batch, hidden, coretype):
    out = run([sys.executable, os.path.join(HERE, "torch_reference.py"), "--time", "--best",
               "--repeats", "3", "--batch", str(batch), "--hidden", str(hidden)],
              env=torch_env(coretype))
    return float(out.strip())


def step_bound(build, *args):
    return json.loads(run([os.path.join(build, "bench", "divbench_bench_step_bound"),
                           *map(str, args)]))


def lower(kept, bound):
    """The lower of two bounds (`kept` may be None: none yet)."""
    return bound if kept is None or bound["bound_ms"] < kept["bound_ms"] else kept


def network_times(build, bench_name, torch_kind, bound_step, rounds=ROUNDS):
    """Fastest ms/step of divbench and of PyTorch (each kernel choice) over alternating rounds, and
    the lowest bound of divbench's step when `bound_step` names one."""
    best = {"divbench": float("inf"), "bound": None, **{k: float("inf") for k in KERNELS}}
    for _ in range(rounds):
        if bound_step is not None:
            best["bound"] = lower(best["bound"], step_bound(build, bound_step))
        out = run([os.path.join(build, "bench", "divbench_bench_networks"), "--benchmark_format=json",
                   f"--benchmark_filter=^{bench_name}/"])
        (b,) = json.loads(out)["benchmarks"]
        assert b["time_unit"] == "ms"
        best["divbench"] = min(best["divbench"], b["real_time"])
        for core in KERNELS:
            t = run([sys.executable, os.path.join(HERE, "torch_networks.py"), "--time", torch_kind],
                    env=torch_env(core))
            best[core] = min(best[core], float(t.strip()))
    return best


def step_times(build, batch, hidden, rounds=ROUNDS):
    """Fastest ms/step of each side, and the lowest bound, over `rounds` rounds, the measurements
    alternating within a round, so that a slow spell of the machine falls on all of them."""
    best = {"divbench": float("inf"), "bound": None, **{k: float("inf") for k in KERNELS}}
    for _ in range(rounds):
        best["bound"] = lower(best["bound"], step_bound(build, batch, hidden))
        best["divbench"] = min(best["divbench"], divbench_step_ms(build, batch, hidden))
        for core in KERNELS:
            best[core] = min(best[core], torch_step_ms(batch, hidden, core))
    return best


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=divbench_env() if env is None else env, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    out = child.stdout.read()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({child.returncode}): {child.stderr.read()}")
    return seconds, usage.ru_maxrss / 1024.0, out


def whole_run(build, coretype, tmp):
    import h5py
    out_file = os.path.join(tmp, "run.h5")
    seconds, rss, _ = timed([os.path.join(build, "cli", "divbench"), "train", "--dataset", "ring8",
                             "--objective", "gan-ns", "--seed", "0", "--steps", str(RUN_STEPS),
                             "--eval-every", str(RUN_EVERY), "--quiet", "--out", out_file])
    with h5py.File(out_file, "r") as f:
        eval_share = float(f.attrs["eval_seconds"]) / float(f.attrs["train_seconds"])
    t_seconds, _, out = timed([sys.executable, os.path.join(HERE, "torch_run.py"), "--steps",
                               str(RUN_STEPS), "--every", str(RUN_EVERY)], env=torch_env(coretype))
    t = json.loads(out)
    return seconds, rss, eval_share, t_seconds, t["eval_seconds"] / t["seconds"]


def sweep_scaling(build, tmp):
    sweep = os.path.join(tmp, "scaling.ini")
    with open(sweep, "w") as f:
        f.write("dataset = ring8\nobjective = gan-ns\nseed = 0..3\nsteps = 3000\neval-every = 1000\n")
    rate = {}
    for workers in (1, 2):
        seconds, _, _ = timed([os.path.join(build, "cli", "divbench"), "sweep", sweep, "--out",
                               os.path.join(tmp, f"sweep{workers}"), "--workers", str(workers)])
        rate[workers] = 4 * 3600.0 / seconds
    return rate


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(HERE, "..", "build", "release"))
    p.add_argument("--skip-run", action="store_true")
    a = p.parse_args()
    rows = []
    best_core = {}
    for name, batch, hidden in CASES:
        t = step_times(a.build, batch, hidden)
        ours, bound = t.pop("divbench"), t.pop("bound")
        core = min(t, key=t.get)
        best_core[name] = core
        rows.append((f"{name} (ms, {bound['flops'] / 1e6:.1f} MFLOP)", ours,
                     f"{t[core]:.3f} ({kernel_note(t, core)})",
                     ours / t[core], f"{bound['bound_ms']:.3f}",
                     f"{bound['bound_ms'] / ours:.2f}",
                     "<= 0.75x PyTorch, <= 1.25x bound" if batch == 256 else ">= 4x faster"))
    for name, bench_name, torch_kind, bound_step in NETWORK_CASES:
        t = network_times(a.build, bench_name, torch_kind, bound_step)
        ours, bound = t.pop("divbench"), t.pop("bound")
        core = min(t, key=t.get)
        target = f"<= {NETWORK_TARGET}x PyTorch"
        if bound is not None and bound["bound_ms"] > NETWORK_TARGET * t[core]:
            # divbench's own matrix products, at this machine's best rate, already take longer
            # than the target allows: only fewer products could meet it.
            target += f" (below the bound: {NETWORK_TARGET * t[core]:.3f} ms)"
        rows.append((f"{name} (ms" + (f", {bound['flops'] / 1e6:.1f} MFLOP)" if bound else ")"),
                     ours, f"{t[core]:.3f} ({kernel_note(t, core)})", ours / t[core],
                     f"{bound['bound_ms']:.3f}" if bound else "",
                     f"{bound['bound_ms'] / ours:.2f}" if bound else "", target))
    if not a.skip_run:
        with tempfile.TemporaryDirectory() as tmp:
            s, rss, share, ts, tshare = whole_run(a.build, best_core["reference step"], tmp)
            rows.append(("whole run (s)", s, f"{ts:.1f}", s / ts, "", "", ">= 2x faster"))
            rows.append(("  evaluation share", share, f"{tshare:.3f}", "", "", "", "< 0.10"))
            rows.append(("  peak RSS (MiB)", rss, "", "", "", "", "< 64"))
            rate = sweep_scaling(a.build, tmp)
            rows.append(("sweep runs/hour, 2 workers / 1", rate[2] / rate[1],
                         f"({rate[1]:.0f} and {rate[2]:.0f} runs/hour)", "", "", "", ">= 1.8"))
    header = ("case", "divbench", "PyTorch", "divbench/PyTorch", "lower bound", "of bound", "target")
    fmt = lambda v: f"{v:.3f}" if isinstance(v, float) else str(v)  # noqa: E731
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i in (0, 6) else "---:" for i in range(len(header))) + "|")
    for r in rows:
        print("| " + " | ".join(fmt(v) for v in r) + " |")
    print(f"\nPyTorch {run([sys.executable, '-c', 'import torch; print(torch.__version__)']).strip()}, "
          f"single-threaded; divbench/PyTorch < 1: divbench is faster.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
