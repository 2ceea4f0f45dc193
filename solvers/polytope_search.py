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
two-player games", Economic Theory 42, 2010). A vertex is known by its labels: the
variables that are zero there (the nonbasic ones and the basic ones of value exactly 0).

Speed with exactness: the frontier is processed in batches; for each batch, the small matrices
``C[R, S]`` (tight rows by basic coordinates) are inverted in floats in one numpy call, and the whole
dictionary is derived from those inverses together with a rigorous bound on its error (the residual
``I - C[R, S] X`` bounds the error of the float inverse). A decision (the sign of an entry, the
winner of a ratio test, whether a basic variable is zero) is taken in floats only when that bound
separates it. A basis with any decision the bound does not separate (ties at degenerate vertices,
ill-conditioned or huge entries) is decided exactly, by the first of two routes that applies:

1. rounding (vectorised): ``D = |det C[R, S]|`` from the float determinant, certified by checking
   ``C[R, S] @ round(D X) == D I`` in int64; then ``D`` times the float dictionary rounds to its exact
   integer numerators whenever ``D`` times the error bound is below 1/4, and the lexicographic
   ratio test compares those integers (in floats when a gap argument makes that exact, otherwise
   in Python integers). Small payoffs, the usual source of ties, take this route;
2. integers: the dictionary is computed fraction-free (Bareiss / Edmonds elimination) in Python
   integers and the lexicographic rule is applied with exact cross-multiplication.

Each route can be forced for tests: ``exact=True`` skips the floats, and setting a search's
``_rounding`` to False skips route 1.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InternalError, SolverError

__all__ = ["PolytopeSearch", "PolytopeVertices", "search_vertices", "vertex_coordinates", "vertex_points"]

BATCH = 4096
"""Bases expanded per step."""

_RATIO_CHUNK = 512
"""Bases whose float dictionaries are formed and compared at once (small enough to stay in cache)."""

_UNIT = 2.0**-53
_INT64_SAFE = 2.0**62
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
        if any(v <= 0 for row in self._integers for v in row):
            raise SolverError("the constraint matrix of a best-response polytope has an entry below 1",
                              fix="shift the payoffs so that every entry is a positive integer")
        largest = max((abs(v) for row in self._integers for v in row), default=0)
        self._floats = np.array(self._integers, dtype=float).reshape(rows, dim)
        self._column_max = np.abs(self._floats).max(axis=0, initial=0.0)
        self._largest = float(largest)
        self._rounding = True
        """Try ``_decide_by_rounding`` on bases the float intervals leave open (tests switch it off)."""
        self._use_floats = not exact and largest < _EXACT_FLOAT
        self._wide = self.width > 63
        self._dtype: Any = object if self._wide else np.uint64
        start = sum(1 << (dim + r) for r in range(rows))
        self._visited: set[int] = {start}
        self._seen = self._as_keys([start])
        self._pending = self._as_keys([start])
        self._labels: dict[int, int] = {}
        self.degenerate = False
        self.exact_bases = 0
        self.bases = 0

    @property
    def done(self) -> bool:
        """True when every lex-feasible basis has been expanded."""
        return not len(self._pending)

    @property
    def found(self) -> int:
        """Vertices found so far, the origin excluded."""
        return max(len(self._labels) - 1, 0)

    def step(self, size: int = BATCH) -> bool:
        """Expand up to ``size`` bases of the frontier; return False once the search is complete."""
        if not len(self._pending):
            return False
        keys, self._pending = self._pending[:size], self._pending[size:]
        bases = self._decode(keys)
        counts = (bases < self.dim).sum(axis=1)
        order = np.argsort(counts, kind="stable")
        keys, bases, counts = keys[order], bases[order], counts[order]
        nonbasic = self._complement(bases)
        leaving = np.zeros(nonbasic.shape, dtype=np.int64)
        zero = np.zeros(bases.shape, dtype=bool)
        decided = np.zeros(len(bases), dtype=bool)
        if self._use_floats:
            for start in range(0, len(keys), _RATIO_CHUNK):
                part = slice(start, start + _RATIO_CHUNK)
                leaving[part], zero[part], decided[part] = self._decide_in_floats(bases[part], nonbasic[part],
                                                                                  counts[part])
        for index in np.flatnonzero(~decided):
            leaving[index], zero[index] = self._decide_exactly(bases[index], nonbasic[index], int(counts[index]))
            self.exact_bases += 1
        if zero.any():
            self.degenerate = True
        self._record(keys, bases, nonbasic, leaving, zero)
        self.bases += len(keys)
        return bool(len(self._pending))

    def vertices(self) -> PolytopeVertices:
        """The vertices found so far (all of them once ``done``)."""
        labels = tuple(sorted(self._labels))
        return PolytopeVertices(labels, tuple(self._labels[v] for v in labels), self.degenerate, self.done)

    # --- bookkeeping of the search ------------------------------------------------------------------

    def _record(self, keys: np.ndarray, bases: np.ndarray, nonbasic: np.ndarray, leaving: np.ndarray,
                zero: np.ndarray) -> None:
        """Store each basis's vertex (by its labels) and queue its unseen neighbours."""
        full = (1 << self.width) - 1
        zero_masks = np.where(zero, self._bits(bases), 0).sum(axis=1, dtype=self._dtype)
        labels = (self._as_keys([full]) ^ keys) | zero_masks
        for key, label in zip(keys.tolist(), labels.tolist()):
            self._labels.setdefault(label, key)
        swaps = self._bits(nonbasic) | self._bits(np.take_along_axis(bases, leaving, axis=1))
        children = (keys[:, None] ^ swaps).ravel()
        if self._wide:
            visited = self._visited
            fresh = [child for child in dict.fromkeys(children.tolist()) if child not in visited]
            visited.update(fresh)
            self._pending = np.concatenate([self._pending, self._as_keys(fresh)])
        else:
            children.sort()
            distinct = children[np.concatenate([[True], children[1:] != children[:-1]])]
            seen = self._seen
            place = np.minimum(np.searchsorted(seen, distinct), len(seen) - 1)
            fresh = distinct[seen[place] != distinct]
            merged = np.concatenate([seen, fresh])
            merged.sort(kind="stable")
            self._seen = merged
            self._pending = np.concatenate([self._pending, fresh])

    # --- the float filter ----------------------------------------------------------------------------

    def _decide_in_floats(self, bases: np.ndarray, nonbasic: np.ndarray, counts: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Leaving rows per nonbasic column, zero basic variables, and which bases were decided.

        First by float intervals; the bases those leave open (ties at degenerate vertices) are then
        tried by ``_decide_by_rounding``. ``counts`` (the number of basic coordinates of each basis)
        must be sorted."""
        bounds = np.flatnonzero(np.diff(counts)) + 1
        spans = list(zip([0, *bounds], [*bounds, len(bases)]))
        parts = [self._float_dictionary(bases[a:b], nonbasic[a:b], int(counts[a])) for a, b in spans]
        table, row_error, column_scale, sound = (np.concatenate(pieces) for pieces in zip(*(p[:4] for p in parts)))
        d = self.dim
        beta = table[:, d, :]
        nonzero = beta - row_error > 0
        leaving, separated = _separate_ratios(beta, row_error, table[:, :d, :], column_scale[:, :d])
        decided = sound & nonzero.all(axis=1) & separated.all(axis=1)
        zero = ~nonzero & decided[:, None]
        for (a, b), part in zip(spans, parts):
            open_rows = a + np.flatnonzero(~decided[a:b] & sound[a:b])
            if len(open_rows) and self._rounding:
                local = open_rows - a
                found = self._decide_by_rounding(int(counts[a]), bases[open_rows], nonbasic[open_rows],
                                                 table[open_rows], row_error[open_rows],
                                                 column_scale[open_rows], part[4][local], part[5][local])
                certified = found[2]
                leaving[open_rows[certified]] = found[0][certified]
                zero[open_rows[certified]] = found[1][certified]
                decided[open_rows[certified]] = True
        return leaving, zero, decided

    def _decide_by_rounding(self, s: int, bases: np.ndarray, nonbasic: np.ndarray, table: np.ndarray,
                            row_error: np.ndarray, column_scale: np.ndarray, block: np.ndarray,
                            inverse: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Decide bases exactly from their float dictionaries by rounding to integers, vectorised.

        With ``D = |det C[R, S]|``, ``D`` times the dictionary is an integer matrix. ``D`` is taken as
        the rounded float determinant and certified by checking ``C[R, S] @ round(D X) == D I`` in
        int64 (then ``D X`` is exactly ``D C[R, S]^-1``); when ``D`` times the error bound of every
        entry is below 1/4, rounding ``D`` times the float dictionary gives its exact integer
        numerators. The lexicographic ratio test then runs in floats on these integers when
        ``max |numerator| * max(pivot)^2 < 2^50`` (two different ratios then differ by more than twice
        their rounding error, so float comparison of the ratios is exact), and otherwise on the same
        integers in Python (cross-multiplication). Returns leaving rows, zero basic variables, and
        which bases were certified (the others go to the integer path).
        """
        d, k = self.dim, self.rows
        count = len(bases)
        with np.errstate(all="ignore"):
            determinant = np.rint(np.abs(np.linalg.det(block)))
            adjugate = np.rint(determinant[:, None, None] * inverse)
            ok = ((determinant > 0) & (determinant < 2**40) & np.isfinite(adjugate).all(axis=(1, 2))
                  & (np.abs(adjugate).max(axis=(1, 2), initial=0) * self._largest * s < _INT64_SAFE))
            whole = np.where(ok[:, None, None], adjugate, 0).astype(np.int64)
            scale = np.where(ok, determinant, 0).astype(np.int64)
            ok &= (block.astype(np.int64) @ whole == scale[:, None, None] * np.eye(s, dtype=np.int64)).all(axis=(1, 2))
            ok &= determinant * row_error.max(axis=1) * column_scale.max(axis=1) < 0.25
            numerators = np.rint(table * determinant[:, None, None])
            ok &= np.abs(numerators).max(axis=(1, 2)) < 2**50
            lex = np.zeros((count, k, k + 1))
            lex[:, :, 0] = numerators[:, d, :]
            tight = np.broadcast_to((nonbasic[:, d - s:] - d)[:, None, :], (count, k, s))
            np.put_along_axis(lex[:, :, 1:], tight, numerators[:, d - s:d, :].transpose(0, 2, 1), axis=2)
            lex[np.arange(count)[:, None], np.arange(s, k)[None, :], 1 + bases[:, s:] - d] = determinant[:, None]
            pivots = numerators[:, :d, :]
            positive = pivots > 0
            largest_pivot = np.where(positive, pivots, 0).max(axis=(1, 2))
            gap = np.abs(lex).max(axis=(1, 2)) * largest_pivot**2 < 2**50
            candidates = _lex_minimum(lex, np.where(positive, pivots, 1.0), positive.copy())
        leaving = np.argmax(candidates, axis=2)
        decided = ok & gap & (candidates.sum(axis=2) == 1).all(axis=1)
        for index in np.flatnonzero(ok & ~decided):  # exact integers, too large for the float comparison
            rows = lex[index].astype(np.int64).tolist()
            columns = pivots[index].astype(np.int64).tolist()
            leaving[index] = [_lex_min_ratio(rows, column) for column in columns]
        return leaving, numerators[:, d, :] == 0, ok

    def _float_dictionary(self, bases: np.ndarray, nonbasic: np.ndarray, s: int
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The nonbasic columns and the values of each basis's dictionary in floats, with error bounds.

        For a basis with coordinates S and tight rows R (the nonbasic slacks), the dictionary is
        ``B^-1 [C | I | 1]``; its rows for the basic coordinates are ``X [C[R] | I[R] | 1]`` and its
        rows for the basic slacks T are ``[C[T] | I[T] | 1] - C[T, S] X [C[R] | I[R] | 1]``, with
        ``X = C[R, S]^-1``. Only the nonbasic columns (``C[., N]`` for the nonbasic coordinates N, the
        unit columns of R) and the values are formed, transposed: ``table[b, j, i]`` is row i of column
        j of basis b, columns being the nonbasic variables in sorted order, then the values.

        Error bound: with ``X`` the float inverse and ``rho = ||I - C[R,S] X|| + 2 gamma_{s+1}
        ||C[R,S]|| ||X||`` (infinity norms, the residual computed in floats), ``rho < 1/2`` bounds the
        row sums of ``|X - C[R,S]^-1|`` by ``delta = ||X|| rho / (1 - rho)`` (Higham, "Accuracy and
        Stability of Numerical Algorithms", 2nd ed., 2002, chapters 3 and 14). An entry ``(X G)_ij``
        with nonnegative ``G`` is then off by at most ``(delta + gamma_s ||X_i||_1) max_l G_lj``, and
        the slack rows add ``|C[T, S]|`` times that plus their own rounding. The bound of entry
        ``(i, j)`` is returned as ``row_error[b, i] * column_scale[b, j]`` (every term doubled), with
        ``column_scale`` the largest entry of column j of ``[C | I | 1]``.
        """
        n = len(bases)
        d, k = self.dim, self.rows
        row_order = np.concatenate([nonbasic[:, d - s:], bases[:, s:]], axis=1) - d      # R, then T
        column_order = np.concatenate([bases[:, :s], nonbasic[:, :d - s]], axis=1)        # S, then N
        permuted = self._floats[row_order[:, :, None], column_order[:, None, :]]
        table = np.empty((n, d + 1, k))
        column_scale = np.ones((n, d + 1))
        column_scale[:, :d - s] = self._column_max[column_order[:, s:]]
        if s:
            block = permuted[:, :s, :s]
            with np.errstate(all="ignore"):
                inverse = np.linalg.inv(block)
            residual = np.eye(s) - block @ inverse
            inverse_norm = _norm(inverse)
            rho = _norm(residual) + 2 * _gamma(s + 1) * _norm(block) * inverse_norm
            sound = np.isfinite(rho) & (rho < 0.5)
            delta = inverse_norm * np.where(sound, rho / (1 - rho), 1.0)
            transposed = inverse.transpose(0, 2, 1)
            upper = table[:, :, :s]
            np.matmul(permuted[:, :s, s:].transpose(0, 2, 1), transposed, out=upper[:, :d - s])
            upper[:, d - s:d] = transposed
            row_sums = np.abs(inverse).sum(axis=2)
            upper[:, d] = inverse.sum(axis=2)
            upper_error = 2 * (delta[:, None] + _gamma(s) * row_sums)
            lower = permuted[:, s:, :s]
            np.matmul(upper, -lower.transpose(0, 2, 1), out=table[:, :, s:])
            magnitude = np.abs(lower)
            carried = (magnitude @ (upper_error + _gamma(s + 1) * (row_sums + delta[:, None]))[:, :, None])[:, :, 0]
            row_error = np.concatenate([upper_error, 2 * (carried + _gamma(s + 1))], axis=1)
        else:
            table[:, :, :] = 0.0
            block = inverse = np.zeros((n, 0, 0))
            sound = np.ones(n, dtype=bool)
            row_error = np.zeros((n, k))
        table[:, :d - s, s:] += permuted[:, s:, s:].transpose(0, 2, 1)
        table[:, d, s:] += 1.0
        # a finite inverse of bounded norm keeps every table entry finite (C < 2^53, k small)
        finite = np.isfinite(row_error).all(axis=1) & (row_error.max(axis=1, initial=0.0) < 1e200)
        return table, row_error, column_scale, sound & finite, block, inverse

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
        rows: list[list[int]] = np.concatenate([upper, lower]).tolist() if s else lower.tolist()
        return rows

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
        shifted: np.ndarray
        if self._wide:
            shifted = np.left_shift(np.array(1, dtype=object), variables.astype(object))
        else:
            shifted = np.left_shift(np.uint64(1), variables.astype(np.uint64))
        return shifted

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
    norms: np.ndarray = np.abs(matrices).sum(axis=-1).max(axis=-1)
    return norms


def _separate_ratios(beta: np.ndarray, row_error: np.ndarray, columns: np.ndarray, column_scale: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The min-ratio row of each (basis, column) in floats, and whether the error bounds prove it.

    ``beta`` is ``(n, k)``, ``columns`` ``(n, c, k)`` (one row of k entries per column), the error of
    entry ``columns[b, j, i]`` at most ``e_i g_j`` with ``e = row_error[b]``, ``g = column_scale[b]``,
    and that of ``beta[b, i]`` at most ``e_i``. With every ``beta`` proven positive (``beta_i > e_i``),
    the minimum ratio ``beta_i / a_i`` over ``a_i > 0`` is the maximum of ``q_i = a_i / beta_i``, and
    the first component of the lexicographic ratio decides. The computed ``q_i`` is off by at most
    ``w_i g_j + (w_i + 4u) |q_i|`` with ``w_i = 2 e_i / (beta_i - e_i)``; the winner is proven when its
    ``q`` minus that bound exceeds zero and every other row's ``q`` plus a (coarser, per-column) bound.
    """
    with np.errstate(all="ignore"):
        weight = 2 * row_error / np.where(beta > row_error, beta - row_error, np.nan)
        quotients = columns / beta[:, None, :]
        lowest = quotients.min(axis=2)
        winner = np.argmax(quotients, axis=2)  # a NaN (a zero beta) wins here but fails the proof below
        best = np.take_along_axis(quotients, winner[:, :, None], axis=2)[:, :, 0]
        np.put_along_axis(quotients, winner[:, :, None], -np.inf, axis=2)
        second = quotients.max(axis=2)
        own = np.take_along_axis(weight, winner, axis=1)
        largest = np.maximum(np.maximum(np.abs(best), np.abs(lowest)), np.abs(second))
        widest = weight.max(axis=1)[:, None]
        others = second + widest * column_scale + (widest + 4 * _UNIT) * largest
        separated = best - (own * column_scale + (own + 4 * _UNIT) * np.abs(best)) > np.maximum(others, 0)
    return winner, separated


def _lex_minimum(lex: np.ndarray, pivots: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """The rows of lexicographically least ``lex[b, i] / pivots[b, j, i]`` among ``candidates[b, j]``.

    ``lex`` is ``(n, k, c)``, ``pivots`` and ``candidates`` ``(n, d, k)``; ratios are compared in floats,
    which callers make exact (see ``_decide_by_rounding``). The first component settles almost every
    (basis, column); the next components are compared only where several rows are still tied.
    Returns the updated ``candidates``: one row left per (basis, column) unless ties remain.
    """
    count, columns, rows = candidates.shape
    ratio = np.where(candidates, lex[:, None, :, 0] / pivots, np.inf)
    candidates &= ratio == ratio.min(axis=2)[:, :, None]
    flat = candidates.reshape(count * columns, rows)
    open_pairs = np.flatnonzero(flat.sum(axis=1) > 1)
    remaining = flat[open_pairs]
    remaining_pivots = pivots.reshape(count * columns, rows)[open_pairs]
    for component in range(1, lex.shape[2]):
        if not len(open_pairs):
            break
        values = lex[open_pairs // columns, :, component]
        ratio = np.where(remaining, values / remaining_pivots, np.inf)
        remaining &= ratio == ratio.min(axis=1)[:, None]
        flat[open_pairs] = remaining
        still = remaining.sum(axis=1) > 1
        open_pairs, remaining, remaining_pivots = open_pairs[still], remaining[still], remaining_pivots[still]
    return candidates


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
    raise InternalError("two rows of an inverse basis matrix are proportional")


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
            raise InternalError("a basis matrix is singular")
        if nonzero[0] != step:
            work[[step, nonzero[0]]] = work[[nonzero[0], step]]
        pivot_row = work[step].copy()
        pivot = pivot_row[step]
        factors = work[:, step].copy()
        work = (work * pivot - np.outer(factors, pivot_row)) // previous
        work[step] = pivot_row
        previous = pivot
    result = work[:, size:]
    # every row is now over the last pivot: the left block is previous * I and previous == +-det(matrix)
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
    return vertex_points(constraints, [basis])[0]


def vertex_points(constraints: np.ndarray, bases: list[int]) -> list[tuple[list[int], int]]:
    """``vertex_coordinates`` of many bases at once.

    Each point solves ``C[R, S] z_S = 1`` (S the basic coordinates, R the tight rows). First in
    floats for all bases of one size together: ``D = round(det)``, numerators ``round(D z)``, then
    certified exactly by checking ``C[R, S] @ numerators == D * 1`` in int64 (only when no product can
    overflow); a point that fails the check is solved fraction-free in Python integers.

    Examples
    --------
    >>> vertex_points(np.array([[2, 1], [1, 2]]), [0b0011, 0b1001])   # (1/3, 1/3) and (1/2, 0)
    [([1, 1], 3), ([1, 0], 2)]
    """
    rows, dim = constraints.shape
    integers = np.array([[int(v) for v in row] for row in constraints], dtype=object).reshape(rows, dim)
    members = _membership(bases, rows + dim)
    sizes = members[:, :dim].sum(axis=1)
    results: list[tuple[list[int], int] | None] = [None] * len(bases)
    largest = max((abs(int(v)) for v in integers.flat), default=0)
    for size in np.unique(sizes).tolist():
        chosen = np.flatnonzero(sizes == size)
        S = np.nonzero(members[chosen, :dim])[1].reshape(len(chosen), size)
        R = np.nonzero(~members[chosen, dim:])[1].reshape(len(chosen), size)
        if largest < 2**31 and size:
            _certify_points(integers, S, R, chosen, results, dim)
        for position in range(len(chosen)):
            if results[chosen[position]] is None:
                results[chosen[position]] = _solve_point(integers, S[position].tolist(), R[position].tolist(), dim)
    return [result for result in results if result is not None]


def _membership(bases: list[int], width: int) -> np.ndarray:
    """Basis bitmasks as a boolean matrix, one row per basis, one column per variable."""
    if width <= 64:
        keys = np.array(bases, dtype="<u8")
        return np.unpackbits(keys.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")[:, :width].astype(bool)
    return np.array([[bool(key >> v & 1) for v in range(width)] for key in bases], dtype=bool).reshape(-1, width)


def _solve_point(integers: np.ndarray, S: list[int], R: list[int], dim: int) -> tuple[list[int], int]:
    """One basic solution ``C[R, S] z_S = 1``, fraction-free in Python integers."""
    values, denominator = _integer_solve(integers[np.ix_(R, S)], np.ones((len(S), 1), dtype=object))
    point = [0] * dim
    for c, v in zip(S, values[:, 0].tolist()):
        point[c] = v
    return point, int(denominator)


def _certify_points(integers: np.ndarray, S: np.ndarray, R: np.ndarray, chosen: np.ndarray,
                    results: list[tuple[list[int], int] | None], dim: int) -> None:
    """Fill ``results`` for the bases of one size whose float solution rounds to a certified one."""
    C = integers.astype(np.int64)
    block = C[R[:, :, None], S[:, None, :]]
    floats = block.astype(float)
    with np.errstate(all="ignore"):
        determinant = np.rint(np.linalg.det(floats))
        solution = np.linalg.solve(floats, np.ones(S.shape + (1,)))[:, :, 0]
        numerators = np.rint(solution * determinant[:, None])
    safe = (np.isfinite(numerators).all(axis=1) & (np.abs(determinant) < 2**52) & (determinant != 0)
            & (np.abs(numerators).max(axis=1) * float(np.abs(C).max()) * S.shape[1] < _INT64_SAFE))
    whole = np.where(safe[:, None], numerators, 0).astype(np.int64)
    denominator = np.where(safe, determinant, 1).astype(np.int64)
    certified = safe & ((block @ whole[:, :, None])[:, :, 0] == denominator[:, None]).all(axis=1)
    sign = np.where(denominator < 0, -1, 1)
    points = np.zeros((len(S), dim), dtype=np.int64)
    np.put_along_axis(points, S, whole * sign[:, None], axis=1)
    denominators = (denominator * sign).tolist()
    point_lists = points.tolist()
    for position in np.flatnonzero(certified).tolist():
        results[chosen[position]] = (point_lists[position], denominators[position])


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
