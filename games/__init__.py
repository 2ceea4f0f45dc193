"""Numeric games: an immutable n-player normal form and Gambit ``.nfg`` files.

This layer holds numbers only: no symbols and no formula parsing.
"""

from .nfg import parse_nfg, read_nfg, write_nfg
from .normal_form import Game, Number, to_number

__all__ = ["Game", "Number", "parse_nfg", "read_nfg", "to_number", "write_nfg"]
