"""Every vertex of a polytope ``{z >= 0, C z <= 1}`` by a search over its lexicographically feasible bases.

For a positive integer ``k x d`` matrix C, write the polytope in equality form ``C z + s = 1`` with
slacks ``s``: variables ``0 .. d-1`` are the coordinates of ``z``, variable ``d + r`` is the slack of
row ``r``. A basis is a set of ``k`` variables. Perturbing the right-hand side lexicographically,
``1 + (eps, eps^2, ..., eps^k)``, makes the polytope simple: a basis is *lex-feasible* when every row
``(beta_i, (B^-1)_i)`` of its dictionary is lexicographically positive, each lex-feasible basis is one
vertex of the perturbed polytope, and from it, for every nonbasic column, the lexicographic
minimum-ratio rule gives the unique neighbouring lex-feasible basis. The graph of lex-feasible bases is
connected, so a breadth-first search from the all-slack basis finds every one of them, and with them
every vertex of the polytope (Avis & Fukuda, "A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra", Discrete Comput. Geom. 8, 1992, who replace the visited
set by reverse search; Avis, Rosenberg, Savani & von Stengel, "Enumeration of Nash equilibria for
two-player games", Economic Theory 42, 2010, section 4). A vertex is known by its labels: the
variables that are zero there (the nonbasic ones and the basic ones of value exactly 0).

Speed with exactness: the frontier is processed in batches; for each batch, the small matrices
``C[R, S]`` (tight rows by basic coordinates) are inverted in floats in one numpy call, and the whole
dictionary is derived from those inverses together with a rigorous bound on its error (the residual
``I - C[R, S] X`` bounds the error of the float inverse). A decision (the sign of an entry, the
winner of a ratio test, whether a basic variable is zero) is taken in floats only when that bound
separates it. A basis with any decision the bound does not separate (ties at degenerate vertices,
ill-conditioned or huge entries) is redone exactly: its dictionary is computed fraction-free in
integers and the lexicographic rule is applied with exact cross-multiplication.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import SolverError

__all__ = ["PolytopeSearch", "PolytopeVertices", "search_vertices", "vertex_coordinates"]

BATCH = 4096
"""Bases expanded per numpy call."""

_UNIT = 2.0**-53
_EXACT_FLOAT = 2.0**53
"""Integers up to this size are exact as floats; larger constraint entries make every basis exact."""


@dataclass(frozen=True)
class PolytopeVertices:
    """The vertices of ``{z >= 0, C z <= 1}`` found by ``search_vertices``.

    Attributes
    ----------
    labels
        One bitmask per vertex, origin included: bit ``v`` is set when variable ``v`` is zero there
        (``v < d``: the coordinate ``z_v``; ``v >= d``: the slack of row ``v - d``, a tight row).
    bases
        For each vertex, one basis (a bitmask of ``k`` basic variables) it was reached through.
    degenerate
        True when some vertex has more than ``d`` labels.
    complete
        False when the search stopped early (deadline or interruption).
    """

    labels: tuple[int, ...]
    bases: tuple[int, ...]
    degenerate: bool
    complete: bool


class PolytopeSearch:
    """A breadth-first search over the lex-feasible bases of ``{z >= 0, C z <= 1}``, one batch at a time.

    Parameters
    ----------
    constraints
        The positive integer matrix C, ``k x d`` (any integer dtype, or objects holding ints).
    exact
        Decide everything in exact integer arithmetic, skipping the float filter (for tests).

    Examples
    --------
    >>> search = PolytopeSearch(np.array([[1, 2]]))
    >>> while search.step():
    ...     pass
    >>> sorted(search.vertices().labels)   # the origin {z0, z1}, z = (1, 0) {z1, row}, z = (0, 1/2) {z0, row}
    [3, 5, 6]
    """

    def __init__(self, constraints: np.ndarray, *, exact: bool = False) -> None:
        rows, dim = constraints.shape
        self.rows, self.dim = rows, dim
        self.width = rows + dim
        self._integers = [[int(v) for v in row] for row in constraints]
        self._objects = np.array(self._integers, dtype=object).reshape(rows, dim)
        self.constraints = self._objects
        """The constraint matrix C as an object array of Python ints."""
        largest = max((abs(v) for row in self._integers for v in row), default=0)
        self._floats = np.array(self._integers, dtype=float).reshape(rows, dim)
        self._use_floats = not exact and largest < _EXACT_FLOAT
        self._wide = self.width > 63
        self._dtype: Any = object if self._wide else np.uint64
        start = sum(1 << (dim + r) for r in range(rows))
        self._visited: set[int] = {start}
        self._pending: list[int] = [start]
        self._labels: dict[int, int] = {}
        self.degenerate = False
        self.exact_bases = 0
        self.bases = 0

    @property
    def done(self) -> bool:
        """True when every lex-feasible basis has been expanded."""
        return not self._pending

    @property
    def found(self) -> int:
        """Vertices found so far, the origin excluded."""
        return max(len(self._labels) - 1, 0)

    def step(self, size: int = BATCH) -> bool:
        """Expand up to ``size`` bases of the frontier; return False once the search is complete."""
        if not self._pending:
            return False
        batch, self._pending = self._pending[:size], self._pending[size:]
        keys = self._as_keys(batch)
        bases = self._decode(keys)
        counts = (bases < self.dim).sum(axis=1)
        for s in np.unique(counts):
            chosen = np.flatnonzero(counts == s)
            self._expand_group(keys[chosen], bases[chosen], int(s))
        self.bases += len(batch)
        return bool(self._pending)

    def vertices(self) -> PolytopeVertices:
        """The vertices found so far (all of them once ``done``)."""
        labels = tuple(sorted(self._labels))
        return PolytopeVertices(labels, tuple(self._labels[v] for v in labels), self.degenerate, self.done)

    # --- one group of bases with s basic coordinates -------------------------------------------------

    def _expand_group(self, keys: np.ndarray, bases: np.ndarray, s: int) -> None:
        """Find the neighbours and labels of bases that all have ``s`` basic coordinates."""
        nonbasic = self._complement(bases)
        if self._use_floats:
            leaving, zero, decided = self._decide_in_floats(bases, nonbasic, s)
        else:
            leaving = np.zeros(nonbasic.shape, dtype=np.int64)
            zero = np.zeros(bases.shape, dtype=bool)
            decided = np.zeros(len(bases), dtype=bool)
        for index in np.flatnonzero(~decided):
            leaving[index], zero[index] = self._decide_exactly(bases[index], nonbasic[index], s)
            self.exact_bases += 1
        if zero.any():
            self.degenerate = True
        self._record(keys, bases, nonbasic, leaving, zero)

    def _record(self, keys: np.ndarray, bases: np.ndarray, nonbasic: np.ndarray, leaving: np.ndarray,
                zero: np.ndarray) -> None:
        """Store each basis's vertex (by its labels) and queue its unseen neighbours."""
        full = (1 << self.width) - 1
        zero_masks = np.where(zero, self._bits(bases), 0).sum(axis=1, dtype=self._dtype)
        labels = (self._as_keys([full]) ^ keys) | zero_masks
        swaps = self._bits(nonbasic) | self._bits(np.take_along_axis(bases, leaving, axis=1))
        children = (keys[:, None] ^ swaps).ravel().tolist()
        for key, label in zip(keys.tolist(), labels.tolist()):
            self._labels.setdefault(label, key)
        visited = self._visited
        fresh = [child for child in dict.fromkeys(children) if child not in visited]
        visited.update(fresh)
        self._pending.extend(fresh)

    # --- the float filter ----------------------------------------------------------------------------

    def _decide_in_floats(self, bases: np.ndarray, nonbasic: np.ndarray, s: int
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Leaving rows per nonbasic column, zero basic variables, and which bases floats decided."""
        table, error, sound = self._float_dictionary(bases, nonbasic, s)
        beta, beta_error = table[:, :, -1], error[:, :, -1]
        nonzero = beta - beta_error > 0
        leaving, separated = _separate_ratios(beta, beta_error, table[:, :, :-1], error[:, :, :-1])
        decided = sound & nonzero.all(axis=1) & separated.all(axis=1)
        return leaving, ~nonzero & decided[:, None], decided

    def _float_dictionary(self, bases: np.ndarray, nonbasic: np.ndarray, s: int
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The nonbasic columns and the values of each basis's dictionary in floats, with error bounds.

        For a basis with coordinates S and tight rows R (the nonbasic slacks), the dictionary is
        ``B^-1 [C | I | 1]``; its rows for the basic coordinates are ``X [C[R] | I[R] | 1]`` and its
        rows for the basic slacks T are ``[C[T] | I[T] | 1] - C[T, S] X [C[R] | I[R] | 1]``, with
        ``X = C[R, S]^-1``. Only the nonbasic columns (``C[., N]`` for the nonbasic coordinates N, the
        unit columns of R) and the values are formed; the result has ``d + 1`` columns: one per
        nonbasic variable in sorted order, then the values.

        Error bound: with ``X`` the float inverse and ``rho = ||I - C[R,S] X|| + 2 gamma_{s+1}
        ||C[R,S]|| ||X||`` (infinity norms, the residual computed in floats), ``rho < 1/2`` bounds the
        row sums of ``|X - C[R,S]^-1|`` by ``delta = ||X|| rho / (1 - rho)`` (Higham, "Accuracy and
        Stability of Numerical Algorithms", 2nd ed., 2002, chapters 3 and 14). An entry ``(X G)_ij``
        with nonnegative ``G`` is then off by at most ``(delta + gamma_s ||X_i||_1) max_l G_lj``, and
        the slack rows add ``|C[T, S]|`` times that plus their own rounding; every bound is doubled.
        """
        C = self._floats
        n = len(bases)
        d = self.dim
        S = bases[:, :s]
        T = bases[:, s:] - d
        N = nonbasic[:, :d - s]
        R = nonbasic[:, d - s:] - d
        block = C[R[:, :, None], S[:, None, :]]
        lower = C[T[:, :, None], S[:, None, :]]
        right = np.ones((n, s, d - s + 1))
        right[:, :, :-1] = C[R[:, :, None], N[:, None, :]]
        if s:
            with np.errstate(all="ignore"):
                inverse = np.linalg.inv(block)
            residual = np.eye(s) - block @ inverse
        else:
            inverse = residual = np.zeros((n, 0, 0))
        inverse_norm = _norm(inverse)
        rho = _norm(residual) + 2 * _gamma(s + 1) * _norm(block) * inverse_norm
        sound = np.isfinite(rho) & (rho < 0.5)
        rho = np.where(sound, rho, 0.25)
        delta = inverse_norm * rho / (1 - rho)
        upper = np.empty((n, s, d + 1))
        upper[:, :, :d - s] = inverse @ right[:, :, :-1] if s else 0.0
        upper[:, :, d - s:d] = inverse
        upper[:, :, d] = inverse.sum(axis=2)
        scale = np.ones((n, d + 1))
        scale[:, :d - s] = right[:, :, :-1].max(axis=1, initial=0.0)
        row_error = 2 * (delta[:, None] + _gamma(s) * np.abs(inverse).sum(axis=2))
        upper_error = row_error[:, :, None] * scale[:, None, :]
        given = np.zeros((n, len(T[0]) if n else 0, d + 1))
        given[:, :, :d - s] = C[T[:, :, None], N[:, None, :]]
        given[:, :, d] = 1.0
        lower_table = given - lower @ upper if s else given
        magnitude = np.abs(lower)
        carried = magnitude @ row_error[:, :, None] if s else np.zeros((n, len(T[0]) if n else 0, 1))
        size = magnitude @ (np.abs(inverse).sum(axis=2)[:, :, None] + delta[:, None, None]) if s else carried
        lower_error = 2 * (carried * scale[:, None, :] + _gamma(s + 1) * (np.abs(given) + size * scale[:, None, :]))
        table = np.concatenate([upper, lower_table], axis=1)
        error = np.concatenate([upper_error, lower_error], axis=1)
        finite = np.isfinite(table).all(axis=(1, 2)) & np.isfinite(error).all(axis=(1, 2))
        return table, error, sound & finite

    # --- the exact path ------------------------------------------------------------------------------

    def _decide_exactly(self, basis: np.ndarray, nonbasic: np.ndarray, s: int) -> tuple[np.ndarray, np.ndarray]:
        """Leaving rows per nonbasic column and zero basic variables of one basis, in integers."""
        table = self._integer_dictionary(basis, nonbasic, s)
        k, d = self.rows, self.dim
        beta = [row[-1] for row in table]
        lex = [[row[-1]] + row[d:d + k] for row in table]
        leaving = np.array([_lex_min_ratio(lex, [row[int(q)] for row in table]) for q in nonbasic],
                           dtype=np.int64)
        return leaving, np.array([b == 0 for b in beta], dtype=bool)

    def _integer_dictionary(self, basis: np.ndarray, nonbasic: np.ndarray, s: int) -> list[list[int]]:
        """``D B^-1 [C | I | 1]`` in integers for one basis (``D > 0`` a multiple of ``|det B|``)."""
        C = self._objects
        k, d = self.rows, self.dim
        S = [int(v) for v in basis[:s]]
        T = [int(v) - d for v in basis[s:]]
        R = [int(v) - d for v in nonbasic[d - s:]]
        width = d + k + 1
        G = np.zeros((s, width), dtype=object)
        G[:, :d] = C[R] if s else G[:, :d]
        for i, r in enumerate(R):
            G[i, d + r] = 1
        G[:, -1] = 1
        upper, determinant = _integer_solve(C[np.ix_(R, S)], G)
        H = np.zeros((k - s, width), dtype=object)
        H[:, :d] = C[T] if T else H[:, :d]
        for i, t in enumerate(T):
            H[i, d + t] = 1
        H[:, -1] = 1
        lower = H * determinant - (C[np.ix_(T, S)].dot(upper) if s else 0)
        return np.concatenate([upper, lower]).tolist() if s else lower.tolist()

    # --- bookkeeping ---------------------------------------------------------------------------------

    def _decode(self, keys: np.ndarray) -> np.ndarray:
        """Basis bitmasks as sorted variable indices, one row per basis."""
        if self._wide:
            bits = np.array([[(key >> v) & 1 for v in range(self.width)] for key in keys.tolist()], dtype=bool)
        else:
            bits = np.unpackbits(keys.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1,
                                 bitorder="little")[:, :self.width].astype(bool)
        return np.nonzero(bits)[1].reshape(len(keys), self.rows)

    def _as_keys(self, values: list[int]) -> np.ndarray:
        """Python ints as an array of bitmasks (uint64, or objects beyond 63 variables)."""
        return np.array(values, dtype=self._dtype)

    def _bits(self, variables: np.ndarray) -> np.ndarray:
        """``1 << v`` for an array of variable indices, as bitmasks."""
        if self._wide:
            return np.left_shift(np.array(1, dtype=object), variables.astype(object))
        return np.left_shift(np.uint64(1), variables.astype(np.uint64))

    def _complement(self, bases: np.ndarray) -> np.ndarray:
        """The nonbasic variables of each basis, sorted."""
        member = np.zeros((len(bases), self.width), dtype=bool)
        np.put_along_axis(member, bases, True, axis=1)
        return np.nonzero(~member)[1].reshape(len(bases), self.dim)


def _gamma(t: int) -> float:
    """Higham's ``gamma_t = t u / (1 - t u)``, the relative error bound of a t-term dot product."""
    return t * _UNIT / (1 - t * _UNIT)


def _norm(matrices: np.ndarray) -> np.ndarray:
    """The infinity norm (largest absolute row sum) of each matrix of a stack."""
    if matrices.shape[-1] == 0 or matrices.shape[-2] == 0:
        return np.zeros(matrices.shape[:-2])
    return np.abs(matrices).sum(axis=-1).max(axis=-1)


def _separate_ratios(beta: np.ndarray, beta_error: np.ndarray, columns: np.ndarray, column_error: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The min-ratio row of each (basis, column) in floats, and whether interval bounds prove it.

    ``beta`` is ``(n, k)``, ``columns`` ``(n, k, c)``. A row is surely a candidate when its entry minus
    its error is positive, possibly one when its entry plus its error is; the winner is decided when
    the upper bound of its ratio is below the lower bound of every other possible candidate. With every
    ``beta`` proven positive, the first component of the lexicographic ratio decides.
    """
    with np.errstate(all="ignore"):
        low_entry = columns - column_error
        high_entry = columns + column_error
        high_beta = ((beta + beta_error) * (1 + 16 * _UNIT))[:, :, None]
        low_beta = (np.maximum(beta - beta_error, 0) * (1 - 16 * _UNIT))[:, :, None]
        high_ratio = np.where(low_entry > 0, high_beta / low_entry, np.inf)
        low_ratio = np.where(high_entry > 0, low_beta / high_entry, np.inf)
    winner = np.argmin(high_ratio, axis=1)
    best = np.take_along_axis(high_ratio, winner[:, None, :], axis=1)[:, 0, :]
    np.put_along_axis(low_ratio, winner[:, None, :], np.inf, axis=1)
    separated = np.isfinite(best) & (best < low_ratio.min(axis=1))
    return winner, separated


def _lex_min_ratio(lex: list[list[int]], column: list[int]) -> int:
    """The row of the lexicographic minimum ratio ``lex[i] / column[i]`` over rows with ``column[i] > 0``.

    Exact, by cross-multiplication (all entries share one positive denominator). Unique, because the
    rows of ``B^-1`` inside ``lex`` are linearly independent.
    """
    best = -1
    for row, entry in enumerate(column):
        if entry <= 0:
            continue
        if best < 0 or _lex_less(lex[row], entry, lex[best], column[best]):
            best = row
    if best < 0:
        raise SolverError("a polytope edge is unbounded: the constraint matrix is not positive",
                          fix="shift payoffs so that every entry is positive")
    return best


def _lex_less(first: list[int], first_pivot: int, second: list[int], second_pivot: int) -> bool:
    """Whether ``first / first_pivot`` is lexicographically smaller than ``second / second_pivot``."""
    for a, b in zip(first, second):
        left, right = a * second_pivot, b * first_pivot
        if left != right:
            return left < right
    raise SolverError("two rows of an inverse basis matrix are proportional", fix="report this game as a bug")


def _integer_solve(matrix: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, int]:
    """``D * matrix^-1 @ rhs`` and ``D > 0`` for a nonsingular square integer matrix (object arrays).

    Fraction-free Gauss-Jordan elimination: after each pivot the whole tableau is an integer matrix
    over the current pivot as common denominator (Bareiss 1968; Edmonds 1967), so every division is
    exact; ``D`` is ``|det(matrix)|``.
    """
    size = matrix.shape[0]
    if size == 0:
        return np.zeros((0, rhs.shape[1]), dtype=object), 1
    work = np.concatenate([matrix, rhs], axis=1).astype(object)
    previous = 1
    for step in range(size):
        nonzero = [r for r in range(step, size) if work[r, step] != 0]
        if not nonzero:
            raise SolverError("a basis matrix is singular", fix="report this game as a bug")
        if nonzero[0] != step:
            work[[step, nonzero[0]]] = work[[nonzero[0], step]]
        pivot_row = work[step].copy()
        pivot = pivot_row[step]
        factors = work[:, step].copy()
        work = (work * pivot - np.outer(factors, pivot_row)) // previous
        work[step] = pivot_row
        previous = pivot
    result = work[:, size:]
    # rows whose pivot was fixed before the last step were kept at that step's scale; the last pivot is D
    if previous < 0:
        return -result, -previous
    return result, previous


def vertex_coordinates(constraints: np.ndarray, basis: int) -> tuple[list[int], int]:
    """The point of the basic solution of ``basis`` as integer numerators over one positive denominator.

    Examples
    --------
    >>> vertex_coordinates(np.array([[1, 2]]), 0b001)   # z0 basic, row 0 tight: z = (1, 0)
    ([1, 0], 1)
    """
    rows, dim = constraints.shape
    chosen = [v for v in range(rows + dim) if basis >> v & 1]
    S = [v for v in chosen if v < dim]
    R = sorted(set(range(rows)) - {v - dim for v in chosen if v >= dim})
    matrix = np.array([[int(constraints[r, c]) for c in S] for r in R], dtype=object).reshape(len(R), len(S))
    values, denominator = _integer_solve(matrix, np.ones((len(S), 1), dtype=object))
    point = [0] * dim
    for c, v in zip(S, values[:, 0].tolist()):
        point[c] = v
    return point, int(denominator)


def search_vertices(constraints: np.ndarray, *, deadline: float | None = None, exact: bool = False,
                    progress: Callable[[int], None] | None = None) -> PolytopeVertices:
    """Every vertex of ``{z >= 0, C z <= 1}`` for a positive integer matrix C, by lex-feasible bases.

    Parameters
    ----------
    constraints
        A positive integer ``k x d`` matrix.
    deadline
        A ``time.monotonic()`` value after which the search stops (``complete`` is then False).
    exact
        Decide every basis in integer arithmetic, without the float filter.
    progress
        Called after each batch with the number of vertices found so far.

    Examples
    --------
    >>> found = search_vertices(np.array([[2, 1], [1, 2]]))
    >>> len(found.labels), found.degenerate, found.complete   # the origin and three more
    (4, False, True)
    """
    search = PolytopeSearch(np.asarray(constraints), exact=exact)
    while not search.done:
        if deadline is not None and time.monotonic() > deadline:
            break
        search.step()
        if progress is not None:
            progress(search.found)
    return search.vertices()
