"""divbench's estimators from Python: closed forms, the command line's numbers on the same data,
array layouts, the GIL, and errors."""
import math
import re
import threading

import numpy as np
import pytest

import divbench
from conftest import run_cli


def gaussians(n, shift, seed):
    rng = np.random.default_rng(seed)
    p = rng.standard_normal((n, 2))
    q = rng.standard_normal((n, 2)) + np.asarray(shift)
    return p, q


def test_kl_of_two_gaussians_is_half_the_squared_shift():
    # KL(N(0, I) || N(mu, I)) = |mu|^2 / 2 = 0.5 for mu = (1, 0).
    p, q = gaussians(20000, [1.0, 0.0], 1)
    assert divbench.kl(p, q, k=5) == pytest.approx(0.5, abs=0.05)
    same, _ = gaussians(20000, [0, 0], 11)          # an independent sample of P
    assert divbench.kl(p, same, k=5) == pytest.approx(0.0, abs=0.05)


def test_entropy_of_a_standard_gaussian():
    # H(N(0, I_2)) = log(2 pi e) = 2.8379 nats.
    x, _ = gaussians(20000, [0, 0], 2)
    assert divbench.entropy(x, k=5) == pytest.approx(math.log(2 * math.pi * math.e), abs=0.03)


def test_the_same_numbers_as_divbench_kl(tmp_path, divbench_cli):
    p, q = gaussians(3000, [0.5, -0.5], 3)
    p, q = p.astype(np.float32), q.astype(np.float32)  # the CLI reads files as float32
    np.savetxt(tmp_path / "p.csv", p, delimiter=",", fmt="%.9g")
    np.savetxt(tmp_path / "q.csv", q, delimiter=",", fmt="%.9g")
    out = run_cli(divbench_cli, "kl", tmp_path / "p.csv", tmp_path / "q.csv", "--k", 4,
                  "--modes", "ring8")
    printed = {m.group(1): float(m.group(2))
               for m in re.finditer(r"^(KL\(P \|\| Q\)|KL\(Q \|\| P\)|H\(P\)|H\(Q\)) +(\S+)", out, re.M)}
    assert divbench.kl(p, q, k=4) == pytest.approx(printed["KL(P || Q)"], abs=5e-5)
    assert divbench.kl(q, p, k=4) == pytest.approx(printed["KL(Q || P)"], abs=5e-5)
    assert divbench.entropy(p, k=4) == pytest.approx(printed["H(P)"], abs=5e-5)
    assert divbench.entropy(q, k=4) == pytest.approx(printed["H(Q)"], abs=5e-5)
    c = divbench.mode_coverage(q, dataset="ring8")
    m = re.search(r"Q covers (\d+)/(\d+) modes; high-quality fraction (\S+); "
                  r"mode-histogram KL (\S+), reverse (\S+)", out)
    assert (c["modes_covered"], c["modes_total"]) == (int(m.group(1)), int(m.group(2)))
    assert c["hq_fraction"] == pytest.approx(float(m.group(3)), abs=5e-5)
    assert c["kl_modes_reverse"] == pytest.approx(float(m.group(5)), abs=5e-5)
    known = re.search(r"^KL\(Q \|\| data\) +(\S+)", out, re.M)
    assert divbench.known_density_kl(q, "ring8", k=4) == pytest.approx(float(known.group(1)),
                                                                       abs=5e-5)


def test_layouts_and_types_give_the_same_numbers():
    p, q = gaussians(2000, [0.3, 0.0], 4)
    p32, q32 = p.astype(np.float32), q.astype(np.float32)
    reference = divbench.kl(p32.astype(np.float64), q32.astype(np.float64))
    assert divbench.kl(p32, q32) == reference                       # float32, converted once
    assert divbench.kl(np.asfortranarray(p32), np.asfortranarray(q32)) == reference
    assert divbench.kl(p32.astype(np.float64)[:, :], q32.astype(np.float64)) == reference
    wide = np.concatenate([p32, p32], axis=1).astype(np.float64)    # a strided view
    assert divbench.kl(wide[:, :2], q32.astype(np.float64)) == reference
    frozen = p32.astype(np.float64)
    frozen.setflags(write=False)                                    # read-only input is fine
    assert divbench.kl(frozen, q32.astype(np.float64)) == reference
    assert divbench.kl(p.tolist(), q.tolist()) == divbench.kl(p, q)  # any array-like


def test_precision_recall_and_density_coverage_closed_forms():
    x, _ = gaussians(500, [0, 0], 5)
    far = x + 100.0
    assert divbench.precision_recall(x, x, k=3) == {"precision": 1.0, "recall": 1.0}
    assert divbench.precision_recall(x, far, k=3) == {"precision": 0.0, "recall": 0.0}
    same = divbench.density_coverage(x, x, k=5)
    assert same["coverage"] == 1.0 and same["density"] >= 1.0
    assert divbench.density_coverage(x, far, k=5) == {"density": 0.0, "coverage": 0.0}


def test_mode_coverage_at_the_centres_and_from_a_mixture_file(tmp_path):
    angles = 2 * np.pi * np.arange(8) / 8
    centres = np.stack([2 * np.cos(angles), 2 * np.sin(angles)], axis=1)   # ring8: radius 2
    c = divbench.mode_coverage(np.repeat(centres, 10, axis=0), dataset="ring8")
    assert (c["modes_covered"], c["modes_total"], c["hq_fraction"]) == (8, 8, 1.0)
    assert c["kl_modes"] == pytest.approx(0.0, abs=1e-12)
    assert list(c["histogram"]) == [10] * 8
    one = divbench.mode_coverage(np.repeat(centres[:1], 80, axis=0), dataset="ring8")
    assert one["modes_covered"] == 1 and one["kl_modes"] == pytest.approx(math.log(8))
    mixture = tmp_path / "two.csv"
    mixture.write_text("0.5,0,0,1,1\n0.5,10,0,1,1\n")    # weight, means, stds
    two = divbench.mode_coverage(np.array([[0.1, 0.0], [4.0, 0.0], [10.0, 1.0]]),
                                 dataset=str(mixture))
    assert (two["modes_covered"], two["modes_total"]) == (2, 2)
    assert two["hq_fraction"] == pytest.approx(2 / 3)
    euclid = divbench.mode_coverage(np.array([[2.5, 0.0]]), dataset=str(mixture), threshold=2,
                                    distance="euclidean")
    assert euclid["modes_covered"] == 0


def test_the_gil_is_released_while_an_estimator_computes():
    p, q = gaussians(200000, [0.2, 0.0], 6)
    ticks, done = [0], threading.Event()

    def estimate():
        divbench.kl(p, q, k=5)
        done.set()

    worker = threading.Thread(target=estimate)
    worker.start()
    while not done.is_set():
        ticks[0] += 1          # runs only while the estimator does not hold the GIL
    worker.join()
    assert ticks[0] > 1000


@pytest.mark.parametrize("call, message", [
    (lambda p: divbench.kl(p, p, k=0), "k: expected an integer >= 1, found 0"),
    (lambda p: divbench.kl(p, p[:, :1].copy()), "p has 2 columns but q has 1"),
    (lambda p: divbench.kl(p[:, 0], p), "p: expected a 2-D array"),
    (lambda p: divbench.kl(p[:3], p[:3], k=5), "k = 5 needs at least"),
    (lambda p: divbench.mode_coverage(p, dataset="ring7x"), "unknown dataset 'ring7x'"),
    (lambda p: divbench.mode_coverage(p, dataset="ring8", distance="manhattan"),
     "standardised"),
    (lambda p: divbench.mode_coverage(p[:, :1].copy(), dataset="ring8"), "ring8 is 2-D"),
])
def test_bad_input_raises_the_command_lines_message(call, message):
    p, _ = gaussians(100, [0, 0], 7)
    with pytest.raises(ValueError, match=re.escape(message)):
        call(p)


def test_non_numeric_arrays_are_refused():
    with pytest.raises(TypeError, match="expected float32 or float64"):
        divbench.kl(np.array([["a", "b"], ["c", "d"]]), np.zeros((2, 2)))
