"""Read and write Gambit ``.efg`` files (extensive-form games, format version 2).

An ``.efg`` file is a header and then the nodes of the tree in prefix order (a node, then the
subtree of each of its actions in turn)::

    EFG 2 R "title" { "Player 1" "Player 2" }
    "an optional comment"

    c "node" 1 "infoset" { "Red" 1/2 "Black" 1/2 } 0
    p "node" 1 1 "infoset" { "Raise" "Fold" } 0
    t "node" 1 "outcome" { 2, -2 }
    ...

- ``p "name" player infoset ["infoset name" { "a1" "a2" ... }] outcome`` is a move of player
  number ``player`` (from 1) at its information set number ``infoset``;
- ``c "name" infoset ["infoset name" { "a1" p1 "a2" p2 ... }] outcome`` is a chance move;
- ``t "name" outcome`` ends play.

The bracketed information set part is required at the first node of a set and optional
afterwards (when given again it must match). ``outcome`` is a number: ``0`` for none, or an
outcome number followed, at its first use, by ``"name" { payoff, payoff, ... }`` (one payoff
per player, commas optional); later uses may repeat the definition (it must match) or give
the number alone. Outcomes may sit at any node; payoffs add up along the play.

Every number is read from its text as an exact :class:`fractions.Fraction` (``0.25`` is
``1/4``), so a game read from a file is exact. The format is described in the Gambit manual
("Game representation formats", https://gambitproject.readthedocs.io); this reader follows
Gambit's own (``src/games/file.cc``) in what it accepts.
"""

from __future__ import annotations

import os

from .efg_nodes import TreeReader
from .extensive import (
    MAX_PLAYERS,
    Chance,
    ExtensiveGame,
    Outcome,
    Terminal,
)
from .gambit_text import (
    EOF,
    STRING,
    GambitFormat,
    describe,
    format_number,
    locate_errors,
    quote,
    read_header,
    read_text,
    unique_labels,
)

__all__ = ["MAX_EFG_BYTES", "parse_efg", "read_efg", "write_efg"]

MAX_EFG_BYTES = 20 * 1024 * 1024
"""The largest ``.efg`` text accepted (20 MB)."""

_FORMAT = GambitFormat(
    "EFG",
    "2",
    "extensive-form",
    max_bytes=MAX_EFG_BYTES,
    max_players=MAX_PLAYERS,
    fix="see the Gambit manual's description of the .efg format",
    other_fix="give a Gambit .efg file (normal-form .nfg files are read by read_nfg)",
)


def parse_efg(text: str, *, source: str | None = None) -> ExtensiveGame:
    """Parse the text of a Gambit ``.efg`` file (version 2) into an extensive-form game.

    Parameters
    ----------
    text
        The whole file.
    source
        Where the text came from (a file name), used in error messages.

    Returns
    -------
    ExtensiveGame
        An exact game: every number becomes a :class:`~fractions.Fraction` read from its
        text. Information sets are renumbered 1, 2, ... per player in order of first
        appearance (as Gambit does); the comment is kept. Blank or repeated player names
        become ``"Player k"``, blank or repeated action names the action's 1-based index.

    Raises
    ------
    GameError
        If the text is malformed or inconsistent (an information set or outcome redefined
        differently, chance probabilities not summing to exactly 1, a player number out of
        range, text after the tree), or larger than 20 MB, or has more than 10 players or
        more than 100,000 nodes. The message names ``source``, the line and a fix.

    Examples
    --------
    >>> game = parse_efg('''EFG 2 R "Entry" { "Challenger" "Incumbent" }
    ... p "" 1 1 "" { "In" "Out" } 0
    ... p "" 2 1 "" { "Acquiesce" "Fight" } 0
    ... t "" 1 "" { 2, 1 }
    ... t "" 2 "" { 0, 0 }
    ... t "" 3 "" { 1, 2 }''')
    >>> game.n_nodes, game.to_normal_form().payoff((0, 0))
    (5, (Fraction(2, 1), Fraction(1, 1)))
    """
    lexer, title, players = read_header(text, _FORMAT, source=source)
    comment = lexer.next().text if lexer.peek().kind == STRING else ""
    names = unique_labels(players, "Player {}")

    reader = TreeReader(lexer, names)
    root = reader.read_tree()
    token = lexer.peek()
    if token.kind != EOF:
        raise lexer.fail(
            token.pos,
            f"found {describe(token)} after the last node of the tree, expected the end",
            fix="remove the extra text, or check the number of actions of the nodes above",
        )
    with locate_errors(source):
        return ExtensiveGame(names, root, title=title, comment=comment)


def read_efg(path: str | os.PathLike[str]) -> ExtensiveGame:
    """Read a Gambit ``.efg`` file (version 2) into an exact extensive-form game.

    The file is decoded as UTF-8, or as Latin-1 when it is not valid UTF-8; see
    :func:`parse_efg` for what is accepted.

    Raises
    ------
    GameError
        If the file cannot be read, is larger than 20 MB, or is malformed; the message names
        the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "coin.efg"
    ...     _ = path.write_text('EFG 2 R "Coin" { "Solo" }\\n'
    ...                         'c "" 1 "" { "H" 1/2 "T" 1/2 } 0\\n'
    ...                         't "" 1 "win" { 1 }\\nt "" 0\\n')
    ...     read_efg(path).to_normal_form().payoff((0,))
    (Fraction(1, 2),)
    """
    source = str(path)
    text = read_text(path, _FORMAT.max_bytes)
    return parse_efg(text, source=source)


def _outcome_text(outcome: Outcome | None, numbers: dict[tuple[str, tuple[str, ...]], int]) -> str:
    if outcome is None:
        return "0"
    payoffs = [format_number(v) for v in outcome.payoffs]
    key = (outcome.label, tuple(payoffs))
    number = numbers.setdefault(key, len(numbers) + 1)
    return f"{number} {quote(outcome.label)} {{ {', '.join(payoffs)} }}"


def write_efg(game: ExtensiveGame) -> str:
    """Write an extensive-form game as the text of a Gambit ``.efg`` file (version 2).

    The layout is Gambit's own: the header line, the quoted comment, a blank line, then one
    line per node in prefix order. Every node repeats its information set's name and actions
    (and a chance node its probabilities), and every outcome its name and payoffs; outcomes
    are numbered from 1 in order of first use. Exact numbers are written as integers or
    ``p/q``, float payoffs with ``repr``.

    Returns
    -------
    str
        The file's text, ending in a newline. For an exact game,
        ``parse_efg(write_efg(game)) == game``; a float game reads back as the exact value of
        each float's shortest decimal text.

    Examples
    --------
    >>> from fractions import Fraction
    >>> coin = ExtensiveGame(("Solo",), Chance(("H", "T"), (Fraction(1, 2), Fraction(1, 2)),
    ...                      (Terminal(Outcome((1,), "win")), Terminal())), title="Coin")
    >>> print(write_efg(coin), end="")
    EFG 2 R "Coin" { "Solo" }
    ""
    <BLANKLINE>
    c "" 1 "" { "H" 1/2 "T" 1/2 } 0
    t "" 1 "win" { 1 }
    t "" 0
    >>> parse_efg(write_efg(coin)) == coin
    True
    """
    players = " ".join(quote(name) for name in game.players)
    lines = [f"EFG 2 R {quote(game.title)} {{ {players} }}", quote(game.comment), ""]
    number_of = {name: k for k, name in enumerate(game.players, start=1)}
    outcomes: dict[tuple[str, tuple[str, ...]], int] = {}
    for node in game.nodes():
        outcome = _outcome_text(node.outcome, outcomes)
        if isinstance(node, Terminal):
            lines.append(f"t {quote(node.label)} {outcome}")
        elif isinstance(node, Chance):
            actions = " ".join(f"{quote(a)} {format_number(p)}" for a, p in zip(node.actions, node.probabilities))
            lines.append(f"c {quote(node.label)} {node.infoset} {quote(node.infoset_label)} "
                         f"{{ {actions} }} {outcome}")
        else:
            actions = " ".join(quote(a) for a in node.actions)
            lines.append(f"p {quote(node.label)} {number_of[node.player]} {node.infoset} "
                         f"{quote(node.infoset_label)} {{ {actions} }} {outcome}")
    return "\n".join(lines) + "\n"
