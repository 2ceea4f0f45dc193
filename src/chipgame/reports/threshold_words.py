"""How thresholds are said, the same in every view: a value with its exact form, a region that
is not certified with its ends, a heading that counts both, and why a region is not certified."""

from __future__ import annotations

from collections.abc import Sequence

from ..games import Number
from ..sensitivity.regime_cells import CellSamples
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from .numbers import format_number

__all__ = ["threshold_text", "thresholds_heading", "uncertified_notes", "unsolved_at", "tornado_notes", "plane_note",
           "NOTHING_CHANGES"]

NOTHING_CHANGES = "The equilibria do not change in this interval."
"""Said only when the search found no threshold and no uncertified region."""


def threshold_text(threshold: Threshold) -> str:
    """A threshold's value: 10 significant digits, then ``= exact`` when that is not the same text.

    Examples
    --------
    >>> import sympy
    >>> [threshold_text(Threshold("m", float(v), v, (), None, ())) for v in (sympy.Integer(3), sympy.Rational(8, 15))]
    ['3', '0.5333333333 = 8/15']

    A region where a change could not be ruled out gives its ends:

    >>> from fractions import Fraction
    >>> threshold_text(Threshold("m", 0.5, None, (), None, (), False, (Fraction(1, 4), Fraction(3, 4)), "why"))
    'possibly in [0.25, 0.75]'
    """
    if not threshold.certified and threshold.enclosure is not None:
        low, high = threshold.enclosure
        return f"possibly in [{float(low):.10g}, {float(high):.10g}]"
    shown = f"{threshold.value:.10g}"
    return shown if threshold.exact is None or str(threshold.exact) == shown else f"{shown} = {threshold.exact}"


def thresholds_heading(parameter: str, interval: tuple[Number, Number], found: Sequence[Threshold]) -> str:
    """The number of thresholds of ``parameter`` in the interval, and of regions not certified.

    Examples
    --------
    >>> import sympy
    >>> from fractions import Fraction
    >>> found = [Threshold("m", 0.5, sympy.Rational(1, 2), (), None, ()),
    ...          Threshold("m", 0.8, None, (), None, (), False, (Fraction(3, 5), Fraction(1)), "why")]
    >>> thresholds_heading("m", (0, 1), found)
    'Thresholds of m in [0, 1]: 1, and 1 region not certified'
    """
    certain = sum(t.certified for t in found)
    doubtful = len(found) - certain
    regions = f", and {doubtful} region{'s' if doubtful != 1 else ''} not certified" if doubtful else ""
    span = f"[{format_number(interval[0])}, {format_number(interval[1])}]"
    return f"Thresholds of {parameter} in {span}: {certain}{regions}"


def uncertified_notes(found: Sequence[Threshold]) -> list[str]:
    """One sentence per region that is not certified: where it is, and why.

    Examples
    --------
    >>> from fractions import Fraction
    >>> uncertified_notes([Threshold("m", 0.8, None, (), None, (), False, (Fraction(3, 5), Fraction(1)),
    ...                              "the scan could not rule out a change")])
    ['Not certified, possibly in [0.6, 1]: the scan could not rule out a change.']
    """
    return [f"Not certified, {threshold_text(t)}: {t.note}." for t in found if not t.certified]


def unsolved_at(threshold: Threshold) -> str:
    """What stands for the equilibria at a threshold that has none computed exactly (``at`` None).

    Examples
    --------
    >>> unsolved_at(Threshold("m", 0.5, None, (), None, ()))
    '(not computed exactly)'
    """
    return "(not computed exactly)" if threshold.certified else "(not certified)"


def tornado_notes(bars: Sequence[TornadoBar]) -> list[str]:
    """One sentence per tornado bar whose regimes are not certified complete, and why.

    Examples
    --------
    >>> tornado_notes([TornadoBar("m", 0, 1, ((0.0, 1.0),), ("A",), note="its thresholds were not searched")])
    ['m: a regime may be missing (its thresholds were not searched).']
    """
    notes = []
    for bar in bars:
        if bar.certified:
            continue
        why = bar.note or "; ".join(f"{threshold_text(t)}, {t.note}" for t in bar.thresholds if not t.certified)
        notes.append(f"{bar.parameter}: a regime may be missing ({why}).")
    return notes


def plane_note(plane: CellSamples) -> str:
    """Whether a grid of two parameters holds every regime of its box, in one sentence.

    Examples
    --------
    >>> plane_note(CellSamples(("x", "y"), (), False, "exp in a payoff"))
    'Regimes of the box of x and y narrower than the grid spacing may be missing (not certified: exp in a payoff).'
    """
    names = " and ".join(plane.names)
    if plane.certified:
        return (f"Every regime of the box of {names} is on the grid: it holds a point of every region where the "
                "equilibria could differ, however narrow.")
    return (f"Regimes of the box of {names} narrower than the grid spacing may be missing "
            f"(not certified: {plane.note}).")
