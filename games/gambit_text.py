"""The text that Gambit's ``.nfg`` and ``.efg`` files share: names, payoffs, the header; writing it.

Both formats are written in the same small language: braces, commas, double-quoted strings
(``\\"`` is a quote and ``\\\\`` a backslash inside them) and bare words (numbers, node kinds),
separated by white space. Both open the same way, with a tag, a version, ``D`` or ``R``, a
quoted title and a braced list of quoted player names::

    NFG 1 R "title" { "Player 1" "Player 2" } ...
    EFG 2 R "title" { "Player 1" "Player 2" } ...

This module reads that common part, from the tokens of :mod:`chipgame.games.gambit_tokens`;
:mod:`chipgame.games.nfg` and :mod:`chipgame.games.efg` read the rest of their files with it.
Every error is a :class:`~chipgame.errors.GameError` that names the file and the line and says
what to do. The format is described in the Gambit manual ("Game representation formats",
https://gambitproject.readthedocs.io).

Examples
--------
>>> fmt = GambitFormat("NFG", "1", "normal-form", max_bytes=1000, max_players=10,
...                    fix="see the manual", other_fix="give a .nfg file")
>>> header = read_header('NFG 1 R "PD" { "Row" "Col" } { 2 2 }', fmt)
>>> header.title, header.players
('PD', ['Row', 'Col'])
>>> header.lexer.next()
Token(kind='{', text='{', pos=29)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from ..errors import FileError, GameError
from .gambit_tokens import (
    COMMA,
    EOF,
    LBRACE,
    RBRACE,
    STRING,
    WORD,
    Lexer,
    Token,
    describe,
    expect,
    is_integer,
    plural,
    to_fraction,
)

__all__ = [
    "COMMA",
    "EOF",
    "LBRACE",
    "RBRACE",
    "STRING",
    "WORD",
    "GambitFormat",
    "Header",
    "Lexer",
    "Token",
    "describe",
    "expect",
    "format_number",
    "is_integer",
    "locate_errors",
    "plural",
    "quote",
    "read_header",
    "read_names",
    "read_payoffs",
    "read_text",
    "to_fraction",
    "unique_labels",
]

def read_names(lexer: Lexer, what: str, limit: int, limit_fix: str) -> list[str]:
    """Read ``{ "a" "b" ... }`` up to its closing brace; the opening brace has been consumed.

    Parameters
    ----------
    lexer
        The lexer, just past the ``{``.
    what
        What each name is (``"player name"``), for error messages.
    limit, limit_fix
        The most names accepted, and the fix given when there are more.

    Examples
    --------
    >>> lexer = Lexer('{ "Row" "Col" }', fix="see the manual")
    >>> _ = lexer.next()
    >>> read_names(lexer, "player name", 10, "give at most 10 players")
    ['Row', 'Col']
    """
    names: list[str] = []
    while True:
        token = lexer.next()
        if token.kind == RBRACE:
            return names
        if token.kind != STRING:
            raise lexer.fail(
                token.pos,
                f"expected {what} in double quotes or '}}', found {describe(token)}",
                fix="quote every name, and check that no string lacks its closing quote",
            )
        names.append(token.text)
        if len(names) > limit:
            raise lexer.fail(token.pos, f"more than {limit:,} {what}s", fix=limit_fix)


def read_payoffs(lexer: Lexer, brace: Token, number: int, n_players: int, fix: str) -> tuple[Fraction, ...]:
    """Read the payoffs of outcome ``number`` up to the closing brace: one per player, commas optional.

    Parameters
    ----------
    lexer
        The lexer, just past the ``{`` that opens the payoffs (and, in ``.nfg`` files, the
        outcome's name after it).
    brace
        That ``{``, where an error about the number of payoffs points.
    number
        The outcome's number, for error messages.
    n_players
        The number of payoffs expected.
    fix
        The fix given when there are too many or too few.

    Examples
    --------
    >>> lexer = Lexer('{ 2, -1/2 }', fix="see the manual")
    >>> read_payoffs(lexer, lexer.next(), 1, 2, "give 2 payoffs")
    (Fraction(2, 1), Fraction(-1, 2))
    """
    payoffs: list[Fraction] = []
    while True:
        token = lexer.next()
        if token.kind == RBRACE:
            break
        if token.kind == COMMA and payoffs:
            continue
        if len(payoffs) == n_players:
            raise lexer.fail(token.pos, f"outcome {number} has more than {n_players} payoffs", fix=fix)
        payoffs.append(to_fraction(lexer, token, f"payoff {len(payoffs) + 1} of outcome {number}"))
    if len(payoffs) != n_players:
        raise lexer.fail(
            brace.pos,
            f"outcome {number} has {plural(len(payoffs), 'payoff')}, expected {n_players} (one per player)",
            fix=fix,
        )
    return tuple(payoffs)


def unique_labels(labels: Sequence[str], default: str) -> tuple[str, ...]:
    """Replace blank and repeated labels by ``default.format(k)`` (k from 1), kept unique.

    Examples
    --------
    >>> unique_labels(["A", "", "A", "2"], "{}")
    ('A', '2_1', '3', '2')
    """
    kept: list[str | None] = []
    taken: set[str] = set()
    for label in labels:
        if label.strip() and label not in taken:
            kept.append(label)
            taken.add(label)
        else:
            kept.append(None)
    result: list[str] = []
    for index, maybe in enumerate(kept, start=1):
        if maybe is None:
            base = maybe = default.format(index)
            suffix = 1
            while maybe in taken:
                maybe = f"{base}_{suffix}"
                suffix += 1
            taken.add(maybe)
        result.append(maybe)
    return tuple(result)


@dataclass(frozen=True)
class GambitFormat:
    """What sets one Gambit file format apart in its opening and its limits.

    Attributes
    ----------
    tag, version
        The first two words of the file (``"NFG"``, ``"1"``); ``tag.lower()`` is the file
        extension.
    form
        The kind of game, for error messages (``"normal-form"``).
    max_bytes
        The largest text accepted.
    max_players
        The most player names accepted.
    fix
        The fix an error gives when it names none (where the format is described).
    other_fix
        The fix when the text does not start with ``tag``.
    """

    tag: str
    version: str
    form: str
    max_bytes: int
    max_players: int
    fix: str
    other_fix: str


class Header(NamedTuple):
    """The opening of a Gambit file, and the lexer just after it.

    Attributes
    ----------
    lexer
        The lexer, positioned after the list of player names.
    title
        The game's title.
    players
        The player names as written (at least one; blank or repeated names kept).
    """

    lexer: Lexer
    title: str
    players: list[str]


def read_header(text: str, fmt: GambitFormat, *, source: str | None = None) -> Header:
    """Read the opening ``TAG version D|R "title" { "player" ... }`` of a Gambit file.

    Parameters
    ----------
    text
        The whole file; a leading byte-order mark is dropped.
    fmt
        The format the file must be in.
    source
        Where the text came from (a file name), named in error messages.

    Returns
    -------
    Header
        The title, the player names and the lexer to read the rest of the file with.

    Raises
    ------
    GameError
        If the text is larger than ``fmt.max_bytes``, does not start with ``fmt.tag``, is of
        another version, or has a malformed title or player list, no players, or more than
        ``fmt.max_players``.

    Examples
    --------
    >>> fmt = GambitFormat("EFG", "2", "extensive-form", max_bytes=1000, max_players=10,
    ...                    fix="see the manual", other_fix="give a .efg file")
    >>> read_header('\\ufeffEFG 2 R "" { "Solo" } "a comment"', fmt)[1:]
    ('', ['Solo'])
    >>> read_header('NFG 1 R "" { "Solo" }', fmt, source="x.efg")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    chipgame.errors.GameError: x.efg: line 1: this is not a Gambit extensive-form file:
    it starts with 'NFG', not 'EFG 2 R'; fix: give a .efg file
    """
    if len(text) > fmt.max_bytes:
        raise GameError(
            f"the text is {len(text):,} characters, more than the {fmt.max_bytes:,} accepted",
            file=source,
            fix="give a smaller game",
        )
    lexer = Lexer(text.removeprefix("\ufeff"), source, fix=fmt.fix)
    opening = f"{fmt.tag} {fmt.version}"

    token = lexer.next()
    if token.kind != WORD or token.text != fmt.tag:
        raise lexer.fail(
            token.pos,
            f"this is not a Gambit {fmt.form} file: it starts with {describe(token)}, "
            f"not '{opening} R'",
            fix=fmt.other_fix,
        )
    token = lexer.next()
    if token.kind != WORD or token.text != fmt.version:
        raise lexer.fail(
            token.pos,
            f"unsupported {fmt.tag} version {describe(token)}; only version {fmt.version} is read",
            fix=f"save the game from Gambit in the .{fmt.tag.lower()} version {fmt.version} format",
        )
    token = lexer.next()
    if token.kind != WORD or token.text not in ("D", "R"):
        raise lexer.fail(token.pos, f"expected 'D' or 'R' after '{opening}', found {describe(token)}")
    title = expect(lexer, STRING, "the game title in double quotes").text

    brace = expect(lexer, LBRACE, "'{' opening the list of player names")
    players = read_names(lexer, "player name", fmt.max_players, f"give at most {fmt.max_players} players")
    if not players:
        raise lexer.fail(brace.pos, "the list of players is empty", fix="name at least one player")
    return Header(lexer, title, players)


@contextmanager
def locate_errors(source: str | None) -> Iterator[None]:
    """Name ``source`` in every GameError raised inside the block that names no file yet.

    Examples
    --------
    >>> with locate_errors("x.nfg"):
    ...     raise GameError("the game has no players")
    Traceback (most recent call last):
    ...
    chipgame.errors.GameError: x.nfg: the game has no players
    """
    try:
        yield
    except GameError as error:
        if source is not None:
            error.in_file(source)
        raise


def read_text(path: str | os.PathLike[str], max_bytes: int) -> str:
    """The text of a file of at most ``max_bytes`` bytes: UTF-8, or Latin-1 when not valid UTF-8.

    Raises
    ------
    FileError
        If the file cannot be read; the message names the file and the reason.
    GameError
        If the file is larger than ``max_bytes``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "game.nfg"
    ...     _ = path.write_bytes(b'NFG 1 R "Caf\\xe9"')
    ...     read_text(path, 1000)
    'NFG 1 R "Café"'
    """
    source = str(path)
    too_big = GameError(
        f"the file is larger than the {max_bytes:,} bytes accepted",
        file=source,
        fix="give a smaller game",
    )
    try:
        if os.stat(path).st_size > max_bytes:
            raise too_big
        with open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise FileError.from_os_error(error, source, "read") from None
    if len(data) > max_bytes:
        raise too_big
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def quote(text: str) -> str:
    """``text`` as a Gambit string: in double quotes, with ``\\"`` and ``\\\\`` escapes.

    Examples
    --------
    >>> print(quote('say "hi"'))
    "say \\"hi\\""
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_number(value: object) -> str:
    """A payoff or probability as Gambit text: a Fraction as ``3`` or ``-3/2``, else ``repr(float)``.

    Examples
    --------
    >>> format_number(Fraction(-3, 2)), format_number(Fraction(3)), format_number(0.1)
    ('-3/2', '3', '0.1')
    """
    if isinstance(value, Fraction):
        return str(value)  # "3" or "-3/2"
    return repr(float(value))  # type: ignore[arg-type]
