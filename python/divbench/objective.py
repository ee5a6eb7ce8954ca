"""Objectives written in Python (issue #23), trained by divbench's C++ loop.

    import numpy as np
    import divbench

    class SoftplusGan(divbench.Objective):
        '''The non-saturating GAN with V the logit: L_D = E softplus(-V_real) + E softplus(V_fake).'''
        name = "py-gan-ns"
        reference = "Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014"

        def discriminator_loss(self, real, fake):
            loss = np.logaddexp(0, -real).mean() + np.logaddexp(0, fake).mean()
            return loss, -_sigmoid(-real) / real.size, _sigmoid(fake) / fake.size
        ...

    divbench.register_objective(SoftplusGan)
    assert not divbench.check_objective("py-gan-ns")     # the conformance suite
    runs = divbench.train(objective="py-gan-ns", dataset="ring8", seed=0, out="py.h5")

The conventions are those of the C++ interface (objectives/objective.hpp): the methods receive the
discriminator's outputs V as float32 arrays (one value per sample; copies, which the method may
keep), losses are batch means, and each gradient is dL/dV, which carries the factor 1/batch.
"""
import hashlib
import inspect

from . import _core

# Names of the objectives registered from Python in this process: divbench.train trains them
# here (a child divbench process would not know them).
_registered = {}


class Objective:
    """Base class of objectives written in Python. Subclasses set `name` (and `summary`,
    `reference`, `params`: parameter name -> default, set by a spec "name:key=value" and passed to
    __init__ as keyword arguments) and define:

    discriminator_loss(real, fake) -> (loss, grad_real, grad_fake)
    generator_loss(fake) -> (loss, grad_fake)
    estimates(real, fake) -> {name: value}: the objective's own divergence estimates (at least one),
        the same names every call, recorded as curves at every evaluation
    generator_sees_real = True and generator_loss_with_real(real, fake) ->
        (loss, grad_real, grad_fake) for a generator loss that needs real outputs (relativistic)
    critic_weight_clip = c > 0 to clip every discriminator parameter to [-c, c] after its updates
    """
    name = None
    summary = ""
    reference = ""
    params = {}
    generator_sees_real = False
    critic_weight_clip = 0.0

    def discriminator_loss(self, real, fake):
        raise NotImplementedError(f"{type(self).__name__}.discriminator_loss")

    def generator_loss(self, fake):
        raise NotImplementedError(f"{type(self).__name__}.generator_loss")

    def estimates(self, real, fake):
        raise NotImplementedError(f"{type(self).__name__}.estimates")


def _provenance(cls):
    """What run files record: the class, its file and a hash of its source."""
    where = f"{cls.__module__}.{cls.__qualname__}"
    try:
        source = inspect.getsource(cls)
        digest = hashlib.sha256(source.encode()).hexdigest()[:16]
        try:
            where += f" ({inspect.getsourcefile(cls)})"
        except TypeError:
            pass
        return f"python objective {where}, source sha256 {digest}"
    except (OSError, TypeError):
        return f"python objective {where}, source unavailable"


def register_objective(cls, name=None):
    """Registers the class `cls` as an objective (under cls.name unless `name` is given) and
    returns the name. `divbench list`'s checks apply: a built-in or plugin name is refused;
    registering a Python objective's name again replaces it."""
    name = name or getattr(cls, "name", None)
    if not name:
        raise ValueError(f"{cls.__qualname__}: no name (set the class attribute `name`)")
    summary = getattr(cls, "summary", "") or (inspect.getdoc(cls) or "").split("\n")[0]
    if not summary:
        raise ValueError(f"objective '{name}': no summary (set `summary` or a docstring)")
    reference = getattr(cls, "reference", "") or "written in Python"
    defaults = {str(k): float(v) for k, v in dict(getattr(cls, "params", {}) or {}).items()}
    _core.register_objective(name, summary, reference, defaults, cls, _provenance(cls))
    _registered[name] = cls
    return name


def is_python_objective(spec):
    """Whether the objective spec ("name" or "name:key=value,...") names a Python objective."""
    return str(spec).split(":", 1)[0] in _registered


def check_objective(objective):
    """Runs divbench's conformance suite (objectives/objective_conformance.hpp: gradients against
    finite differences, finite values at outputs of +-50 and +-100, batch means, stable estimate
    names) on a registered objective (a spec, or a class, which is registered first). Returns the
    failures as (check, detail) pairs: an empty list means the objective conforms."""
    spec = register_objective(objective) if isinstance(objective, type) else str(objective)
    return [tuple(f) for f in _core.check_objective(spec)]


def objectives():
    """Every registered objective, built-in, plugin and Python: {name: summary}."""
    return dict(_core.objectives())
