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

from ..errors import SolverError
from .basic_solutions import INT64_SAFE, integer_solve, vertex_coordinates, vertex_points
from .float_dictionaries import float_dictionaries
from .lexicographic_ratios import lex_min_ratio, lex_minimum, separate_ratios

__all__ = ["PolytopeSearch", "PolytopeVertices", "search_vertices", "vertex_coordinates", "vertex_points"]

BATCH = 4096
"""Bases expanded per step."""

_RATIO_CHUNK = 512
"""Bases whose float dictionaries are formed and compared at once (small enough to stay in cache)."""

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
        parts = [float_dictionaries(self._floats, self._column_max, bases[a:b], nonbasic[a:b], int(counts[a]))
                 for a, b in spans]
        table, row_error, column_scale, sound = (np.concatenate(pieces) for pieces in zip(*(p[:4] for p in parts)))
        d = self.dim
        beta = table[:, d, :]
        nonzero = beta - row_error > 0
        leaving, separated = separate_ratios(beta, row_error, table[:, :d, :], column_scale[:, :d])
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
                  & (np.abs(adjugate).max(axis=(1, 2), initial=0) * self._largest * s < INT64_SAFE))
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
            candidates = lex_minimum(lex, np.where(positive, pivots, 1.0), positive.copy())
        leaving = np.argmax(candidates, axis=2)
        decided = ok & gap & (candidates.sum(axis=2) == 1).all(axis=1)
        for index in np.flatnonzero(ok & ~decided):  # exact integers, too large for the float comparison
            rows = lex[index].astype(np.int64).tolist()
            columns = pivots[index].astype(np.int64).tolist()
            leaving[index] = [lex_min_ratio(rows, column) for column in columns]
        return leaving, numerators[:, d, :] == 0, ok

    # --- the exact path ------------------------------------------------------------------------------

    def _decide_exactly(self, basis: np.ndarray, nonbasic: np.ndarray, s: int) -> tuple[np.ndarray, np.ndarray]:
        """Leaving rows per nonbasic column and zero basic variables of one basis, in integers."""
        table = self._integer_dictionary(basis, nonbasic, s)
        k, d = self.rows, self.dim
        beta = [row[-1] for row in table]
        lex = [[row[-1]] + row[d:d + k] for row in table]
        leaving = np.array([lex_min_ratio(lex, [row[int(q)] for row in table]) for q in nonbasic],
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
        upper, determinant = integer_solve(C[np.ix_(R, S)], G)
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
