"""Read and write Gambit ``.nfg`` files (strategic games, format version 1).

Gambit's normal-form file comes in two flavours that share one header::

    NFG 1 R "title" { "Player 1" "Player 2" } { 2 2 }          <- strategy counts, or
    NFG 1 R "title" { "Player 1" "Player 2" }
    { { "Top" "Bottom" } { "Left" "Right" } }                  <- strategy names
    "an optional comment"

The *payoff* flavour then lists every player's payoff at every pure profile, player 1's
strategy varying fastest. The *outcome* flavour instead lists named outcomes
``{ { "name" 1, 2 } ... }`` followed by one outcome number per profile (same order;
``0`` is the null outcome, paying everybody zero). Which flavour a file uses shows in the
first token after the header (``{`` or a number), not in the ``D``/``R`` letter.

Every number is read from its text as an exact :class:`fractions.Fraction` (``7.6`` is
``38/5``), so a game read from a file is always exact. The format is described in the
Gambit manual ("Game representation formats", https://gambitproject.readthedocs.io).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from .gambit_text import (
    COMMA,
    EOF,
    LBRACE,
    RBRACE,
    STRING,
    WORD,
    GambitFormat,
    Lexer,
    Token,
    describe,
    expect,
    format_number,
    is_integer,
    locate_errors,
    plural,
    quote,
    read_header,
    read_names,
    read_payoffs,
    read_text,
    to_fraction,
    unique_labels,
)
from .normal_form import Game

__all__ = [
    "MAX_NFG_BYTES",
    "MAX_PLAYERS",
    "MAX_PROFILES",
    "parse_nfg",
    "read_nfg",
    "write_nfg",
]

MAX_NFG_BYTES = 20 * 1024 * 1024
"""The largest ``.nfg`` text accepted (20 MB)."""

MAX_PLAYERS = 10
"""The largest number of players accepted."""

MAX_PROFILES = 1_000_000
"""The largest number of pure strategy profiles accepted."""

_FORMAT = GambitFormat(
    "NFG",
    "1",
    "normal-form",
    max_bytes=MAX_NFG_BYTES,
    max_players=MAX_PLAYERS,
    fix="see the Gambit manual's description of the .nfg format",
    other_fix="give a Gambit .nfg file (extensive-form .efg files are not read here)",
)


def _check_profiles(lexer: Lexer, pos: int, counts: Sequence[int]) -> None:
    total = 1
    for count in counts:
        total *= count
        if total > MAX_PROFILES:
            raise lexer.fail(
                pos,
                f"the game has more than {MAX_PROFILES:,} strategy profiles",
                fix="give fewer strategies; files this large are not supported",
            )


def _read_strategies(lexer: Lexer, players: Sequence[str]) -> list[list[str]]:
    """Read the strategy block: ``{ 2 3 }`` or ``{ { "a" "b" } { "x" "y" "z" } }``."""
    opening = expect(lexer, LBRACE, "'{' opening the strategy block")
    fix_count = "give one strategy list (or count) per player"
    if lexer.peek().kind == LBRACE:
        lists: list[list[str]] = []
        while lexer.peek().kind == LBRACE:
            brace = lexer.next()
            if len(lists) == len(players):
                raise lexer.fail(
                    brace.pos, f"more strategy lists than the {len(players)} players", fix=fix_count
                )
            names = read_names(
                lexer,
                "strategy name",
                MAX_PROFILES,
                "give fewer strategies; files this large are not supported",
            )
            if not names:
                raise lexer.fail(
                    brace.pos,
                    f"player {players[len(lists)]!r} has no strategies",
                    fix="name at least one strategy",
                )
            lists.append(names)
            _check_profiles(lexer, brace.pos, [len(n) for n in lists])
        expect(lexer, RBRACE, "'{' or '}' in the strategy block")
        if len(lists) != len(players):
            problem = (
                f"{plural(len(lists), 'strategy list')} for {plural(len(players), 'player')}"
            )
            raise lexer.fail(opening.pos, problem, fix=fix_count)
        return lists
    counts: list[int] = []
    while True:
        token = lexer.next()
        if token.kind == RBRACE:
            break
        if is_integer(token) and len(token.text) > 9:
            _check_profiles(lexer, token.pos, [MAX_PROFILES + 1])
        if not is_integer(token):
            raise lexer.fail(
                token.pos,
                f"expected a number of strategies, found {describe(token)}",
                fix="give each player's number of strategies as a positive integer",
            )
        if len(counts) == len(players):
            raise lexer.fail(
                token.pos, f"more strategy counts than the {len(players)} players", fix=fix_count
            )
        count = int(token.text)
        if count == 0:
            raise lexer.fail(
                token.pos,
                f"player {players[len(counts)]!r} has 0 strategies",
                fix="give every player at least one",
            )
        counts.append(count)
        _check_profiles(lexer, token.pos, counts)
    if len(counts) != len(players):
        problem = f"{plural(len(counts), 'strategy count')} for {plural(len(players), 'player')}"
        raise lexer.fail(opening.pos, problem, fix=fix_count)
    return [[str(k) for k in range(1, count + 1)] for count in counts]


def _count_more_numbers(lexer: Lexer) -> tuple[int, Token]:
    """Count the bare words left before the first other token; return the count and that token."""
    extra = 0
    token = lexer.next()
    while token.kind in (WORD, COMMA):
        extra += token.kind == WORD
        token = lexer.next()
    return extra, token


def _read_payoff_body(lexer: Lexer, n_profiles: int, n_players: int) -> list[Fraction]:
    expected = n_profiles * n_players
    fix = (
        f"list {n_players} payoffs (one per player) for each of the {n_profiles:,} profiles, "
        "player 1's strategy varying fastest"
    )
    values: list[Fraction] = []
    for index in range(expected):
        token = lexer.next()
        if token.kind == EOF:
            raise lexer.fail(token.pos, f"expected {expected:,} payoffs, found {index:,}", fix=fix)
        values.append(to_fraction(lexer, token, f"payoff {index + 1}"))
    token = lexer.peek()
    if token.kind == WORD:
        extra, after = _count_more_numbers(lexer)
        if after.kind == EOF:
            raise lexer.fail(
                token.pos, f"expected {expected:,} payoffs, found {expected + extra:,}", fix=fix
            )
        raise lexer.fail(
            after.pos, f"found {describe(after)} after the payoffs, expected the end", fix=fix
        )
    if token.kind != EOF:
        raise lexer.fail(
            token.pos, f"found {describe(token)} after the payoffs, expected the end", fix=fix
        )
    return values


def _read_outcome_body(lexer: Lexer, n_profiles: int, n_players: int) -> list[Fraction]:
    expect(lexer, LBRACE, "'{' opening the outcome list")
    zero = Fraction(0)
    outcomes: list[tuple[Fraction, ...]] = [(zero,) * n_players]  # outcome 0 is the null outcome
    fix_outcome = (
        f'write each outcome as {{ "name" p1, p2, ... }} with {n_players} payoffs, one per player'
    )
    while lexer.peek().kind == LBRACE:
        brace = lexer.next()
        number = len(outcomes)
        expect(lexer, STRING, f"the name of outcome {number} in double quotes")
        outcomes.append(read_payoffs(lexer, brace, number, n_players, fix_outcome))
    expect(lexer, RBRACE, "'{' or '}' in the outcome list")
    defined = len(outcomes) - 1
    fix_index = (
        f"give one outcome number per profile ({n_profiles:,} in all, player 1's strategy varying "
        f"fastest), each between 0 (no outcome) and {defined}"
    )
    values: list[Fraction] = []
    for index in range(n_profiles):
        token = lexer.next()
        if token.kind == EOF:
            raise lexer.fail(
                token.pos,
                f"expected {n_profiles:,} outcome numbers, found {index:,}",
                fix=fix_index,
            )
        if not is_integer(token):
            raise lexer.fail(
                token.pos,
                f"the outcome of profile {index + 1} should be an outcome number, "
                f"found {describe(token)}",
                fix=fix_index,
            )
        if len(token.text) > 18 or int(token.text) > defined:
            raise lexer.fail(
                token.pos,
                f"profile {index + 1} refers to outcome {token.text}, but outcome {token.text} "
                f"is not defined (the file defines {plural(defined, 'outcome')})",
                fix=fix_index,
            )
        values.extend(outcomes[int(token.text)])
    token = lexer.peek()
    if token.kind == WORD:
        extra, after = _count_more_numbers(lexer)
        if after.kind == EOF:
            raise lexer.fail(
                token.pos,
                f"expected {n_profiles:,} outcome numbers, found {n_profiles + extra:,}",
                fix=fix_index,
            )
        raise lexer.fail(
            after.pos,
            f"found {describe(after)} after the outcome numbers, expected the end",
            fix=fix_index,
        )
    if token.kind != EOF:
        raise lexer.fail(
            token.pos,
            f"found {describe(token)} after the outcome numbers, expected the end",
            fix=fix_index,
        )
    return values


def parse_nfg(text: str, *, source: str | None = None) -> Game:
    """Parse the text of a Gambit ``.nfg`` file (version 1, either flavour) into a game.

    Parameters
    ----------
    text
        The whole file. Both the payoff flavour (payoffs listed per profile) and the outcome
        flavour (named outcomes, then one outcome number per profile) are read; the strategy
        block may give counts (``{ 2 2 }``) or names (``{ { "U" "D" } { "L" "R" } }``).
    source
        Where the text came from (a file name), used in error messages.

    Returns
    -------
    Game
        An exact game: every number becomes a :class:`~fractions.Fraction` read from its text,
        so ``7.6`` is ``38/5``. The optional comment is dropped. Blank or repeated strategy
        names become the strategy's 1-based index (``"1"``, ``"2"``, ...), blank or repeated
        player names become ``"Player k"``.

    Raises
    ------
    GameError
        If the text is malformed, or larger than 20 MB, or has more than 10 players or more
        than 1,000,000 profiles. The message names ``source`` and the line.

    Examples
    --------
    >>> game = parse_nfg('NFG 1 R "Matching pennies" { "Even" "Odd" } { 2 2 }\\n'
    ...                  '1 -1  -1 1  -1 1  1 -1')
    >>> game.players, game.strategies
    (('Even', 'Odd'), (('1', '2'), ('1', '2')))
    >>> game.payoff((1, 0))
    (Fraction(-1, 1), Fraction(1, 1))
    >>> parse_nfg('NFG 1 D "" { "A" "B" } { 1 1 } 7.6 1/3').payoff((0, 0))
    (Fraction(38, 5), Fraction(1, 3))
    """
    lexer, title, players = read_header(text, _FORMAT, source=source)
    if lexer.peek().kind == STRING:  # a comment placed before the strategy block
        lexer.next()
    strategy_names = _read_strategies(lexer, players)
    if lexer.peek().kind == STRING:  # the optional comment
        lexer.next()

    shape = tuple(len(names) for names in strategy_names)
    n_profiles = int(np.prod(shape))
    n_players = len(players)
    token = lexer.peek()
    if token.kind == LBRACE:
        values = _read_outcome_body(lexer, n_profiles, n_players)
    elif token.kind == WORD:
        values = _read_payoff_body(lexer, n_profiles, n_players)
    elif token.kind == EOF:
        raise lexer.fail(
            token.pos,
            "the file ends before the payoffs",
            fix=f"list {n_players * n_profiles:,} payoffs, "
            f"or an outcome list and {n_profiles:,} outcome numbers",
        )
    else:
        raise lexer.fail(
            token.pos, f"expected payoffs or an outcome list, found {describe(token)}"
        )

    # values holds the payoffs profile by profile, player 1's strategy varying fastest:
    # in C order that is the array indexed [i_n, ..., i_1, player]; reverse the strategy axes.
    flat = np.empty(len(values), dtype=object)
    flat[:] = values
    reversed_axes = flat.reshape((*shape[::-1], n_players))
    payoffs = reversed_axes.transpose((*range(len(shape) - 1, -1, -1), len(shape)))
    with locate_errors(source):
        return Game(
            unique_labels(players, "Player {}"),
            tuple(unique_labels(names, "{}") for names in strategy_names),
            payoffs,
            title=title,
        )


def read_nfg(path: str | os.PathLike[str]) -> Game:
    """Read a Gambit ``.nfg`` file (version 1, either flavour) into an exact game.

    The file is decoded as UTF-8, or as Latin-1 when it is not valid UTF-8; see
    :func:`parse_nfg` for what is accepted.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    Game
        The game, with exact Fraction payoffs.

    Raises
    ------
    GameError
        If the file cannot be read, is larger than 20 MB, or is malformed; the message names
        the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "pd.nfg"
    ...     _ = path.write_text('NFG 1 R "PD" { "Row" "Col" } { 2 2 }\\n3 3 5 0 0 5 1 1\\n')
    ...     read_nfg(path).payoff((0, 1))
    (Fraction(0, 1), Fraction(5, 1))
    """
    source = str(path)
    text = read_text(path, _FORMAT.max_bytes)
    return parse_nfg(text, source=source)


def write_nfg(game: Game) -> str:
    """Write a game as the text of a Gambit ``.nfg`` file (payoff flavour, strategy names).

    The header line holds the title, the player names and the strategy names; a blank line
    follows, then one line per pure profile (player 1's strategy varying fastest) with each
    player's payoff. Exact payoffs are written as integers or ``p/q``, float payoffs with
    ``repr``. Strings are double-quoted with ``\\"`` and ``\\\\`` escapes.

    Parameters
    ----------
    game
        The game to write.

    Returns
    -------
    str
        The file's text, ending in a newline. For an exact game,
        ``parse_nfg(write_nfg(game)) == game``; a float game reads back as the exact value of
        each float's shortest decimal text, and ``.as_float()`` of that equals the game.

    Examples
    --------
    >>> pd = Game(("Row", "Col"), (("C", "D"), ("C", "D")),
    ...           [[[3, 3], [0, 5]], [[5, 0], [1, 1]]], title="PD")
    >>> print(write_nfg(pd), end="")
    NFG 1 R "PD" { "Row" "Col" } { { "C" "D" } { "C" "D" } }
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    >>> parse_nfg(write_nfg(pd)) == pd
    True
    """
    players = " ".join(quote(name) for name in game.players)
    strategies = " ".join(
        "{ " + " ".join(quote(s) for s in labels) + " }" for labels in game.strategies
    )
    lines = [f"NFG 1 R {quote(game.title)} {{ {players} }} {{ {strategies} }}", ""]
    n = game.n_players
    # Reverse the strategy axes so that C order runs player 1's strategy fastest.
    by_profile = game.payoffs.transpose((*range(n - 1, -1, -1), n)).reshape(-1, n)
    lines.extend(" ".join(format_number(value) for value in row) for row in by_profile)
    return "\n".join(lines) + "\n"
