"""Every docstring example in the installed package runs as a doctest."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil

import pytest

import chipgame

OPTIONAL = {"chipgame.solvers.gambit_backend": "pygambit"}
"""Modules whose examples need an optional extra: skipped when it is not installed."""


def _modules() -> list[str]:
    names = ["chipgame"]
    for info in pkgutil.walk_packages(chipgame.__path__, prefix="chipgame."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    if name in OPTIONAL and importlib.util.find_spec(OPTIONAL[name]) is None:
        pytest.skip(f"{name}'s examples need {OPTIONAL[name]}, an optional extra")
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name, globs=dict(vars(module))):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} docstring example(s) failed in {name}"


def test_the_walk_sees_every_layer():
    names = _modules()
    for layer in ("chipgame.games", "chipgame.payoffs", "chipgame.solvers", "chipgame.sensitivity", "chipgame.seeds",
                  "chipgame.reports"):
        assert layer in names
