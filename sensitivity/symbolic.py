"""Closed forms: each equilibrium's probabilities and payoffs as formulas of the parameters.

At the base values the game is solved; for every equilibrium found, its supports define the
indifference equations, which are solved symbolically (all parameters kept as symbols). The
resulting formulas hold throughout the regime, as long as the supports stay the same. Their
derivatives at the base values give the comparative statics, and ``p/f * df/dp`` the
elasticities.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..errors import ModelError, SolverError
from ..games import Number
from ..games.immutable import FrozenMapping
from ..payoffs import PayoffModel, evaluate_expression
from ..solvers import Equilibrium, solve

__all__ = ["ClosedForm", "closed_forms"]


@dataclass(frozen=True)
class ClosedForm:
    """One equilibrium as formulas of the parameters, with its comparative statics at base.

    Parameters
    ----------
    equilibrium
        The equilibrium at the base values.
    probabilities
        For each player, the probability of each strategy as a sympy expression (None when the
        equilibrium is not the unique solution of its supports' equations: a degenerate case).
    payoffs
        Each player's equilibrium payoff as a sympy expression (None as above).
    derivatives
        For each parameter, the derivative of each player's payoff at the base values.
    elasticities
        For each parameter, ``p / payoff * d payoff / dp`` at base, per player (None where the
        payoff or the parameter is 0).
    """

    equilibrium: Equilibrium
    probabilities: tuple[tuple[sympy.Expr, ...], ...] | None
    payoffs: tuple[sympy.Expr, ...] | None
    derivatives: Mapping[str, tuple[Number, ...]]
    elasticities: Mapping[str, tuple[float | None, ...]]


def closed_forms(model: PayoffModel, overrides: Mapping[str, Any] | None = None) -> tuple[ClosedForm, ...]:
    """The equilibria of a two-player model at base values, as formulas of the parameters.

    Examples
    --------
    Matching pennies with a stake ``s`` for the first player when both show heads:

    >>> from chipgame.payoffs import Parameter
    >>> s = sympy.Symbol("s")
    >>> model = PayoffModel(("A", "B"), (("H", "T"), ("H", "T")),
    ...     {("H", "H"): (s, -1), ("H", "T"): (-1, 1), ("T", "H"): (-1, 1), ("T", "T"): (1, -1)},
    ...     [Parameter("s", 3)])
    >>> (form,) = closed_forms(model)
    >>> form.probabilities[1], form.payoffs[0]
    ((2/(s + 3), (s + 1)/(s + 3)), (s - 1)/(s + 3))
    >>> form.derivatives["s"][0], form.elasticities["s"][0]
    (Fraction(1, 9), 1.0)
    """
    if len(model.players) != 2:
        raise SolverError("closed forms are computed for two-player models", fix="use a two-player scenario")
    values = model.values_with(overrides)
    solution = solve(model.evaluate(values))
    symbols = model.symbols
    table = {profile: row for profile, row in model.payoffs.items()}
    forms = []
    for eq in solution.equilibria:
        probabilities, payoffs = _symbolic(model, table, eq)
        expressions = payoffs if payoffs is not None else tuple(
            _expected(table, _constant_mix(model.strategies[0], eq.profile[0]),
                      _constant_mix(model.strategies[1], eq.profile[1]), player) for player in range(2))
        derivatives, elasticities = {}, {}
        for name, symbol in symbols.items():
            slopes = tuple(_at(sympy.diff(_smooth(e), symbol), values) for e in expressions)
            derivatives[name] = slopes
            elasticities[name] = tuple(
                None if value == 0 or values[name] == 0 else float(slope * values[name] / value)
                for slope, value in zip(slopes, eq.payoffs))
        forms.append(ClosedForm(eq, probabilities, payoffs, FrozenMapping(derivatives),
                                FrozenMapping(elasticities)))
    return tuple(forms)


def _constant_mix(labels: tuple[str, ...], mix: tuple[Number, ...]) -> dict[str, sympy.Expr]:
    """A mix found numerically, as sympy numbers (played strategies only)."""
    return {label: sympy.Rational(p.numerator, p.denominator) if isinstance(p, Fraction) else sympy.Float(p)
            for label, p in zip(labels, mix) if p > 0}


def _smooth(expr: sympy.Expr) -> sympy.Expr:
    """Min, Max and Abs as Piecewise, so their derivatives evaluate (no Heaviside)."""
    return expr.rewrite(sympy.Piecewise) if expr.has(sympy.Min, sympy.Max, sympy.Abs) else expr


def _at(expr: sympy.Expr, values: Mapping[str, Number]) -> Number:
    try:
        return evaluate_expression(expr, values)
    except ModelError:
        return float("nan")


def _symbolic(model: PayoffModel, table: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]], eq: Equilibrium
              ) -> tuple[tuple[tuple[sympy.Expr, ...], ...] | None, tuple[sympy.Expr, ...] | None]:
    """Solve the equilibrium's indifference equations with the parameters as symbols."""
    rows, columns = eq.support
    if len(rows) != len(columns):
        return None, None
    row_mix = _indifferent_mix(table, rows, columns, player=1)
    column_mix = _indifferent_mix(table, rows, columns, player=0)
    if row_mix is None or column_mix is None:
        return None, None
    full_rows = tuple(row_mix.get(label, sympy.Integer(0)) for label in model.strategies[0])
    full_columns = tuple(column_mix.get(label, sympy.Integer(0)) for label in model.strategies[1])
    payoffs = tuple(_expected(table, row_mix, column_mix, player) for player in range(2))
    return (full_rows, full_columns), payoffs


def _expected(table: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]], row_mix: Mapping[str, Any],
              column_mix: Mapping[str, Any], player: int) -> sympy.Expr:
    """A player's expected payoff when both mix as given, as a simplified expression."""
    total = sum((table[(r, c)][player] * p * q for r, p in row_mix.items() for c, q in column_mix.items()),
                sympy.Integer(0))
    return sympy.factor(sympy.together(total))


def _indifferent_mix(table: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]], rows: tuple[str, ...],
                     columns: tuple[str, ...], player: int) -> dict[str, sympy.Expr] | None:
    """The opponent's mix on its support that makes ``player`` indifferent on its own support."""
    own, other = (rows, columns) if player == 0 else (columns, rows)
    size = len(own)
    if size == 1:
        return {other[0]: sympy.Integer(1)}
    unknowns = sympy.symbols(f"z0:{size}")
    equations = [sympy.Eq(sum(unknowns), 1)]
    values = []
    for mine in own:
        cells = [table[(mine, theirs) if player == 0 else (theirs, mine)][player] for theirs in other]
        values.append(sum((c * z for c, z in zip(cells, unknowns)), sympy.Integer(0)))
    equations += [sympy.Eq(values[0], v) for v in values[1:]]
    solution = sympy.solve(equations, unknowns, dict=True)
    if len(solution) != 1 or len(solution[0]) != size:
        return None
    return {label: sympy.factor(sympy.together(solution[0][z])) for label, z in zip(other, unknowns)}
