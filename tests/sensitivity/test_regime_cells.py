"""One point in every region of a plane of two parameters: narrow regions a grid misses, derived
by hand, and a property test against solving many exact points."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chipgame.payoffs import Parameter, PayoffModel
from chipgame.sensitivity import sweep
from chipgame.sensitivity.grid import Axis, grid_axis
from chipgame.sensitivity.regime_cells import cell_samples, with_cell_samples
from chipgame.sensitivity.regimes import structure_of
from chipgame.sensitivity.tie_conditions import distinct_tie_numerators, payoff_table
from chipgame.solvers import solve

x, y = sympy.symbols("x y")
HALF = sympy.Rational(1, 2)
BUILD = ((("Build",), ("Sell",)),)
BUY = ((("Buy",), ("Sell",)),)


def _build_or_buy(build: sympy.Expr, low: float = 0, high: float = 1) -> PayoffModel:
    """Build pays ``build`` against Buy's 0; the vendor is indifferent."""
    return PayoffModel(("Hyperscaler", "Vendor"), (("Buy", "Build"), ("Sell",)),
                       {("Buy", "Sell"): (0, 1), ("Build", "Sell"): (build, 0)},
                       [Parameter("x", 0.5, range=(low, high)), Parameter("y", 0.5, range=(low, high))])


def _structure(model: PayoffModel, a: Fraction, b: Fraction):
    return structure_of(solve(model.evaluate({"x": a, "y": b})).equilibria)


def test_a_strip_narrower_than_one_millionth_along_a_diagonal_is_found():
    # Build pays min(x - y - 1/2, y + 1/2 + eps - x): positive exactly where 1/2 < x - y < 1/2 + eps,
    # a strip of width eps / sqrt(2) that no grid of the square holds (by hand: both arguments > 0).
    eps = sympy.Rational(1, 10**7)
    model = _build_or_buy(sympy.Min(x - y - HALF, y + HALF + eps - x))
    cells = cell_samples(model, ("x", "y"))
    assert cells.certified, cells.note
    inside = [(a, b) for a, b in cells.points if HALF < a - b < HALF + eps]
    assert inside and all(_structure(model, a, b) == BUILD for a, b in inside)
    even = [grid_axis("x", 0, 1, 41), grid_axis("y", 0, 1, 41)]
    assert BUILD not in sweep(model, even).structures
    assert BUILD in sweep(model, with_cell_samples(model, even, cells)).structures


def test_a_small_disc_off_the_grid_is_found():
    # Build pays r^2 - (x - a)^2 - (y - b)^2: positive exactly inside the disc of radius r = 1e-4
    # about (a, b) = (0.3337, 0.6661), far from every point of a 41 x 41 grid (spacing 0.025).
    a, b, r = sympy.Rational(3337, 10**4), sympy.Rational(6661, 10**4), sympy.Rational(1, 10**4)
    model = _build_or_buy(r**2 - (x - a) ** 2 - (y - b) ** 2)
    cells = cell_samples(model, ("x", "y"))
    assert cells.certified
    inside = [(p, q) for p, q in cells.points if (p - a) ** 2 + (q - b) ** 2 < r**2]
    assert inside and all(_structure(model, p, q) == BUILD for p, q in inside)
    even = [grid_axis("x", 0, 1, 41), grid_axis("y", 0, 1, 41)]
    assert BUILD in sweep(model, with_cell_samples(model, even, cells)).structures


def test_a_wedge_closed_off_where_two_curves_cross_is_found():
    # Build pays min(y - low, high - y) with low = 1/2 + (x - c) / 10 and high = 1/2 - (x - c) / 10:
    # positive exactly where low < y < high, that is left of their crossing at x = c = 1/1000 (by
    # hand: high - low = (c - x) / 5). Neither line meets the top or bottom edge, so only their
    # crossing tells where the wedge ends.
    c = sympy.Rational(1, 1000)
    low, high = HALF + (x - c) / 10, HALF - (x - c) / 10
    model = _build_or_buy(sympy.Min(y - low, high - y))
    cells = cell_samples(model, ("x", "y"))
    wedge = [(a, b) for a, b in cells.points if a < c and low.subs(x, a) < b < high.subs(x, a)]
    assert wedge and all(_structure(model, a, b) == BUILD for a, b in wedge)


def test_nested_where_inside_max_is_split_by_its_curves():
    # where(x < y, x - y + 1/1000, -1) inside max(., -1/2): Build pays x - y + 1/1000 > 0 only on the
    # strip y - 1/1000 < x < y (by hand: the first branch holds below the diagonal x < y).
    milli = sympy.Rational(1, 1000)
    model = _build_or_buy(sympy.Max(sympy.Piecewise((x - y + milli, x < y), (-1, True)), -HALF))
    cells = cell_samples(model, ("x", "y"))
    assert cells.certified
    strip = [(a, b) for a, b in cells.points if b - milli < a < b]
    assert strip and all(_structure(model, a, b) == BUILD for a, b in strip)
    assert {_structure(model, a, b) for a, b in cells.points} == {BUILD, BUY}


def test_exp_payoffs_are_not_certified_and_say_why():
    cells = cell_samples(_build_or_buy(sympy.exp(x) - 2 * y), ("x", "y"))
    assert not cells.certified and "exp" in cells.note and cells.points == ()
    even = [grid_axis("x", 0, 1, 5), grid_axis("y", 0, 1, 5)]
    assert with_cell_samples(_build_or_buy(sympy.exp(x) - 2 * y), even, cells) == tuple(even)


def _pennies_and_a_third(home: sympy.Expr) -> PayoffModel:
    """Two players match pennies for a stake x; a third stays home for ``home`` (of x and the first
    player's strategy i) or goes out for y."""
    i = sympy.Symbol("i")
    table = {}
    for k, first in enumerate(("heads", "tails")):
        for j, second in enumerate(("heads", "tails")):
            gain = x if k == j else -x
            table[(first, second, "home")] = (gain, -gain, home.subs(i, k))
            table[(first, second, "out")] = (gain, -gain, y)
    return PayoffModel(("First", "Second", "Third"), (("heads", "tails"),) * 2 + (("home", "out"),), table,
                       [Parameter("x", 0.5, range=(0.1, 1)), Parameter("y", 0.1, range=(0, 1))])


def test_three_players_with_two_mixing_are_decomposed():
    # The third's home pays 1 - x whatever the pennies show: it stays home exactly below the line
    # y = 1 - x (by hand), and the pennies mix half and half everywhere (a stake x > 0).
    model = _pennies_and_a_third(1 - x + 0 * sympy.Symbol("i"))
    cells = cell_samples(model, ("x", "y"))
    assert cells.certified, cells.note
    mixed = ("heads", "tails")
    for a, b in cells.points:
        assert _structure(model, a, b) == ((mixed, mixed, ("home",) if b < 1 - a else ("out",)),), (a, b)
    assert {b < 1 - a for a, b in cells.points} == {True, False}


def test_three_players_all_mixing_are_not_certified_and_say_why():
    # Home pays 1 - x only on heads: where (1 - x) / 2 = y the third is indifferent at the pennies'
    # mix, so a profile with all three mixing survives dominance; no rational curve settles it.
    cells = cell_samples(_pennies_and_a_third((1 - x) * (1 - sympy.Symbol("i"))), ("x", "y"))
    assert not cells.certified and "three or more players mix" in cells.note


coefficients = st.integers(-3, 3)


@st.composite
def polynomial_payoffs(draw: st.DrawFn) -> sympy.Expr:
    """A payoff bilinear in x and y, with small integer coefficients, or a min of two."""
    def one() -> sympy.Expr:
        terms = (1, x, y, x * y)
        return sum((draw(coefficients) * t for t in terms), sympy.Integer(0)) / 2
    return sympy.Min(one(), one()) if draw(st.booleans()) else one()


@pytest.mark.slow  # tens of seconds: each example decomposes a plane cut by up to twenty curves
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payoffs=st.lists(polynomial_payoffs(), min_size=8, max_size=8))
def test_every_structure_at_random_points_is_met_by_a_cell_sample(payoffs):
    # A 2x2 game with random piecewise-polynomial payoffs: wherever no tie curve passes, the
    # equilibria at a point are those at some sample point (the samples meet every region).
    strategies = (("T", "B"), ("L", "R"))
    table = {(r, c): (payoffs[2 * k], payoffs[2 * k + 1])
             for k, (r, c) in enumerate((r, c) for r in strategies[0] for c in strategies[1])}
    model = PayoffModel(("Row", "Column"), strategies, table,
                        [Parameter("x", 0, range=(-1, 1)), Parameter("y", 0, range=(-1, 1))])
    cells = cell_samples(model, ("x", "y"))
    assume(cells.certified)
    sampled = {_structure(model, a, b) for a, b in cells.points}
    rng = np.random.default_rng(0)
    for _ in range(25):
        a = Fraction(int(rng.integers(-10006, 10007)), 10007)
        b = Fraction(int(rng.integers(-10008, 10009)), 10009)
        assert _structure(model, a, b) in sampled or _on_a_curve(model, a, b), (a, b)


def _on_a_curve(model: PayoffModel, a: Fraction, b: Fraction) -> bool:
    """Whether a tie condition or a switch of the smooth payoffs at (a, b) vanishes there."""
    at = {x: sympy.Rational(a.numerator, a.denominator), y: sympy.Rational(b.numerator, b.denominator)}
    smooth = {profile: tuple(_smooth(e, at) for e in row) for profile, row in model.payoffs.items()}
    switches = [arg_a - arg_b for row in model.payoffs.values() for e in row for node in e.atoms(sympy.Min)
                for arg_a, arg_b in [node.args]]
    table = payoff_table(model.shape, model.strategies, smooth)
    return any(sympy.sympify(c).xreplace(at) == 0 for c in [*distinct_tie_numerators(table, (x, y)), *switches])


def _smooth(expr: sympy.Expr, at: dict) -> sympy.Expr:
    """``expr`` with each Min replaced by the argument that is smaller at ``at``."""
    return expr.xreplace({node: min(node.args, key=lambda arg: arg.xreplace(at)) for node in expr.atoms(sympy.Min)})


def test_axes_of_another_plane_are_refused():
    model = _build_or_buy(x - y)
    cells = cell_samples(model, ("x", "y"))
    with pytest.raises(ValueError, match="decompose the plane"):
        with_cell_samples(model, [Axis("y", (Fraction(0), Fraction(1))), Axis("x", (Fraction(0), Fraction(1)))], cells)
