"""The tie conditions of a game whose payoffs are expressions of one parameter: where, and only
where, its equilibria can change.

Two pure strategies of a player can trade places only where they pay the same against a pure
profile of the others. In a two-player game the mixed equilibria are vertices of the
best-response polytopes, so they change only where, for a support pair, the indifference
system becomes singular, a probability reaches 0, or a strategy outside the support pays as
much as those in it (DESIGN, "Thresholds"). With three or more players, mixed equilibria solve
polynomial systems; ``surviving_mixed_profiles`` tells which supports can hold one between two
pure ties, from the signs of the pure ties alone, and ``two_mixer_numerators`` gives the tie
conditions of those where two players mix and the others play one strategy each.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy.polys.domains import QQ
from sympy.polys.fields import FracElement
from sympy.polys.matrices import DomainMatrix
from sympy.polys.polyerrors import CoercionFailed

__all__ = ["tie_conditions", "distinct_tie_numerators", "tie_numerators", "surviving_mixed_profiles",
           "two_mixer_numerators", "payoff_table", "MAX_SUPPORT_PROFILES"]

MAX_SUPPORT_PROFILES = 100_000
"""Most support profiles ``surviving_mixed_profiles`` examines."""


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
    return _conditions(table, _side_conditions)


def _conditions(table: np.ndarray, side: Callable[[np.ndarray, tuple[int, ...], tuple[int, ...]], list]) -> list:
    """The pure ties of ``table`` and, for two players, ``side``'s conditions of every support pair
    of equal size (two or more), for each player's side: on expressions or on field elements."""
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
                    conditions += side(table[..., 0], rows, columns)
                    conditions += side(table[..., 1].T, columns, rows)
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


def distinct_tie_numerators(table: np.ndarray, symbol: sympy.Symbol | tuple[sympy.Symbol, ...]) -> list[sympy.Expr]:
    """The numerators of ``tie_conditions(table)`` that are not constant, each once (up to a factor),
    as expressions (``tie_numerators``).

    Examples
    --------
    >>> m = sympy.Symbol("m")
    >>> table = payoff_table((2, 2), (("a", "b"), ("c", "d")), {("a", "c"): (m, 1), ("a", "d"): (0, 0),
    ...                                                        ("b", "c"): (0, 0), ("b", "d"): (1 - m, 2 * m)})
    >>> sorted(distinct_tie_numerators(table, m), key=str)
    [m, m + 1/2, m - 1]
    """
    return [n.as_expr() if isinstance(n, sympy.Poly) else n for n in tie_numerators(table, symbol)]


def tie_numerators(table: np.ndarray, symbol: sympy.Symbol | tuple[sympy.Symbol, ...]
                   ) -> list[sympy.Poly] | list[sympy.Expr]:
    """The numerators of ``tie_conditions(table)`` that are not constant, each once (up to a factor).

    Where every payoff is a rational function of ``symbol`` (or of each of a tuple of symbols)
    with rational coefficients (the common case), the conditions are computed as polynomials,
    tens of times faster than on expressions, and returned as monic polynomials (made from their
    coefficients: no expression is built); otherwise they are expressions.

    Examples
    --------
    >>> m = sympy.Symbol("m")
    >>> table = payoff_table((2, 1), (("a", "b"), ("c",)), {("a", "c"): (m, 0), ("b", "c"): (1 - m, 0)})
    >>> tie_numerators(table, m)
    [Poly(m - 1/2, m, domain='QQ')]
    """
    symbols = symbol if isinstance(symbol, tuple) else (symbol,)
    field = QQ.frac_field(*symbols)
    try:
        converted = _in_field(table, symbols, field)
    except (CoercionFailed, ValueError):  # sympy raises either for a payoff outside QQ(symbol)
        return _distinct_expressions(tie_conditions(table))
    return _monic_polynomials(_conditions(converted, _polynomial_side_conditions), symbols)


def _in_field(table: np.ndarray, symbols: tuple[sympy.Symbol, ...], field: object) -> np.ndarray:
    """The payoffs as elements of ``QQ(*symbols)``; CoercionFailed for any that is not one."""
    converted = np.empty(table.shape, dtype=object)
    for index, payoff in np.ndenumerate(table):
        payoff = sympy.sympify(payoff) if not isinstance(payoff, sympy.Basic) else payoff
        if payoff.has(sympy.Float) or not payoff.free_symbols <= set(symbols):
            raise CoercionFailed(payoff)
        converted[index] = field.from_sympy(payoff)  # type: ignore[attr-defined]
    return converted


def _polynomial_side_conditions(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...]) -> list:
    """``_side_conditions`` on field elements: determinant, probabilities and slacks of one support
    pair, as polynomials (``_indifference``)."""
    if all(payoffs[r, c].numer.is_ground and payoffs[r, c].denom.is_ground
           for r in range(payoffs.shape[0]) for c in other):
        return []  # the system and every slack are constants: no condition varies
    found = _indifference(payoffs, own, other)
    return [] if found is None else found[0]


def _monic_polynomials(conditions: Sequence[Any], symbols: tuple[sympy.Symbol, ...]) -> list[sympy.Poly]:
    """The numerators of field elements, or the polynomials, that are not constant, each once, as
    monic polynomials in ``symbols`` (made from their coefficients, without an expression)."""
    seen: dict[Any, None] = {}
    for condition in conditions:
        numerator = condition.numer if isinstance(condition, FracElement) else condition
        if not numerator.is_ground:
            seen.setdefault(numerator.monic(), None)
    return [sympy.Poly.from_dict(dict(monic.items()), *symbols, domain=sympy.QQ) for monic in seen]


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


SupportProfile = tuple[tuple[int, ...], ...]


def surviving_mixed_profiles(table: np.ndarray) -> tuple[SupportProfile, ...] | None:
    """The support profiles with a player mixing that survive strict dominance by pure strategies;
    None when there are more than ``MAX_SUPPORT_PROFILES`` to examine.

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
    >>> surviving_mixed_profiles(pennies), surviving_mixed_profiles(dilemma)
    ((((0, 1), (0, 1)),), ())
    """
    shape = table.shape[:-1]
    supports = [[s for size in range(1, k + 1) for s in itertools.combinations(range(k), size)] for k in shape]
    if np.prod([len(s) for s in supports], dtype=float) > MAX_SUPPORT_PROFILES:
        return None
    return tuple(profile for profile in itertools.product(*supports)
                 if any(len(s) > 1 for s in profile)
                 and all(not _dominated_within(table, profile, player) for player in range(len(shape))))


def two_mixer_numerators(table: np.ndarray, symbol: sympy.Symbol | tuple[sympy.Symbol, ...],
                         profiles: Sequence[SupportProfile]) -> list[sympy.Expr] | None:
    """The tie conditions of support profiles in which two players mix and the others play one
    strategy each, as numerators (``distinct_tie_numerators``); None when a profile is not of
    that kind, has supports of unequal sizes, or an indifference system singular throughout, or
    when a payoff is not a rational function of ``symbol``.

    With the others' strategies fixed, the two mixing players play a two-player game, whose
    equilibria with the given supports change only where its tie conditions hold (its
    determinant, probabilities and slacks); each player playing one strategy keeps it a best
    response until, at those equilibria, another strategy pays as much: a slack that is a
    rational function of ``symbol`` too.

    Parameters
    ----------
    table
        Payoff expressions, indexed by strategy numbers, then player (``payoff_table``).
    symbol
        The varied parameter.
    profiles
        Support profiles, one tuple of strategy numbers per player.

    Examples
    --------
    Two players match pennies for a stake ``x`` while a third, who stays home, gains ``1 - x``
    from the first one's heads; going out pays it ``1/4``. The pennies game is singular at a
    zero stake, and at their mix (1/2 each) staying home stops paying at ``x = 1/2``:

    >>> x = sympy.Symbol("x")
    >>> table = np.empty((2, 2, 2, 3), dtype=object)
    >>> for i, j, k in itertools.product(range(2), repeat=3):
    ...     stake = x if i == j else -x
    ...     table[i, j, k] = (stake, -stake, (1 - x) * (1 - i) if k == 0 else sympy.Rational(1, 4))
    >>> two_mixer_numerators(table, x, [((0, 1), (0, 1), (0,))])
    [x, x - 1/2]
    """
    symbols = symbol if isinstance(symbol, tuple) else (symbol,)
    field = QQ.frac_field(*symbols)
    try:
        converted = _in_field(table, symbols, field)
    except (CoercionFailed, ValueError):
        return None
    conditions: list = []
    for profile in profiles:
        found = _two_mixer_conditions(converted, profile, field)
        if found is None:
            return None
        conditions += found
    return [polynomial.as_expr() for polynomial in _monic_polynomials(conditions, symbols)]


def _two_mixer_conditions(table: np.ndarray, profile: SupportProfile, field: object) -> list | None:
    """The conditions of one profile with two mixing players, in the field; None when it is not one."""
    mixing = [i for i, support in enumerate(profile) if len(support) > 1]
    if len(mixing) != 2 or len(profile[mixing[0]]) != len(profile[mixing[1]]):
        return None
    first, second = mixing
    fixed = {i: support[0] for i, support in enumerate(profile) if i not in mixing}

    def slice_of(player: int) -> np.ndarray:
        """``player``'s payoffs over the two mixers' strategies, the others' fixed."""
        index: list[Any] = [fixed.get(i, slice(None)) for i in range(len(profile))]
        return table[(*index, player)]

    own = _indifference(slice_of(first), profile[first], profile[second])
    other = _indifference(slice_of(second).T, profile[second], profile[first])
    if own is None or other is None:
        return None

    def mix(found: tuple[list, list, Any]) -> list:
        """The mix of an ``_indifference`` as field elements."""
        return [field.field.new(numerator, found[2]) for numerator in found[1]]  # type: ignore[attr-defined]

    # own's mix is the second player's, making the first indifferent, and the other way round
    mixes = {first: dict(zip(profile[first], mix(other))), second: dict(zip(profile[second], mix(own)))}
    conditions = [*own[0], *other[0]]
    for player, strategy in fixed.items():
        def value(choice: int, player: int = player) -> Any:
            total = field.zero  # type: ignore[attr-defined]
            for a, p in mixes[first].items():
                for b, q in mixes[second].items():
                    index = [fixed.get(i, 0) for i in range(len(profile))]
                    index[player], index[first], index[second] = choice, a, b
                    total += table[(*index, player)] * p * q
            return total
        chosen = value(strategy)
        conditions += [value(choice) - chosen for choice in range(table.shape[player]) if choice != strategy]
    return conditions


def _indifference(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...]) -> tuple[list, list, Any] | None:
    """The conditions of one side of a support pair (``_polynomial_side_conditions``), as polynomials,
    and the other player's mix that makes ``own`` indifferent, as numerators over a common
    denominator; None when the system is singular throughout.

    ``payoffs`` are elements of a field of rational functions. Each row of the indifference
    system (``sum_c A[r, c] q_c - v = 0``, and ``sum_c q_c = 1``) is multiplied by the common
    denominator of its payoffs, which changes neither the solution nor, inside the searched
    interval where every payoff is defined, the zeros; the rest is polynomial arithmetic, with no
    gcd taken at every step as arithmetic in the field takes it. By the cofactors of the last
    row, ``q_j`` is the ``j``-th cofactor over the determinant, their sum (Cramer's rule).
    """
    size = len(own)
    ring = payoffs[own[0], other[0]].numer.ring
    scales = {r: _common_denominator([payoffs[r, c] for c in other], ring) for r in range(payoffs.shape[0])}

    def cleared(r: int) -> list:
        return [payoffs[r, c].numer * scales[r].exquo(payoffs[r, c].denom) for c in other]

    rows = [[*cleared(r), -scales[r]] for r in own]
    cofactors = [(-1) ** (size + j) * _determinant([row[:j] + row[j + 1:] for row in rows], ring)
                 for j in range(size + 1)]
    determinant = sum(cofactors[:size], ring.zero)
    if not determinant:
        return None
    mix, value = cofactors[:size], cofactors[size]
    slacks = [scales[r] * value - sum((a * q for a, q in zip(cleared(r), mix)), ring.zero)
              for r in range(payoffs.shape[0]) if r not in own]
    return [determinant, *mix, *slacks], mix, determinant


def _common_denominator(elements: Sequence[Any], ring: Any) -> Any:
    """The least common multiple of the denominators of field elements, in their polynomial ring."""
    common = ring.one
    for element in elements:
        if not element.denom.is_ground:
            common = common.lcm(element.denom)
    return common


def _determinant(rows: list[list[Any]], ring: Any) -> Any:
    """The determinant of a square matrix of polynomials, without division by any of them (two by
    two by hand; larger by the fraction-free elimination of ``DomainMatrix`` over the ring)."""
    if len(rows) == 1:
        return rows[0][0]
    if len(rows) == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    return DomainMatrix(rows, (len(rows), len(rows)), ring.to_domain()).det()


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
