"""Exact equilibria of a two-player game at an irrational parameter value, such as a threshold.

A threshold found from a tie condition can be irrational (a root of ``5m(1 - m) = 1`` is
``1/2 - sqrt(5)/10``). The game there is degenerate, and floats cannot show its ties. When the
payoffs are rational functions of the parameter, every payoff at a real algebraic value
``alpha`` lies in the number field ``Q(alpha)`` (``chipgame.solvers.number_field``), where
they are computed, compared and divided exactly. Every extreme equilibrium is then found by the
best-response polytope vertex enumeration of ``chipgame.solvers.best_response_polytopes``, every
candidate vertex decided in the field, and each equilibrium verified there.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import comb

import numpy as np
import sympy

from ..errors import InternalError
from .best_response_polytopes import extreme_equilibria
from .equilibrium import Equilibrium
from .number_field import Algebraic, AlgebraicField

__all__ = ["MAX_SYSTEMS", "equilibria_at_algebraic"]

MAX_SYSTEMS = 5_000
"""Largest number of candidate systems ``C(m + n, m)`` enumerated in a number field (slower than
in the rationals); larger games get no exact equilibria at an irrational value."""


def equilibria_at_algebraic(payoffs: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]],
                            strategies: tuple[tuple[str, ...], tuple[str, ...]], symbol: sympy.Symbol,
                            value: sympy.Expr) -> tuple[Equilibrium, ...] | None:
    """Every extreme equilibrium of a two-player game whose payoffs are rational functions of
    ``symbol`` with rational coefficients, at the real algebraic ``value``, exactly.

    Probabilities and payoffs that are rational come back as Fractions, the others as floats
    (within about 1e-15), each computed and verified exactly in ``Q(value)``.

    Returns
    -------
    tuple of Equilibrium or None
        Sorted as ``solve`` sorts them; None when a payoff is not a rational function of
        ``symbol``, is undefined at ``value``, or the game is too large (``MAX_SYSTEMS``).

    Examples
    --------
    Buy costs ``1/(1-m)``, Build ``5m``: at the root ``1/2 - sqrt(5)/10`` of ``5m(1-m) = 1``
    both are best replies to Hold.

    >>> m = sympy.Symbol("m")
    >>> payoffs = {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-5 * m, 0)}
    >>> found = equilibria_at_algebraic(payoffs, (("Buy", "Build"), ("Hold",)), m,
    ...                                 sympy.Rational(1, 2) - sympy.sqrt(5) / 10)
    >>> [(eq.support, round(eq.payoffs[0], 6)) for eq in found]
    [((('Buy',), ('Hold',)), -1.381966), ((('Build',), ('Hold',)), -1.381966)]
    """
    rows, columns = strategies
    if comb(len(rows) + len(columns), len(rows)) > MAX_SYSTEMS:
        return None
    field = AlgebraicField.of(value)
    matrices: list[list[list[Algebraic]]] = [[[field.lift(0)] * len(columns) for _ in rows] for _ in range(2)]
    for (row, column), pair in payoffs.items():
        for player, expr in enumerate(pair):
            entry = _evaluated(field, expr, symbol)
            if entry is None:
                return None
            matrices[player][rows.index(row)][columns.index(column)] = entry
    first, second = matrices
    profiles, _ = extreme_equilibria(np.array(first, dtype=object), np.array(second, dtype=object))
    found = [_verified(first, second, list(x), list(y)) for x, y in profiles]
    equilibria = [Equilibrium((tuple(map(_number, x)), tuple(map(_number, y))), tuple(map(_number, values)),
                              strategies) for x, y, values in found]
    return tuple(sorted(equilibria, key=Equilibrium.sort_key))


def _evaluated(field: AlgebraicField, expr: sympy.Expr, symbol: sympy.Symbol) -> Algebraic | None:
    """A rational function of ``symbol`` with rational coefficients, at the field's generator: its
    sums, products and integer powers computed in the field, node by node (each distinct node
    once); brought over one denominator and cancelled first where a denominator vanishes there
    but the function does not. None for anything else, or a pole."""
    try:
        return _field_value(field, expr, symbol, {})
    except _NotRational:
        return None
    except ZeroDivisionError:
        pass
    try:
        return _field_value(field, sympy.cancel(expr), symbol, {})
    except (_NotRational, ZeroDivisionError):
        return None


class _NotRational(Exception):
    """An expression that is not a rational function of the symbol with rational coefficients."""


def _field_value(field: AlgebraicField, node: object, symbol: sympy.Symbol,
                 memo: dict[sympy.Basic, Algebraic]) -> Algebraic:
    if isinstance(node, int | Fraction):  # a payoff given as a Python number
        return field.lift(Fraction(node))
    if not isinstance(node, sympy.Basic):
        raise _NotRational(node)
    found = memo.get(node)
    if found is not None:
        return found
    if node == symbol:
        value = field.generator
    elif node.is_Rational:
        value = field.lift(Fraction(int(node.p), int(node.q)))
    elif node.is_Add or node.is_Mul:
        parts = [_field_value(field, arg, symbol, memo) for arg in node.args]
        value = parts[0]
        for part in parts[1:]:
            value = value + part if node.is_Add else value * part
    elif node.is_Pow and node.exp.is_Integer and abs(int(node.exp)) <= _MAX_EXPONENT:
        base = _field_value(field, node.base, symbol, memo)
        value = field.lift(1)
        for _ in range(abs(int(node.exp))):
            value = value * base
        value = value.inverse() if node.exp < 0 else value
    else:
        raise _NotRational(node)
    memo[node] = value
    return value


_MAX_EXPONENT = 64
"""Largest integer power computed in the field (as ``rational_code`` compiles them)."""


def _verified(first: list[list[Algebraic]], second: list[list[Algebraic]], x: list[Algebraic],
              y: list[Algebraic]) -> tuple[list[Algebraic], list[Algebraic], tuple[Algebraic, Algebraic]]:
    """The profile and its payoffs, after checking exactly that no player gains by deviating."""
    zero = x[0] * 0
    row_values = [sum((first[i][j] * y[j] for j in range(len(y))), zero) for i in range(len(x))]
    column_values = [sum((second[i][j] * x[i] for i in range(len(x))), zero) for j in range(len(y))]
    payoffs = (sum((p * v for p, v in zip(x, row_values)), zero), sum((q * v for q, v in zip(y, column_values)), zero))
    if any(v > payoffs[0] for v in row_values) or any(v > payoffs[1] for v in column_values) or \
            any(p < 0 for p in x + y):
        raise InternalError("an algebraic equilibrium failed verification")
    return x, y, payoffs


def _number(value: Algebraic) -> Fraction | float:
    rational = value.rational()
    return rational if rational is not None else float(value)
