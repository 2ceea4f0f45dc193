"""Scenario files shipped with the package as data: seeds calibrated from the source article,
and classic textbook games for teaching.

Both kinds live side by side in this one flat folder (DESIGN: keep seeds/ flat), so a classic is
found by its plain name (``chipgame teach prisoners-dilemma``, ``chipgame solve chicken``) the
same way a seed is. What tells them apart is the registry ``_CLASSICS`` below rather than a
file-name prefix or a sub-folder: a prefix would put ``classic-`` in every name a teacher types,
and a sub-folder would need a package of its own. A classic file missing from the registry
would be taken for a seed and fail the seed tests (seeds must examine claims of the article), so
the registry cannot drift silently.

Examples
--------
>>> "bytedance-vs-cambricon" in seed_names(), "prisoners-dilemma" in seed_names()
(True, False)
>>> classic_names()[:2]
('battle-of-the-sexes', 'chicken')
>>> seed_file("stag-hunt").name
'stag-hunt.toml'
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

__all__ = ["classic_names", "seed_names", "seed_file", "shipped_names"]

_CLASSICS = ("battle-of-the-sexes", "chicken", "matching-pennies", "prisoners-dilemma", "stag-hunt")
"""The shipped classic games, each a parameterised scenario that cites its textbook source."""


def _toml_names() -> tuple[str, ...]:
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml")))


def seed_names() -> tuple[str, ...]:
    """The names of the shipped seed scenarios (the article's, not the classics), sorted."""
    return tuple(name for name in _toml_names() if name not in _CLASSICS)


def classic_names() -> tuple[str, ...]:
    """The names of the shipped classic games, sorted."""
    return tuple(name for name in _toml_names() if name in _CLASSICS)


def shipped_names() -> tuple[str, ...]:
    """Every name ``seed_file`` finds: the seeds, then the classics."""
    return seed_names() + classic_names()


def seed_file(name: str) -> Traversable | None:
    """The shipped file of the seed or classic called ``name``, or None when there is none."""
    if name not in _toml_names():
        return None
    return resources.files(__name__).joinpath(f"{name}.toml")
