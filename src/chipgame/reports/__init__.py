"""Everything that renders: terminal text, CSV tables, the stable JSON documents and the walk-through
of ``chipgame teach``.

The names are imported on first use (PEP 562, by ``lazy_loader`` from the stub ``__init__.pyi``,
which lists them for type checkers too): ``chipgame solve`` does not import the explorer, the
sweeps' writers or matplotlib's figures."""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
