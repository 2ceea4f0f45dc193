"""The library reads numpy numbers as it reads Python's: integers exactly, floats by their shortest
decimal, errors as chipgame errors."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from chipgame.errors import ModelError, ScenarioError
from chipgame.payoffs import Parameter, PayoffModel, load_scenario
from chipgame.sensitivity.grid import grid_axis

SCENARIO = load_scenario("bytedance-vs-cambricon")


@pytest.mark.parametrize("value, exact", [
    (np.float64(0.2), F(1, 5)),
    (np.float32(0.2), F(1, 5)),
    (np.float16(0.5), F(1, 2)),
    (np.int64(1), F(1)),
    (np.int32(0), F(0)),
    (np.uint8(1), F(1)),
    (Decimal("0.35"), F(7, 20)),
    (F(1, 3), F(1, 3)),
    (0.35, F(7, 20)),
])
def test_numpy_and_python_numbers_give_the_same_exact_game(value, exact):
    assert SCENARIO.evaluate({"vendor_margin": value}) == SCENARIO.evaluate({"vendor_margin": exact})
    assert SCENARIO.model.values_with({"vendor_margin": value})["vendor_margin"] == exact


def test_a_loop_over_linspace_gives_exact_games():
    for margin in np.linspace(0.2, 0.8, 7):
        game = SCENARIO.evaluate({"vendor_margin": margin, "chip_spend": np.int64(20)})
        assert game.is_exact
        assert SCENARIO.model.values_with({"vendor_margin": margin})["vendor_margin"] == F(str(margin))


def test_a_fraction_of_a_float_keeps_its_binary_value():
    binary = F(0.1)
    assert binary != F(1, 10)
    assert SCENARIO.model.values_with({"p_cut": binary})["p_cut"] == binary


@pytest.mark.parametrize("value", [np.bool_(True), True, np.float64("nan"), np.float64("inf"), np.float32("-inf"),
                                   Decimal("NaN"), Decimal("Infinity"), np.array([0.2]), None, 1j])
def test_non_numbers_and_non_finite_numbers_are_chipgame_errors(value):
    with pytest.raises(ModelError) as caught:
        SCENARIO.evaluate({"vendor_margin": value})
    assert "vendor_margin" in str(caught.value) and "fix: " in str(caught.value)


def test_parameters_and_grid_axes_take_numpy_numbers():
    parameter = Parameter("p", np.float64(0.25), range=(np.int64(0), np.float32(0.5)), bounds=(np.int8(0), np.int8(1)))
    assert (parameter.value, parameter.range, parameter.bounds) == (F(1, 4), (F(0), F(1, 2)), (F(0), F(1)))
    assert grid_axis("p", np.float64(0.1), np.float64(0.3), np.int64(3).item()).values == (F(1, 10), F(1, 5), F(3, 10))
    with pytest.raises(ScenarioError, match="must be finite"):
        Parameter("p", np.float64("nan"))


def test_payoffs_given_as_numpy_numbers_are_sympy_numbers():
    x = sympy.Symbol("x")
    model = PayoffModel(("A", "B"), (("a",), ("b",)), {("a", "b"): (np.int64(3), x * np.float64(0.5))},
                        [Parameter("x", np.int64(2))])
    assert model.evaluate().payoff((0, 0)) == (F(3), 1.0)
    assert model.payoffs[("a", "b")][0] == sympy.Integer(3)
