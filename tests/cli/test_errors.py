"""Errors: mistakes in the input exit 2 with one line; files that cannot be read or written name the
path and the reason; bugs exit 1 with one line saying so and how to get the traceback (--debug);
the error classes derive from the matching built-ins."""

from __future__ import annotations

import pathlib
import pickle

import pytest
import sympy

import chipgame.cli_game
from chipgame.errors import (
    ChipgameError,
    FileError,
    FormulaError,
    GameError,
    InternalError,
    ModelError,
    ScenarioError,
    SolverError,
)
from chipgame.payoffs import parse_scenario
from chipgame.solvers.number_field import AlgebraicField
from tests.cli.test_cli import _assert_one_line_error, run


@pytest.mark.parametrize("kind, builtin", [
    (ScenarioError, ValueError), (FormulaError, ValueError), (ModelError, ValueError), (GameError, ValueError),
    (SolverError, ValueError), (FileError, OSError), (InternalError, RuntimeError)])
def test_each_error_is_also_the_matching_built_in(kind, builtin):
    error = kind("what went wrong", file="x.toml", fix="do this")
    assert isinstance(error, ChipgameError) and isinstance(error, builtin)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind and str(copy) == str(error) and (copy.file, copy.fix) == ("x.toml", "do this")


def test_except_value_error_catches_a_bad_scenario():
    with pytest.raises(ValueError, match="malformed TOML"):
        parse_scenario("title = ", "bad.toml")


def test_a_broken_invariant_is_an_internal_error_not_a_solver_error():
    two, three = AlgebraicField.of(sympy.sqrt(2)), AlgebraicField.of(sympy.sqrt(3))
    with pytest.raises(InternalError, match="this is a bug in chipgame") as caught:
        two.generator + three.generator
    assert not isinstance(caught.value, ValueError)


def _failing_solve(error: BaseException):
    def solve(*args, **kwargs):
        raise error
    return solve


@pytest.mark.parametrize("error", [InternalError("a basis matrix is singular"), KeyError("surprise"),
                                   RecursionError("maximum recursion depth exceeded")])
def test_a_bug_is_one_line_exit_1_saying_how_to_get_the_traceback(monkeypatch, error):
    monkeypatch.setattr(chipgame.cli_game, "solve", _failing_solve(error))
    result = run("solve", "prisoners-dilemma")
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"chipgame: internal error: {type(error).__name__}: ")
    assert "this is a bug in chipgame" in lines[0] and "chipgame --debug solve" in lines[0]
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback_of_a_bug(monkeypatch):
    monkeypatch.setattr(chipgame.cli_game, "solve", _failing_solve(InternalError("a basis matrix is singular")))
    result = run("--debug", "solve", "prisoners-dilemma")
    assert result.exit_code == 1
    assert isinstance(result.exception, InternalError)      # raised, so Python prints its traceback


def test_an_unreadable_scenario_names_the_path_and_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "locked.toml"
    path.write_text('title = "x"\n')

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    _assert_one_line_error(run("solve", str(path)), str(path), "cannot read the file: Permission denied")


def test_a_gambit_path_that_is_a_directory_names_the_path_and_the_reason(tmp_path):
    folder = tmp_path / "game.nfg"
    folder.mkdir()
    _assert_one_line_error(run("solve", str(folder)), str(folder), "cannot read the file: Is a directory")


def test_an_output_in_a_missing_directory_names_the_path_and_the_reason(tmp_path):
    page = tmp_path / "missing" / "explorer.html"
    result = run("explore", "prisoners-dilemma", "-o", str(page), "--vary", "T=2:8:3")
    _assert_one_line_error(result, str(page), "cannot write the file: No such file or directory")
