"""The old paths of what moved from chipgame.solvers to chipgame.sensitivity: same objects, and a
DeprecationWarning that names the new path and points at the importing line."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest

import chipgame
import chipgame.sensitivity
from chipgame._moved import MOVED_MODULES


@pytest.mark.parametrize("old, new", sorted(MOVED_MODULES.items()))
def test_an_old_module_path_is_the_new_module_and_warns(old, new, monkeypatch):
    monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning, match=re.escape(f"{old} has moved: use {new} ")) as caught:
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__name__ == module.__spec__.name == new
    assert [warning.filename for warning in caught] == [__file__]


def test_names_from_an_old_module_path_are_the_same_objects(monkeypatch):
    monkeypatch.delitem(sys.modules, "chipgame.solvers.sweep", raising=False)
    with pytest.warns(DeprecationWarning, match="chipgame.sensitivity.sweeps") as caught:
        from chipgame.solvers.sweep import MAX_POINTS, Axis, Sweep, grid_axis, sweep
    assert (MAX_POINTS, Axis, Sweep, grid_axis, sweep) == (
        chipgame.sensitivity.grid.MAX_POINTS, chipgame.sensitivity.Axis, chipgame.sensitivity.Sweep,
        chipgame.sensitivity.grid_axis, chipgame.sensitivity.sweep)
    assert len(caught) == 1 and caught[0].filename == __file__


def test_the_names_solvers_exported_come_from_sensitivity_with_one_warning_each():
    with pytest.warns(DeprecationWarning) as caught:
        from chipgame.solvers import ClosedForm, closed_forms
    assert ClosedForm is chipgame.sensitivity.ClosedForm
    assert closed_forms is chipgame.sensitivity.closed_forms
    assert [str(warning.message).split(" has moved: use ")[1].split()[0] for warning in caught] == [
        "chipgame.sensitivity.ClosedForm", "chipgame.sensitivity.closed_forms"]
    assert {warning.filename for warning in caught} == {__file__}


def test_importing_the_old_module_closed_forms_leaves_the_name_the_function(monkeypatch):
    monkeypatch.delitem(sys.modules, "chipgame.solvers.closed_forms", raising=False)
    with pytest.warns(DeprecationWarning, match="chipgame.sensitivity.symbolic"):
        import chipgame.solvers.closed_forms  # noqa: F401
    with pytest.warns(DeprecationWarning, match="chipgame.sensitivity.closed_forms"):
        assert chipgame.solvers.closed_forms is chipgame.sensitivity.closed_forms


def test_other_names_are_still_missing():
    with pytest.raises(AttributeError, match="no attribute 'sweep_everything'"):
        _ = chipgame.solvers.sweep_everything
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("chipgame.solvers.sweep_everything")


def test_solvers_alone_imports_nothing_of_sensitivity_and_the_new_paths_do_not_warn():
    code = ("import sys, chipgame.solvers; assert not [m for m in sys.modules if 'sensitivity' in m];"
            "import chipgame.sensitivity, chipgame.cli")
    subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", code], check=True)


@pytest.mark.parametrize("name, new", [("solve", "chipgame.solvers.solving"),
                                       ("vertex_enumeration", "chipgame.solvers.best_response_polytopes")])
def test_the_renamed_modules_old_paths_leave_the_package_names_the_functions(name, new, monkeypatch):
    # solvers/solve.py and solvers/vertex_enumeration.py were renamed so the functions of those names
    # no longer hide them; importing the old module path must not hide the functions instead
    import chipgame.solvers

    function = getattr(chipgame.solvers, name)
    monkeypatch.delitem(sys.modules, f"chipgame.solvers.{name}", raising=False)
    with pytest.warns(DeprecationWarning, match=re.escape(new)):
        module = importlib.import_module(f"chipgame.solvers.{name}")
    assert module is importlib.import_module(new) and getattr(chipgame.solvers, name) is function
    assert callable(function) and getattr(module, name) is function
