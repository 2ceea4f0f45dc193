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

import numpy as np

from .gambit_text import (
    EOF,
    LBRACE,
    STRING,
    WORD,
    GambitFormat,
    describe,
    format_number,
    locate_errors,
    quote,
    read_header,
    read_text,
    unique_labels,
)
from .nfg_body import MAX_PROFILES, read_outcome_body, read_payoff_body, read_strategies
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

_FORMAT = GambitFormat(
    "NFG",
    "1",
    "normal-form",
    max_bytes=MAX_NFG_BYTES,
    max_players=MAX_PLAYERS,
    fix="see the Gambit manual's description of the .nfg format",
    other_fix="give a Gambit .nfg file (extensive-form .efg files are not read here)",
)


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
    strategy_names = read_strategies(lexer, players)
    if lexer.peek().kind == STRING:  # the optional comment
        lexer.next()

    shape = tuple(len(names) for names in strategy_names)
    n_profiles = int(np.prod(shape))
    n_players = len(players)
    token = lexer.peek()
    if token.kind == LBRACE:
        values = read_outcome_body(lexer, n_profiles, n_players)
    elif token.kind == WORD:
        values = read_payoff_body(lexer, n_profiles, n_players)
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
