"""The syntax of formulas: the whitelisted functions, the tokens, and errors that quote the formula."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import FormulaError

__all__ = ["FUNCTIONS", "SIGNATURES", "Signature", "Token", "make_error", "quote_around", "tokenize"]


class Signature(NamedTuple):
    """How many arguments a whitelisted function takes, and how to call it."""

    least: int
    most: int | None
    usage: str


SIGNATURES: dict[str, Signature] = {
    "min": Signature(2, None, "min(a, b, ...)"),
    "max": Signature(2, None, "max(a, b, ...)"),
    "abs": Signature(1, 1, "abs(x)"),
    "exp": Signature(1, 1, "exp(x)"),
    "log": Signature(1, 2, "log(x) or log(x, base)"),
    "sqrt": Signature(1, 1, "sqrt(x)"),
    "where": Signature(3, 3, "where(a < b, value_if_true, value_if_false)"),
}

FUNCTIONS: tuple[str, ...] = tuple(SIGNATURES)
"""The only functions a formula may call; their names cannot name parameters or definitions."""


_TOKEN = re.compile(
    r"""
      (?P<space>[ \t\r\n]+)
    | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<operator>\*\*|[-+*/^])
    | (?P<comparison>[<>]=?|==|!=)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<comma>,)
    """,
    re.VERBOSE,
)

_SYNTAX = (
    "formulas use numbers, names, + - * / ** ^, parentheses, commas and the functions "
    + ", ".join(FUNCTIONS)
)
_CHARACTER_FIXES = {
    "=": "compare with == and only in the first argument of where(a == b, ..., ...)",
    ".": "a dot may only appear inside a number such as 0.5",
}


class Token(NamedTuple):
    """One piece of a formula: its kind, its text and its offset (from 0) in the formula."""

    kind: str
    text: str
    position: int


def tokenize(text: str) -> list[Token]:
    """Split a formula into tokens, ending with an ``end`` token; refuse any other character.

    Examples
    --------
    >>> [token.text for token in tokenize("2.5e3*x_1 ^ (y<=1)")]
    ['2.5e3', '*', 'x_1', '^', '(', 'y', '<=', '1', ')', '']
    """
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            character = text[position]
            raise make_error(text, position, f"unexpected character {character!r}",
                         _CHARACTER_FIXES.get(character, _SYNTAX))
        if match.lastgroup != "space":
            tokens.append(Token(str(match.lastgroup), match.group(), position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def make_error(text: str, position: int, problem: str, fix: str) -> FormulaError:
    """Return a FormulaError for ``problem`` at ``position``, quoting the formula around it."""
    return FormulaError(f'{problem} at position {position + 1} in "{quote_around(text, position)}"', fix=fix)


def quote_around(text: str, position: int, width: int = 30) -> str:
    """Return the formula around ``position`` on one line, with ``...`` where it is cut.

    Examples
    --------
    >>> quote_around("a +\\n b", 2)
    'a +  b'
    >>> quote_around("x" * 100, 50, width=5)
    '...xxxxxxxxxx...'
    """
    start, stop = max(0, position - width), min(len(text), position + width)
    piece = "".join(character if character.isprintable() else " " for character in text[start:stop])
    return ("..." if start > 0 else "") + piece + ("..." if stop < len(text) else "")
