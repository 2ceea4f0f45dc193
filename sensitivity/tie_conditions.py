"""The tie conditions of a game whose payoffs are expressions of one parameter: where, and only
where, its equilibria can change.

Two pure strategies of a player can trade places only where they pay the same against a pure
profile of the others. In a two-player game the mixed equilibria are vertices of the
best-response polytopes, so they change only where, for a support pair, the indifference
system becomes singular, a probability reaches 0, or a strategy outside the support pays as
much as those in it (DESIGN, "Thresholds"). With three or more players, mixed equilibria solve
polynomial systems; ``mixed_supports_possible`` tells whether any can exist at all between two
pure ties, from the signs of the pure ties alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.polyerrors import CoercionFailed

__all__ = ["tie_conditions", "distinct_tie_numerators", "mixed_supports_possible", "payoff_table",
           "MAX_SUPPORT_PROFILES"]

MAX_SUPPORT_PROFILES = 100_000
"""Most support profiles ``mixed_supports_possible`` examines before answering "possible"."""


def payoff_table(shape: tuple[int, ...], strategies: Sequence[Sequence[str]],
                 payoffs: Mapping[tuple[str, ...], Sequence[object]]) -> np.ndarray:
    """The payoffs as an object array indexed by strategy numbers, then player.

    Examples
    --------
    >>> payoff_table((1, 2), (("a",), ("b", "c")), {("a", "b"): (1, 2), ("a", "c"): (3, 4)})[0, 1]
    array([3, 4], dtype=object)
    """
    table = np.empty((*shape, len(shape)), dtype=object)
    for index in itertools.product(*(range(k) for k in shape)):
        table[index] = tuple(payoffs[tuple(s[i] for s, i in zip(strategies, index))])
    return table


def tie_conditions(table: np.ndarray) -> list[sympy.Expr]:
    """Expressions whose zeros are the only places the equilibria of ``table`` can change (for two
    players), or its pure equilibria and dominance relations can (for more).

    Parameters
    ----------
    table
        Payoff expressions, indexed by strategy numbers, then player (``payoff_table``).

    Examples
    --------
    >>> m = sympy.Symbol("m")
    >>> table = payoff_table((2, 1), (("a", "b"), ("c",)), {("a", "c"): (m, 0), ("b", "c"): (1 - m, 0)})
    >>> tie_conditions(table)
    [2*m - 1]
    """
    shape = table.shape[:-1]
    conditions = []
    for player in range(len(shape)):
        for others in itertools.product(*(range(k) for j, k in enumerate(shape) if j != player)):
            for a, b in itertools.combinations(range(shape[player]), 2):
                first, second = list(others), list(others)
                first.insert(player, a)
                second.insert(player, b)
                conditions.append(table[(*first, player)] - table[(*second, player)])
    if len(shape) == 2:
        conditions += _support_conditions(table)
    return conditions


def _support_conditions(table: np.ndarray) -> list[sympy.Expr]:
    """For every support pair of equal size (two or more): probabilities, best-response slacks and
    the determinant of each indifference system, as expressions."""
    m, n, _ = table.shape
    conditions = []
    for size in range(2, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for columns in itertools.combinations(range(n), size):
                conditions += _side_conditions(table[..., 0], rows, columns)
                conditions += _side_conditions(table[..., 1].T, columns, rows)
    return conditions


def _side_conditions(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...]) -> list[sympy.Expr]:
    size = len(own)
    system = sympy.zeros(size + 1, size + 1)
    for i, r in enumerate(own):
        for j, c in enumerate(other):
            system[i, j] = payoffs[r, c]
        system[i, size] = -1
    for j in range(size):
        system[size, j] = 1
    determinant = sympy.factor_terms(system.det(method="berkowitz"))
    if determinant == 0:
        return []
    rhs = sympy.zeros(size + 1, 1)
    rhs[size] = 1
    try:
        solution = system.LUsolve(rhs)
    except sympy.matrices.exceptions.NonInvertibleMatrixError:
        return []  # singular at every value: the determinant is zero, though not visibly so in factored form
    mix, value = list(solution[:size]), solution[size]
    slacks = [value - sum(payoffs[r, c] * p for c, p in zip(other, mix))
              for r in range(payoffs.shape[0]) if r not in own]
    return [determinant, *mix, *slacks]


def distinct_tie_numerators(table: np.ndarray, symbol: sympy.Symbol) -> list[sympy.Expr]:
    """The numerators of ``tie_conditions(table)`` that are not constant, each once (up to a factor).

    Where every payoff is a rational function of ``symbol`` with rational coefficients (the
    common case), the conditions are computed in the field of such functions (sympy's
    ``QQ(symbol)`` with its exact matrices), tens of times faster than on expressions; otherwise
    on expressions.

    Examples
    --------
    >>> m = sympy.Symbol("m")
    >>> table = payoff_table((2, 2), (("a", "b"), ("c", "d")), {("a", "c"): (m, 1), ("a", "d"): (0, 0),
    ...                                                        ("b", "c"): (0, 0), ("b", "d"): (1 - m, 2 * m)})
    >>> sorted(distinct_tie_numerators(table, m), key=str)
    [m, m + 1/2, m - 1]
    """
    field = QQ.frac_field(symbol)
    try:
        converted = _in_field(table, symbol, field)
    except (CoercionFailed, ValueError):  # sympy raises either for a payoff outside QQ(symbol)
        return _distinct_expressions(tie_conditions(table))
    seen: dict[object, sympy.Expr] = {}
    for condition in _field_conditions(converted, field):
        numerator = condition.numer
        if numerator.degree() > 0:
            monic = numerator.monic()
            seen.setdefault(monic, monic.as_expr())
    return list(seen.values())


def _in_field(table: np.ndarray, symbol: sympy.Symbol, field: object) -> np.ndarray:
    """The payoffs as elements of ``QQ(symbol)``; CoercionFailed for any that is not one."""
    converted = np.empty(table.shape, dtype=object)
    for index, payoff in np.ndenumerate(table):
        payoff = sympy.sympify(payoff) if not isinstance(payoff, sympy.Basic) else payoff
        if payoff.has(sympy.Float) or not payoff.free_symbols <= {symbol}:
            raise CoercionFailed(payoff)
        converted[index] = field.from_sympy(payoff)  # type: ignore[attr-defined]
    return converted


def _field_conditions(table: np.ndarray, field: object) -> list:
    """``tie_conditions`` computed on a table of field elements."""
    shape = table.shape[:-1]
    conditions = []
    for player in range(len(shape)):
        for others in itertools.product(*(range(k) for j, k in enumerate(shape) if j != player)):
            for a, b in itertools.combinations(range(shape[player]), 2):
                first, second = list(others), list(others)
                first.insert(player, a)
                second.insert(player, b)
                conditions.append(table[(*first, player)] - table[(*second, player)])
    if len(shape) == 2:
        m, n, _ = table.shape
        for size in range(2, min(m, n) + 1):
            for rows in itertools.combinations(range(m), size):
                for columns in itertools.combinations(range(n), size):
                    conditions += _field_side_conditions(table[..., 0], rows, columns, field)
                    conditions += _field_side_conditions(table[..., 1].T, columns, rows, field)
    return conditions


def _field_side_conditions(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...], field: object
                           ) -> list:
    """``_side_conditions`` in the field: determinant, probabilities and slacks of one support pair."""
    size = len(own)
    one, zero = field.one, field.zero  # type: ignore[attr-defined]
    rows = [[payoffs[r, c] for c in other] + [-one] for r in own] + [[one] * size + [zero]]
    system = DomainMatrix(rows, (size + 1, size + 1), field)
    determinant = system.det()
    if determinant == zero:
        return []
    solution = system.lu_solve(DomainMatrix([[zero]] * size + [[one]], (size + 1, 1), field))
    values = [solution.rep.getitem(i, 0) for i in range(size + 1)]
    mix, value = values[:size], values[size]
    slacks = [value - sum((payoffs[r, c] * p for c, p in zip(other, mix)), zero)
              for r in range(payoffs.shape[0]) if r not in own]
    return [determinant, *mix, *slacks]


def _distinct_expressions(conditions: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    """The conditions that are not identically zero, each numerator once (up to sign)."""
    seen: dict[sympy.Expr, sympy.Expr] = {}
    for condition in conditions:
        numerator = sympy.fraction(sympy.together(condition))[0]
        numerator = sympy.expand(numerator) if numerator.is_polynomial() else numerator
        if numerator == 0 or not numerator.free_symbols:
            continue
        seen.setdefault(min(numerator, -numerator, key=sympy.default_sort_key), numerator)
    return list(seen.values())


def mixed_supports_possible(table: np.ndarray) -> bool:
    """Whether some support profile with a player mixing survives strict dominance by pure strategies.

    A strategy ``a`` of player ``i`` cannot be in an equilibrium's support when some ``b`` pays
    strictly more than ``a`` against every pure profile the others' supports allow: against
    their mix too, then. When no profile with a mixing player survives, every equilibrium is
    pure. The test reads only the signs of pure ties, so between two zeros of the pure tie
    conditions its answer does not change.

    Parameters
    ----------
    table
        Exact payoffs (Fractions or integers), indexed by strategy numbers, then player.

    Examples
    --------
    Matching pennies must mix; the prisoner's dilemma cannot:

    >>> pennies = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=object)
    >>> dilemma = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]], dtype=object)
    >>> mixed_supports_possible(pennies), mixed_supports_possible(dilemma)
    (True, False)
    """
    shape = table.shape[:-1]
    supports = [[s for size in range(1, k + 1) for s in itertools.combinations(range(k), size)] for k in shape]
    examined = 0
    for profile in itertools.product(*supports):
        if all(len(s) == 1 for s in profile):
            continue
        examined += 1
        if examined > MAX_SUPPORT_PROFILES:
            return True
        if all(not _dominated_within(table, profile, player) for player in range(len(shape))):
            return True
    return False


def _dominated_within(table: np.ndarray, profile: tuple[tuple[int, ...], ...], player: int) -> bool:
    """Whether some strategy of ``player``'s support is strictly dominated by a pure strategy against
    every pure profile of the others' supports."""
    others = [profile[j] for j in range(len(profile)) if j != player]
    columns = list(itertools.product(*others))
    for a in profile[player]:
        for b in range(table.shape[player]):
            if b != a and all(_payoff(table, player, b, c) > _payoff(table, player, a, c) for c in columns):
                return True
    return False


def _payoff(table: np.ndarray, player: int, own: int, others: tuple[int, ...]) -> Fraction:
    index = list(others)
    index.insert(player, own)
    return table[(*index, player)]
