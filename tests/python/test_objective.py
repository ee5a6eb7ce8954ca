"""Objectives written in Python: registered at run time, held to the conformance suite, trained by
the C++ loop in this process (the command line's loop: a built-in objective trained in process
gives the command line's run file bitwise)."""
import os
import pathlib
import signal
import sys

import h5py
import numpy as np
import pytest

import divbench
from divbench import _core
from conftest import run_cli

sys.path.insert(0, str(pathlib.Path(__file__).parents[2] / "examples" / "python"))
import softplus_gan  # noqa: E402

SMALL = dict(dataset="ring8", seed=2, steps=60, eval_every=30, g_width=16, d_width=16,
             batch_size=32, samples=100, eval_samples=100, final_samples=100, estimate_samples=64)


PyGanNs = softplus_gan.SoftplusGan  # the example in docs/python.md
sigmoid = softplus_gan.sigmoid


class PyScaledHinge(divbench.Objective):
    """The hinge loss with margin m (a parameter)."""
    name = "py-hinge"
    params = {"margin": 1.0}

    def __init__(self, margin):
        if margin <= 0:
            raise ValueError(f"margin must be positive, found {margin}")
        self.m = margin

    def discriminator_loss(self, real, fake):
        lr, lf = np.maximum(0, self.m - real), np.maximum(0, self.m + fake)
        return (lr.mean() + lf.mean(), -(lr > 0).astype(np.float64) / real.size,
                (lf > 0).astype(np.float64) / fake.size)

    def generator_loss(self, fake):
        return -fake.mean(), np.full(fake.size, -1.0 / fake.size)

    def estimates(self, real, fake):
        return {"gap": float(real.mean() - fake.mean())}


class PyRalsgan(divbench.Objective):
    """The relativistic average LSGAN (Jolicoeur-Martineau, ICLR 2019):
    L_D = E_r (V_r - E_f V - 1)^2 + E_f (V_f - E_r V + 1)^2 and L_G the same with real and
    generated swapped."""
    name = "py-ralsgan"
    generator_sees_real = True

    @staticmethod
    def _loss(real, fake):
        real, fake = real.astype(np.float64), fake.astype(np.float64)
        a, b = real - fake.mean() - 1, fake - real.mean() + 1
        loss = (a ** 2).mean() + (b ** 2).mean()
        return loss, (2 * a - 2 * b.mean()) / real.size, (2 * b - 2 * a.mean()) / fake.size

    def discriminator_loss(self, real, fake):
        return self._loss(real, fake)

    def generator_loss(self, fake):
        raise AssertionError("the loop calls generator_loss_with_real")

    def generator_loss_with_real(self, real, fake):
        loss, grad_fake, grad_real = self._loss(fake, real)
        return loss, grad_real, grad_fake

    def estimates(self, real, fake):
        return {"mean_gap": float(real.mean() - fake.mean())}


def test_python_objectives_conform():
    assert divbench.check_objective(PyGanNs) == []
    assert divbench.check_objective(PyScaledHinge) == []
    assert divbench.check_objective("py-hinge:margin=2") == []
    assert divbench.check_objective(PyRalsgan) == []
    assert divbench.objectives()["py-gan-ns"].startswith("The non-saturating GAN")
    assert "gan-ns" in divbench.objectives()


def test_the_suite_finds_a_wrong_gradient():
    class Wrong(PyGanNs):
        """gan-ns with the generated outputs' gradient doubled."""
        name = "py-wrong"

        def discriminator_loss(self, real, fake):
            loss, gr, gf = super().discriminator_loss(real, fake)
            return loss, gr, 2 * gf

    failures = divbench.check_objective(Wrong)
    assert failures and all(check == "discriminator loss gradients match finite differences"
                            for check, _ in failures)
    assert "d/dfake[0]" in failures[0][1]


def test_the_suite_finds_a_loss_that_is_not_a_batch_mean():
    class Sum(PyGanNs):
        """gan-ns summed over the batch."""
        name = "py-sum"

        def discriminator_loss(self, real, fake):
            loss, gr, gf = super().discriminator_loss(real, fake)
            return loss * real.size, gr * real.size, gf * real.size

    checks = {check for check, _ in divbench.check_objective(Sum)}
    assert "losses are batch means: repeating a batch changes neither loss" in checks


def test_bad_classes_and_results_are_clear_errors():
    class NoName(PyGanNs):
        name = None
    with pytest.raises(ValueError, match="no name"):
        divbench.register_objective(NoName)

    class Builtin(PyGanNs):
        name = "gan-ns"
    with pytest.raises(ValueError, match="'gan-ns' is already registered by divbench itself"):
        divbench.register_objective(Builtin)

    class Short(PyGanNs):
        """returns a gradient of the wrong length."""
        name = "py-short"

        def generator_loss(self, fake):
            return 0.0, np.zeros(fake.size - 1)
    with pytest.raises(ValueError, match=r"generator_loss\(\) returned grad_fake with 4 values, "
                                         r"expected a 1-D array of 5"):
        divbench.check_objective(Short)

    class NotATuple(PyGanNs):
        """returns the loss alone."""
        name = "py-not-a-tuple"

        def generator_loss(self, fake):
            return 0.0
    with pytest.raises(TypeError, match=r"expected a tuple of 2 \(the loss, then grad_fake\)"):
        divbench.check_objective(NotATuple)

    with pytest.raises(ValueError, match="margin must be positive"):
        divbench.check_objective("py-hinge:margin=-1")
    with pytest.raises(ValueError, match="has no parameter 'scale'"):
        divbench.check_objective("py-hinge:scale=2")


def test_registering_a_name_again_replaces_the_class():
    class First(PyGanNs):
        """first."""
        name = "py-again"
    class Second(PyGanNs):
        """second."""
        name = "py-again"
    divbench.register_objective(First)
    divbench.register_objective(Second)
    assert divbench.objectives()["py-again"] == "second."


def test_a_python_objective_trains_in_the_cpp_loop(tmp_path):
    runs = divbench.train(out=tmp_path / "py.h5", objective=PyGanNs, quiet=True, **SMALL)
    assert runs.index["status"][0] == "complete"
    assert runs.index["objective"][0] == "py-gan-ns"
    curves = runs.curves()
    assert "objective/js_bound" in set(curves["metric"])
    with h5py.File(tmp_path / "py.h5") as f:
        plugins = f.attrs["plugins"]
        plugins = plugins.decode() if isinstance(plugins, bytes) else plugins
    assert "python objective softplus_gan.SoftplusGan" in plugins and "source sha256" in plugins
    # A parameterised one, and a relativistic one (its generator loss sees real outputs).
    assert divbench.train(out=tmp_path / "hinge.h5", objective="py-hinge:margin=0.5", quiet=True,
                          **SMALL).index["status"][0] == "complete"
    divbench.register_objective(PyRalsgan)
    assert divbench.train(out=tmp_path / "rs.h5", objective="py-ralsgan", quiet=True,
                          **SMALL).index["status"][0] == "complete"


def test_in_process_training_is_the_command_lines(tmp_path, divbench_cli):
    args = []
    for name, value in {**SMALL, "objective": "gan-ns"}.items():
        args += ["--" + name.replace("_", "-"), str(value)]
    _core.train_in_process([*args, "--out", str(tmp_path / "in.h5")], True)
    run_cli(divbench_cli, "train", *args, "--out", tmp_path / "cli.h5")
    out = run_cli(divbench_cli, "compare", tmp_path / "in.h5", tmp_path / "cli.h5")
    assert out.strip().endswith("identical")


def test_an_exception_in_the_objective_is_raised_as_itself(tmp_path):
    class Boom(PyGanNs):
        """raises at the first generator step."""
        name = "py-boom"

        def generator_loss(self, fake):
            raise ZeroDivisionError("boom from Python")
    with pytest.raises(ZeroDivisionError, match="boom from Python"):
        divbench.train(out=tmp_path / "boom.h5", objective=Boom, quiet=True, **SMALL)
    assert not (tmp_path / "boom.h5").exists()


def test_ctrl_c_saves_a_checkpoint_and_the_same_call_continues(tmp_path, divbench_cli):
    class Interrupting(PyGanNs):
        """gan-ns that sends this process SIGINT at its 150th generator step, once."""
        name = "py-interrupting"
        calls = 0

        def generator_loss(self, fake):
            type(self).calls += 1
            if type(self).calls == 150:
                os.kill(os.getpid(), signal.SIGINT)
            return super().generator_loss(fake)

    options = {**SMALL, "steps": 300, "eval_every": 100, "checkpoint_every": 100}
    with pytest.raises(KeyboardInterrupt, match="stopped by signal 2"):
        divbench.train(out=tmp_path / "run.h5", objective=Interrupting, quiet=True, **options)
    assert (tmp_path / "run.h5.ckpt").exists() and not (tmp_path / "run.h5").exists()
    divbench.train(out=tmp_path / "run.h5", objective="py-interrupting", quiet=True, **options)
    assert not (tmp_path / "run.h5.ckpt").exists()
    # The continued run is bitwise the run trained without a stop.
    divbench.train(out=tmp_path / "straight.h5", objective="py-interrupting", quiet=True,
                   **options)
    out = run_cli(divbench_cli, "compare", tmp_path / "run.h5", tmp_path / "straight.h5")
    assert out.strip().endswith("identical")


def test_a_sweep_refuses_python_objectives(tmp_path):
    with pytest.raises(ValueError, match="written in Python"):
        divbench.sweep({**SMALL, "objective": ["gan-ns", PyGanNs]}, out=tmp_path / "s")


def test_the_unrolled_schedule_refuses_a_python_objective(tmp_path):
    with pytest.raises(ValueError, match="second derivatives; objective 'py-gan-ns' does not"):
        divbench.train(out=tmp_path / "u.h5", objective=PyGanNs, schedule="unrolled:k=1",
                       quiet=True, **SMALL)
