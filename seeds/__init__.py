"""Scenario files calibrated from the source article, shipped with the package as data.

Examples
--------
>>> "bytedance-vs-cambricon" in seed_names()
True
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

__all__ = ["seed_names", "seed_file"]


def seed_names() -> tuple[str, ...]:
    """The names of the shipped seed scenarios, sorted."""
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml")))


def seed_file(name: str) -> Traversable | None:
    """The shipped file of the seed called ``name``, or None when there is no such seed."""
    if name not in seed_names():
        return None
    return resources.files(__name__).joinpath(f"{name}.toml")
