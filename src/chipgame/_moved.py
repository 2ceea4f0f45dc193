"""Old import paths of what moved out of ``chipgame.solvers``, kept for one release with a warning.

The modules that vary the parameters of a payoff model moved to ``chipgame.sensitivity``
(``chipgame.solvers.sweep`` is now ``chipgame.sensitivity.sweeps``, and so on: ``MOVED_MODULES``),
and so did two names ``chipgame.solvers`` re-exported (``MOVED_NAMES``). ``chipgame.solvers``
must not import ``chipgame.sensitivity`` (it sits below it), so the old paths are kept alive
from here, the umbrella package, by ``install``:

- a meta path finder that answers an old module name with the new module itself (the same
  object, ``sys.modules`` holds it under both names), warning once per import;
- for the moved names, ``chipgame.solvers`` gets a module class whose ``__getattr__`` (PEP 562)
  fetches them from their new home, with a warning, and which keeps the alias of the old module
  path ``chipgame.solvers.closed_forms`` from hiding the function of that name, as it never did;
  ``chipgame`` imports its parts only when they are used, so a second finder, first on the meta
  path, hands out ``chipgame.solvers`` with a loader that gives it that class as soon as it has run.

Every warning is a ``DeprecationWarning`` naming the new path, attributed to the line that
imported the old one.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from chipgame.solvers import closed_forms
>>> import chipgame.sensitivity
>>> closed_forms is chipgame.sensitivity.closed_forms
True
>>> print(caught[0].message)
chipgame.solvers.closed_forms has moved: use chipgame.sensitivity.closed_forms (the old path goes in the next release)
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["MOVED_MODULES", "MOVED_NAMES", "MovedModuleFinder", "MovedNamesFinder", "install"]

MOVED_MODULES = {
    "chipgame.solvers.batch_solve": "chipgame.sensitivity.batch_solve",
    "chipgame.solvers.closed_forms": "chipgame.sensitivity.symbolic",
    "chipgame.solvers.crossing": "chipgame.sensitivity.crossing",
    "chipgame.solvers.exploration": "chipgame.sensitivity.exploration",
    "chipgame.solvers.monte_carlo": "chipgame.sensitivity.sampling",
    "chipgame.solvers.parallel": "chipgame.sensitivity.parallel",
    "chipgame.solvers.regimes": "chipgame.sensitivity.regimes",
    "chipgame.solvers.solve": "chipgame.solvers.solving",
    "chipgame.solvers.sweep": "chipgame.sensitivity.sweeps",
    "chipgame.solvers.thresholds": "chipgame.sensitivity.threshold_search",
    "chipgame.solvers.tornado": "chipgame.sensitivity.tornado_bars",
    "chipgame.solvers.vertex_enumeration": "chipgame.solvers.best_response_polytopes",
}
"""Old module name: the module it now is."""

MOVED_NAMES = {
    "chipgame.solvers": {"ClosedForm": "chipgame.sensitivity", "closed_forms": "chipgame.sensitivity"},
}
"""Package: {old name in it: the module that now exports the name}."""

_IMPORT_MACHINERY = ("<frozen importlib._bootstrap", importlib.__file__, __file__)
"""Files whose frames stand between an import statement and the warning it causes."""


def install() -> None:
    """Make the old paths importable (with a warning); a second call changes nothing.

    Examples
    --------
    >>> install()
    >>> sum(isinstance(finder, MovedModuleFinder) for finder in sys.meta_path)
    1
    """
    if not any(isinstance(finder, MovedModuleFinder) for finder in sys.meta_path):
        sys.meta_path.append(MovedModuleFinder())
    if not any(isinstance(finder, MovedNamesFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, MovedNamesFinder())
    for package in MOVED_NAMES:
        module = sys.modules.get(package)
        if module is not None and not isinstance(module, _PackageWithMovedNames):
            module.__class__ = _PackageWithMovedNames


class MovedModuleFinder(importlib.abc.MetaPathFinder):
    """Finds an old module name of ``MOVED_MODULES`` (last on ``sys.meta_path``, so a real module
    at that path would win).

    Examples
    --------
    >>> MovedModuleFinder().find_spec("chipgame.solvers.sweep", None).name
    'chipgame.solvers.sweep'
    >>> MovedModuleFinder().find_spec("chipgame.solvers.equilibrium", None) is None
    True
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        """A spec whose loader hands out the new module, for an old name; None for any other."""
        new = MOVED_MODULES.get(fullname)
        return None if new is None else importlib.machinery.ModuleSpec(fullname, _AliasLoader(new))


class MovedNamesFinder(importlib.abc.MetaPathFinder):
    """Finds a package of ``MOVED_NAMES`` as the other finders do, with a loader that turns it into
    a ``_PackageWithMovedNames`` right after it runs (first on ``sys.meta_path``, so it is asked first).

    Examples
    --------
    >>> import sys
    >>> spec = MovedNamesFinder().find_spec("chipgame.solvers", sys.modules["chipgame"].__path__)
    >>> spec.name, type(spec.loader).__name__
    ('chipgame.solvers', '_MovedNamesLoader')
    >>> MovedNamesFinder().find_spec("chipgame.games", None) is None
    True
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        """The spec the next finder gives a package of ``MOVED_NAMES``, its loader wrapped; None for any other."""
        if fullname not in MOVED_NAMES:
            return None
        for finder in sys.meta_path:
            if finder is self or isinstance(finder, MovedNamesFinder):
                continue
            spec = finder.find_spec(fullname, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _MovedNamesLoader(spec.loader)
                return spec
        return None


class _MovedNamesLoader(importlib.abc.Loader):
    """Runs a package as its own loader does, then gives it the class that serves its moved names."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        self.loader.exec_module(module)
        module.__class__ = _PackageWithMovedNames

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)  # the rest (resource readers, source) as the real loader has it


class _AliasLoader(importlib.abc.Loader):
    """Loads an old module name as the module it now is, warning that it moved."""

    def __init__(self, new: str) -> None:
        self.new = new
        self.spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(self.new)
        self.spec = module.__spec__
        _warn(spec.name, self.new)
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        # The import system set the old name's spec on the module it was handed: give it its own back.
        module.__spec__ = self.spec


class _PackageWithMovedNames(types.ModuleType):
    """A package some of whose names moved: reading one warns and returns it from its new home."""

    def __getattr__(self, name: str) -> Any:
        new = MOVED_NAMES.get(self.__name__, {}).get(name)
        if new is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        if sys._getframe(1).f_code.co_name != "_handle_fromlist":  # that only checks before the import reads it
            _warn(f"{self.__name__}.{name}", f"{new}.{name}")
        return getattr(importlib.import_module(new), name)

    def __setattr__(self, name: str, value: Any) -> None:
        old_path = isinstance(value, types.ModuleType) and (name in MOVED_NAMES.get(self.__name__, {})
                                                            or f"{self.__name__}.{name}" in MOVED_MODULES)
        if old_path:
            return  # an old module path imported: the name stays the function it was (solve, closed_forms)
        super().__setattr__(name, value)


def _warn(old: str, new: str) -> None:
    """A DeprecationWarning that ``old`` moved to ``new``, attributed to the importing line."""
    # warnings.warn skips the frames of importlib's bootstrap when it counts the stack level
    frame: types.FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None:
        name = frame.f_code.co_filename
        level += not ("importlib" in name and "_bootstrap" in name)
        if not name.startswith(_IMPORT_MACHINERY):
            break
        frame = frame.f_back
    warnings.warn(f"{old} has moved: use {new} (the old path goes in the next release)", DeprecationWarning,
                  stacklevel=level)
