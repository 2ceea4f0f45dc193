"""Monte Carlo: parameters drawn from their declared distributions, the probability of each regime."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import ModelError, SolverError
from ..games import Number
from ..games.equality import equal_dataclasses
from ..games.immutable import FrozenMapping, ReadOnlyArrays
from ..payoffs import PayoffModel
from ..solvers import Equilibrium
from .batch_solve import Batch, equilibria_at, solve_points
from .parallel import Progress
from .regimes import Structure, describe_structure

__all__ = ["MonteCarlo", "monte_carlo", "draw_samples", "MAX_SAMPLES"]

MAX_SAMPLES = 2_000_000
"""Largest number of draws accepted."""


@dataclass(frozen=True, eq=False)
class MonteCarlo(ReadOnlyArrays):
    """The result of ``monte_carlo``.

    Parameters
    ----------
    model
        The payoff model.
    seed
        The seed of the draws: the same seed gives the same draws and the same result.
    draws
        The drawn values of each parameter with a distribution (read-only arrays).
    structures
        The equilibrium structure at each draw.
    regime_probabilities
        The share of draws in each regime, by its label, most likely first.
    payoff_quantiles
        For each player, the 5%, 25%, 50%, 75% and 95% quantiles of its equilibrium payoff over
        all draws and all equilibria at each draw.
    exact
        For each draw, True when it was solved one by one exactly (a tie at the drawn values).
    """

    model: PayoffModel
    seed: int
    draws: Mapping[str, np.ndarray]
    structures: tuple[Structure, ...]
    regime_probabilities: Mapping[str, float]
    payoff_quantiles: Mapping[str, tuple[float, ...]]
    exact: np.ndarray
    batch: Batch | None
    exact_equilibria: Mapping[int, tuple[Equilibrium, ...]]

    __eq__ = equal_dataclasses
    __hash__ = None  # type: ignore[assignment]

    def equilibria_at(self, index: int) -> tuple[Equilibrium, ...]:
        """The equilibria at one draw."""
        return equilibria_at(self.model, self.batch, self.exact_equilibria, index)


QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def draw_samples(model: PayoffModel, samples: int, seed: int) -> dict[str, np.ndarray]:
    """Draw ``samples`` values of every parameter that declares a distribution.

    Examples
    --------
    >>> from chipgame.payoffs import Parameter
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> model = PayoffModel(("A", "B"), (("a",), ("b",)), {("a", "b"): (x, -x)},
    ...     [Parameter("x", 1, distribution={"kind": "uniform", "low": 0, "high": 2})])
    >>> draws = draw_samples(model, 1000, seed=7)
    >>> bool(0.9 < draws["x"].mean() < 1.1), bool(np.all(draw_samples(model, 1000, seed=7)["x"] == draws["x"]))
    (True, True)
    """
    if not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
        raise SolverError(f"{samples!r} samples is not usable", fix=f"draw 1 to {MAX_SAMPLES}")
    generator = np.random.default_rng(seed)
    draws = {}
    for parameter in model.parameters:
        spec = parameter.distribution
        if spec is None:
            continue
        number = {key: float(value) for key, value in spec.items() if key != "kind"}
        kind = spec["kind"]
        if kind == "uniform":
            values = generator.uniform(number["low"], number["high"], samples)
        elif kind == "triangular":
            values = generator.triangular(number["low"], number["mode"], number["high"], samples)
        elif kind == "normal":
            values = generator.normal(number["mean"], number["sd"], samples)
        else:
            values = generator.lognormal(number["mu"], number["sigma"], samples)
        values.flags.writeable = False
        draws[parameter.name] = values
    if not draws:
        raise ModelError("no parameter declares a distribution",
                         fix='add e.g. distribution = { kind = "uniform", low = 0.4, high = 0.8 } to a parameter')
    return draws


def monte_carlo(model: PayoffModel, samples: int = 10_000, seed: int = 0,
                overrides: Mapping[str, Any] | None = None, *, workers: int = 1, scheduler: str | None = None,
                progress: Progress | None = None) -> MonteCarlo:
    """Solve the model at ``samples`` draws of its uncertain parameters.

    Parameters without a distribution stay at their base values (or ``overrides``). Draws where
    a tie makes the game degenerate are solved exactly at the drawn (binary) values. The draws
    are made here, once, from ``seed``; their chunks are then solved here, on ``workers`` local
    processes or on the Dask cluster at ``scheduler``, with the same result wherever they run
    (``progress`` as in ``sweep``).

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
    ...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-sympy.Rational(15, 7), 0)},
    ...     [Parameter("m", 0.5, distribution={"kind": "uniform", "low": 0, "high": 1})])
    >>> result = monte_carlo(model, 5000, seed=1)      # building pays above m = 8/15
    >>> {label: round(p, 2) for label, p in result.regime_probabilities.items()}
    {'Buyer: Buy | Vendor: Hold': 0.54, 'Buyer: Build | Vendor: Hold': 0.46}
    """
    base = model.values_with(overrides)
    draws = draw_samples(model, samples, seed)
    batch, exact, structures, solved = solve_points(model, base, _Draws(draws), workers=workers,
                                                    scheduler=scheduler, progress=progress)
    counts = Counter(describe_structure(model.players, s) for s in structures)
    probabilities = {label: count / samples for label, count in counts.most_common()}
    payoffs: list[list[float]] = [[] for _ in model.players]
    for k in range(samples):
        for eq in equilibria_at(model, batch, solved, k):
            for player, value in enumerate(eq.payoffs):
                payoffs[player].append(float(value))
    quantiles = {player: tuple(float(q) for q in np.quantile(values, QUANTILES)) if values else ()
                 for player, values in zip(model.players, payoffs)}
    exact.flags.writeable = False
    return MonteCarlo(model, seed, FrozenMapping(draws), tuple(structures), FrozenMapping(probabilities),
                      FrozenMapping(quantiles), exact, batch, FrozenMapping(solved))


@dataclass(frozen=True, eq=False)
class _Draws:
    """Drawn values of the uncertain parameters; a draw's exact values are its floats' exact values."""

    values: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.values.values())))

    def part(self, start: int, stop: int) -> _Draws:
        return _Draws({name: values[start:stop] for name, values in self.values.items()})

    def columns(self) -> dict[str, np.ndarray]:
        return self.values

    def exact(self, index: int) -> dict[str, Number]:
        return {name: Fraction(float(values[index])) for name, values in self.values.items()}
