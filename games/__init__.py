"""Numeric games: an immutable n-player normal form, extensive-form trees, and Gambit
``.nfg`` and ``.efg`` files.

This layer holds numbers only: no symbols and no formula parsing.
"""

from .efg import parse_efg, read_efg, write_efg
from .extensive import Chance, Decision, ExtensiveGame, InformationSet, Outcome, Terminal
from .nfg import parse_nfg, read_nfg, write_nfg
from .normal_form import Game, Number, to_number

__all__ = [
    "Chance",
    "Decision",
    "ExtensiveGame",
    "Game",
    "InformationSet",
    "Number",
    "Outcome",
    "Terminal",
    "parse_efg",
    "parse_nfg",
    "read_efg",
    "read_nfg",
    "to_number",
    "write_efg",
    "write_nfg",
]
