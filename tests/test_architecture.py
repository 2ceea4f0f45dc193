"""The layers import downwards only, no module imports itself back (DESIGN, "Data flow"), and no module
runs past about 450 lines (issue 14).

The import graph is read from the source with ``ast``, every ``import`` statement counted,
including those inside functions and under ``if TYPE_CHECKING:``; relative imports are resolved
against the package each file is mapped to by pyproject's ``package-dir``. ``from package import
name`` is an import of the submodule ``package.name`` when there is one, of the package otherwise.
Imports made by name at run time (``importlib.import_module``) are not statements and not counted.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import shutil
import tomllib
from collections.abc import Mapping
from pathlib import Path

import chipgame

ROOT = Path(__file__).resolve().parents[1]

Graph = Mapping[str, set[str]]

ALLOWED = {
    "errors": {"errors"},
    "games": {"errors", "games"},
    "seeds": {"errors", "seeds"},
    "payoffs": {"errors", "games", "seeds", "payoffs"},
    "solvers": {"errors", "games", "solvers"},
    "sensitivity": {"errors", "games", "seeds", "payoffs", "solvers", "sensitivity"},
    "umbrella": {"errors", "games", "seeds", "payoffs", "solvers", "sensitivity", "umbrella"},
}
"""For each layer, the layers its modules may import: games only chipgame.errors; payoffs not
solvers or sensitivity; solvers not payoffs or sensitivity; nothing but the umbrella (its cli,
reports and public namespace) imports the umbrella, errors apart."""

LAYERS = ("games", "payoffs", "solvers", "sensitivity", "seeds")
"""The layers that are root folders; chipgame.errors is a layer of its own, the rest of
src/chipgame is the umbrella."""

MAX_MODULE_LINES = 450
"""Longest module, in lines: one past it holds more than one job and is to be split (issue 14)."""

LONG_MODULES: dict[str, str] = {}
"""Modules allowed past ``MAX_MODULE_LINES`` for now, each with the reason; the list is to end up empty."""


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package, by dotted name, with its file, as pyproject maps them."""
    setuptools = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {name: root / folder for name, folder in setuptools["package-dir"].items()}
    files = {}
    for package in setuptools["packages"]:
        parent, _, last = package.rpartition(".")
        folder = folders.get(package) or folders[parent] / last
        for path in sorted(folder.glob("*.py")):
            files[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return files


def import_graph(files: Mapping[str, Path]) -> dict[str, set[str]]:
    """For each module, the package modules it imports (resolved, deduplicated, no self-imports)."""
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(_nearest(alias.name, files) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package
                    for _ in range(node.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    found.add(child if child in files else _nearest(base, files))
        graph[name] = {target for target in found if target is not None and target != name}
    return graph


def _nearest(name: str, files: Mapping[str, Path]) -> str | None:
    """The module ``name`` or its nearest enclosing package of ours; None outside the package."""
    while name and name not in files:
        name = name.rpartition(".")[0]
    return name or None


def layer_of(module: str) -> str:
    """The layer a module belongs to."""
    if module == "chipgame.errors":
        return "errors"
    for layer in LAYERS:
        if module == f"chipgame.{layer}" or module.startswith(f"chipgame.{layer}."):
            return layer
    return "umbrella"


def layering_violations(graph: Graph) -> list[str]:
    """Every import from a layer into one it may not import, as ``"importer -> imported"``."""
    return sorted(f"{module} -> {target}" for module, targets in graph.items() for target in targets
                  if layer_of(target) not in ALLOWED[layer_of(module)])


def import_cycles(graph: Graph) -> list[list[str]]:
    """The sets of modules that import each other in a circle (strongly connected components
    of more than one module, Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_the_graph_has_every_module_of_every_layer():
    graph = import_graph(module_files())
    installed = {"chipgame", *(info.name for info in pkgutil.walk_packages(chipgame.__path__, prefix="chipgame."))}
    assert set(graph) == installed
    assert {layer_of(module) for module in graph} == set(ALLOWED)
    assert "chipgame.solvers.batch_support" in graph["chipgame.sensitivity.batch_solve"]


def test_no_layer_imports_a_layer_above_it():
    assert layering_violations(import_graph(module_files())) == []


def test_no_modules_import_each_other_in_a_circle():
    assert import_cycles(import_graph(module_files())) == []


def test_the_checks_catch_each_kind_of_violation():
    graph = {
        "chipgame.solvers.a": {"chipgame.payoffs.model", "chipgame.sensitivity", "chipgame.reports.text",
                               "chipgame.cli", "chipgame.errors", "chipgame.games"},
        "chipgame.games.b": {"chipgame.errors", "chipgame.seeds", "chipgame.payoffs"},
        "chipgame.payoffs.c": {"chipgame.solvers", "chipgame.sensitivity.sweeps", "chipgame.seeds"},
        "chipgame.sensitivity.d": {"chipgame.solvers", "chipgame.payoffs", "chipgame.reports"},
        "chipgame.cli": {"chipgame.sensitivity", "chipgame.solvers"},
    }
    assert layering_violations(graph) == [
        "chipgame.games.b -> chipgame.payoffs",
        "chipgame.games.b -> chipgame.seeds",
        "chipgame.payoffs.c -> chipgame.sensitivity.sweeps",
        "chipgame.payoffs.c -> chipgame.solvers",
        "chipgame.sensitivity.d -> chipgame.reports",
        "chipgame.solvers.a -> chipgame.cli",
        "chipgame.solvers.a -> chipgame.payoffs.model",
        "chipgame.solvers.a -> chipgame.reports.text",
        "chipgame.solvers.a -> chipgame.sensitivity",
    ]
    circle = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert import_cycles(circle) == [["a", "b", "c"]]


def test_a_copy_with_deliberate_violations_fails(tmp_path):
    """In a copy of the source: an import inside a function, a relative import two levels up, and
    the circle through ``if TYPE_CHECKING:`` that the move out of solvers broke, put back."""
    for item in ("pyproject.toml", "src", *LAYERS):
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / item)
    with open(tmp_path / "solvers" / "pure.py", "a") as file:
        file.write("\n\ndef _late():\n    from ..sensitivity.sweeps import sweep\n    return sweep\n")
    with open(tmp_path / "games" / "nfg.py", "a") as file:
        file.write("\n\nfrom .. import payoffs\n")
    with open(tmp_path / "sensitivity" / "grid.py", "a") as file:
        file.write("\n\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .sweeps import Sweep\n")
    graph = import_graph(module_files(tmp_path))
    assert layering_violations(graph) == ["chipgame.games.nfg -> chipgame.payoffs",
                                          "chipgame.solvers.pure -> chipgame.sensitivity.sweeps"]
    assert any({"chipgame.sensitivity.grid", "chipgame.sensitivity.sweeps"} <= set(cycle)
               for cycle in import_cycles(graph))


def long_modules(files: Mapping[str, Path], limit: int = MAX_MODULE_LINES) -> dict[str, int]:
    """The modules of more than ``limit`` lines, with their lengths."""
    lengths = {name: len(path.read_text().splitlines()) for name, path in files.items()}
    return {name: length for name, length in sorted(lengths.items()) if length > limit}


def test_no_module_runs_past_the_limit_but_the_listed_ones():
    files = module_files()
    assert set(LONG_MODULES) <= set(files), "an exception names a module that is gone"
    assert {name: length for name, length in long_modules(files).items() if name not in LONG_MODULES} == {}


def test_the_length_check_counts_lines(tmp_path):
    short, long = tmp_path / "short.py", tmp_path / "long.py"
    short.write_text("x = 1\n" * 3)
    long.write_text("x = 1\n" * 4)
    assert long_modules({"a.short": short, "a.long": long}, limit=3) == {"a.long": 4}


def test_no_submodule_is_hidden_by_a_name_of_its_package():
    for package_name in ("chipgame.games", "chipgame.payoffs", "chipgame.solvers", "chipgame.sensitivity",
                         "chipgame.seeds", "chipgame.reports"):
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package_name}.{info.name}")
            assert getattr(package, info.name) is module, f"{package_name}.{info.name} is not the module"
