"""Distributions are checked when the scenario loads: every command refuses a bad one in one line."""

from __future__ import annotations

import pytest

from chipgame.errors import ScenarioError
from chipgame.payoffs import Parameter, parse_scenario
from tests.cli.test_cli import _assert_one_line_error, run
from tests.payoffs.test_scenario import BUILD_OR_BUY

BAD = {
    "uniform upside down": ('{ kind = "uniform", low = 60, high = 20 }', "low = 60 is not below high = 20"),
    "uniform of one point": ('{ kind = "uniform", low = 20, high = 20 }', "low = 20 is not below high = 20"),
    "triangular upside down": ('{ kind = "triangular", low = 60, mode = 40, high = 20 }', "is not below high"),
    "mode below": ('{ kind = "triangular", low = 20, mode = 10, high = 60 }', "mode = 10 is outside [20, 60]"),
    "mode above": ('{ kind = "triangular", low = 20, mode = 61, high = 60 }', "mode = 61 is outside [20, 60]"),
    "negative sd": ('{ kind = "normal", mean = 80, sd = -0.1 }', "sd = -1/10 is not positive"),
    "zero sd": ('{ kind = "normal", mean = 80, sd = 0 }', "sd = 0 is not positive"),
    "negative sigma": ('{ kind = "lognormal", mu = 4, sigma = -1 }', "sigma = -1 is not positive"),
    "text sd": ('{ kind = "normal", mean = 80, sd = "wide" }', "sd must be a number"),
}


def _scenario(distribution: str) -> str:
    return BUILD_OR_BUY.replace("range = [10, 160]\n", f"range = [10, 160]\ndistribution = {distribution}\n", 1)


@pytest.mark.parametrize("case", BAD)
def test_a_bad_distribution_is_refused_when_the_scenario_loads(case):
    distribution, fragment = BAD[case]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_scenario(distribution), "build.toml")
    text = str(caught.value)
    assert text.startswith("build.toml: parameters.chip_spend.distribution") and "fix: " in text
    assert fragment in text and "\n" not in text


@pytest.mark.parametrize("distribution", [
    '{ kind = "uniform", low = 20, high = 60 }',
    '{ kind = "triangular", low = 20, mode = 20, high = 60 }',
    '{ kind = "triangular", low = 20, mode = 60, high = 60 }',
    '{ kind = "normal", mean = 80, sd = 0.1 }',
    '{ kind = "lognormal", mu = 4, sigma = 0.5 }',
])
def test_good_distributions_load(distribution):
    assert parse_scenario(_scenario(distribution)).parameters[0].distribution is not None


def test_a_parameter_built_in_python_checks_its_distribution_too():
    with pytest.raises(ScenarioError, match="parameters.x.distribution: low = 1 is not below high = 0"):
        Parameter("x", 0.5, distribution={"kind": "uniform", "low": 1, "high": 0})


@pytest.mark.parametrize("command", ["solve", "monte-carlo", "tornado", "closed-forms"])
def test_every_command_refuses_a_bad_distribution_in_one_line(tmp_path, command):
    path = tmp_path / "bad.toml"
    path.write_text(_scenario('{ kind = "uniform", low = 60, high = 20 }'))
    _assert_one_line_error(run(command, str(path)), str(path), "low = 60 is not below high = 20")
