"""A mixed strategy that dominates a pure one: found by a linear program in floats, confirmed exactly."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from ..games import Game, Number
from .linear_algebra import solve_exact
from .verification import snap_distribution

__all__ = ["Dominator", "dominance_kind", "mixed_dominator"]

_DENOMINATOR_BOUNDS = (10, 100, 1000, 10**4, 10**6, 10**9)
"""Bounds tried, smallest first, when a float mix from the linear program is made exact."""

_LP_TOLERANCE = 1e-9
"""Relative size (to the payoff scale) below which a float margin from the linear program counts as zero."""

Dominator = tuple[tuple[int, Number], ...]
"""A dominating strategy: each of its strategies (an index among the player's) with its probability."""


def dominance_kind(margins: Sequence[Number], slack: Number) -> str | None:
    """'strict', 'weak' or None for a vector of payoff margins (dominator minus dominated).

    Examples
    --------
    >>> dominance_kind([1, 2], 0), dominance_kind([0, 2], 0), dominance_kind([-1, 2], 0)
    ('strict', 'weak', None)
    """
    if all(m > slack for m in margins):
        return "strict"
    if all(m >= -slack for m in margins) and any(m > slack for m in margins):
        return "weak"
    return None


def mixed_dominator(game: Game, rows: np.ndarray, position: int, others: Sequence[int], slack: Number, *,
                     weak: bool) -> tuple[Dominator, bool] | None:
    """A mix over ``others`` that strictly (or, when ``weak``, weakly) dominates row ``position``,
    verified exactly for exact games; None when none is found.

    Examples
    --------
    Against two profiles of the others, the row ``(1, 1)`` is beaten by no other row alone but by
    half of ``(3, 0)`` and half of ``(0, 3)``:

    >>> from fractions import Fraction as F
    >>> game = Game(("A", "B"), (("T", "M", "B"), ("L", "R")), [[[3, 0], [0, 0]], [[0, 0], [3, 0]], [[1, 0], [1, 0]]])
    >>> rows = np.array([[F(3), F(0)], [F(0), F(3)], [F(1), F(1)]], dtype=object)
    >>> mixed_dominator(game, rows, 2, [0, 1], F(0), weak=False)
    (((0, Fraction(1, 2)), (1, Fraction(1, 2))), True)
    """
    # A mix pays at most the best of its strategies: where even that is not enough, skip the LP.
    best = [max(rows[k][j] for k in others) - rows[position][j] for j in range(rows.shape[1])]
    kinds = [kind for kind in (("strict", "weak") if weak else ("strict",))
             if dominance_kind(best, slack) in (kind, "strict")]
    for kind in kinds:
        mix = _dominating_mix(game, rows, position, others, slack, kind)
        if mix is not None:
            support = tuple((k, p) for k, p in zip(others, mix) if p > 0)
            return support, kind == "strict"
    return None


def _dominating_mix(game: Game, rows: np.ndarray, position: int, others: Sequence[int], slack: Number,
                    kind: str) -> list[Number] | None:
    """Solve the linear program for a dominating mix of ``kind`` and confirm it (exactly for exact games)."""
    from scipy.optimize import linprog

    target = np.asarray(rows[position], dtype=float)
    block = np.asarray(rows[list(others)], dtype=float)  # one row per candidate strategy
    m, profiles = block.shape
    scale = max(1.0, float(np.max(np.abs(rows.astype(float)))))
    if kind == "strict":
        # variables (x_1..x_m, eps): maximise eps s.t. block^T x - eps >= target, sum x = 1, x >= 0
        cost = np.zeros(m + 1)
        cost[-1] = -1.0
        a_ub = np.hstack([-block.T, np.ones((profiles, 1))])
        a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
        bounds = [(0.0, 1.0)] * m + [(None, None)]
    else:
        # maximise the total margin sum_p (block^T x - target)_p s.t. every margin >= 0, sum x = 1, x >= 0
        cost = -block.sum(axis=1)
        a_ub = -block.T
        a_eq = np.ones((1, m))
        bounds = [(0.0, 1.0)] * m
    result = linprog(cost, A_ub=a_ub, b_ub=-target, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if result.status != 0:
        return None
    x = np.clip(result.x[:m], 0.0, None)
    margins = block.T @ x - target
    if kind == "strict":
        if result.x[-1] <= (0.0 if game.is_exact else float(slack)):
            return None
    elif float(margins.sum()) <= (0.0 if game.is_exact else float(slack)):
        return None
    if not game.is_exact:
        mix: list[Number] = list(snap_distribution(x))
        exact_kind = dominance_kind(list(block.T @ np.asarray(mix) - target), slack)
        return mix if exact_kind == kind or (kind == "weak" and exact_kind == "strict") else None
    exact_rows = [list(rows[k]) for k in others]
    exact_target = list(rows[position])
    for candidate in _exact_candidates(x, exact_rows, exact_target, margins, scale, kind):
        found = dominance_kind(_exact_margins(candidate, exact_rows, exact_target), Fraction(0))
        if found == kind or (kind == "weak" and found == "strict"):
            return list(candidate)
    return None


def _exact_margins(mix: Sequence[Fraction], rows: Sequence[Sequence[Fraction]],
                   target: Sequence[Fraction]) -> list[Fraction]:
    """The exact payoff margins of ``mix`` over ``target``, one per profile of the others."""
    return [sum((p * row[j] for p, row in zip(mix, rows)), start=Fraction(0)) - target[j]
            for j in range(len(target))]


def _exact_candidates(x: np.ndarray, rows: Sequence[Sequence[Fraction]], target: Sequence[Fraction],
                      margins: np.ndarray, scale: float, kind: str) -> list[list[Fraction]]:
    """Exact mixes near the float solution ``x``: rounded ones (simplest first), then the
    exact solution of the linear program's tight constraints."""
    candidates: list[list[Fraction]] = []
    for bound in _DENOMINATOR_BOUNDS:
        rounded = [Fraction(float(p)).limit_denominator(bound) for p in x]
        rounded = [p if p > 0 else Fraction(0) for p in rounded]
        total = sum(rounded, start=Fraction(0))
        if total > 0:
            mix = [p / total for p in rounded]
            if mix not in candidates:
                candidates.append(mix)
    vertex = _tight_solution(x, rows, target, margins, scale, kind)
    if vertex is not None and vertex not in candidates:
        candidates.append(vertex)
    return candidates


def _tight_solution(x: np.ndarray, rows: Sequence[Sequence[Fraction]], target: Sequence[Fraction],
                    margins: np.ndarray, scale: float, kind: str) -> list[Fraction] | None:
    """Solve exactly the constraints the float optimum holds with equality: the mix on its
    support sums to 1 and its margin equals the common margin ``eps`` (strict) or 0 (weak) on
    every tight profile. None unless that system has exactly one solution with ``x >= 0``."""
    m = len(x)
    support = [k for k in range(m) if x[k] > 1e-9]
    level = float(margins.min()) if kind == "strict" else 0.0
    tight = [j for j in range(len(target)) if abs(margins[j] - level) <= _LP_TOLERANCE * scale * 10]
    unknowns = len(support) + (1 if kind == "strict" else 0)
    matrix: list[list[Fraction]] = [[Fraction(1)] * len(support) + [Fraction(0)] * (unknowns - len(support))]
    rhs: list[Fraction] = [Fraction(1)]
    for j in tight:
        row = [rows[k][j] for k in support]
        if kind == "strict":
            row.append(Fraction(-1))
        matrix.append(row)
        rhs.append(target[j])
    solution = solve_exact(matrix, rhs)
    if solution is None or any(p < 0 for p in solution[:len(support)]):
        return None
    mix = [Fraction(0)] * m
    for k, p in zip(support, solution):
        mix[k] = p
    return mix
