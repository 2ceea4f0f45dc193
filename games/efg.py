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
from fractions import Fraction

from .extensive import (
    MAX_NODES,
    MAX_PLAYERS,
    Chance,
    Decision,
    ExtensiveGame,
    Node,
    Outcome,
    Terminal,
)
from .gambit_text import (
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
    quote,
    read_header,
    read_payoffs,
    read_text,
    to_fraction,
    unique_labels,
)

__all__ = ["MAX_EFG_BYTES", "parse_efg", "read_efg", "write_efg"]

MAX_EFG_BYTES = 20 * 1024 * 1024
"""The largest ``.efg`` text accepted (20 MB)."""

_MAX_INDEX_DIGITS = 9

_FORMAT = GambitFormat(
    "EFG",
    "2",
    "extensive-form",
    max_bytes=MAX_EFG_BYTES,
    max_players=MAX_PLAYERS,
    fix="see the Gambit manual's description of the .efg format",
    other_fix="give a Gambit .efg file (normal-form .nfg files are read by read_nfg)",
)
_FIX_NODE = (
    'write each node as p "name" player infoset ["infoset" { "a" "b" }] outcome, '
    'c "name" infoset ["infoset" { "a" 1/2 "b" 1/2 }] outcome, or t "name" outcome'
)


class _Pending:
    """A chance or personal node whose children are still being read."""

    __slots__ = ("kind", "label", "player", "infoset", "infoset_label", "actions", "probabilities",
                 "outcome", "children")

    def __init__(self, kind: str, label: str, player: str | None, infoset: int, infoset_label: str,
                 actions: tuple[str, ...], probabilities: tuple[Fraction, ...],
                 outcome: Outcome | None) -> None:
        self.kind, self.label, self.player, self.infoset = kind, label, player, infoset
        self.infoset_label, self.actions, self.probabilities = infoset_label, actions, probabilities
        self.outcome = outcome
        self.children: list[Node] = []

    def build(self) -> Node:
        if self.kind == "c":
            return Chance(self.actions, self.probabilities, tuple(self.children), infoset=self.infoset,
                          infoset_label=self.infoset_label, label=self.label, outcome=self.outcome)
        assert self.player is not None
        return Decision(self.player, self.actions, tuple(self.children), infoset=self.infoset,
                        infoset_label=self.infoset_label, label=self.label, outcome=self.outcome)


class _Infoset:
    """An information set as first declared: its number (1, 2, ... per player in order of
    first appearance), label, actions as written and as normalised, and chance probabilities."""

    __slots__ = ("number", "label", "raw_actions", "actions", "probabilities", "pos")

    def __init__(self, number: int, label: str, raw_actions: tuple[str, ...],
                 probabilities: tuple[Fraction, ...], pos: int) -> None:
        self.number, self.label, self.raw_actions = number, label, raw_actions
        self.actions = unique_labels(raw_actions, "{}")
        self.probabilities, self.pos = probabilities, pos


class _TreeReader:
    """Reads the nodes of an ``.efg`` file, keeping the information sets and outcomes seen."""

    def __init__(self, lexer: Lexer, players: tuple[str, ...]) -> None:
        self.lexer = lexer
        self.players = players
        self.infosets: list[dict[int, _Infoset]] = [{} for _ in range(len(players) + 1)]  # 0: chance
        self.outcomes: dict[int, tuple[Outcome, int]] = {}  # number -> (outcome, position)

    def line(self, pos: int) -> int:
        return self.lexer.text.count("\n", 0, pos) + 1

    def read_index(self, what: str, fix: str) -> tuple[int, Token]:
        token = self.lexer.next()
        if not is_integer(token):
            raise self.lexer.fail(token.pos, f"expected {what}, found {describe(token)}", fix=fix)
        if len(token.text) > _MAX_INDEX_DIGITS:
            raise self.lexer.fail(token.pos, f"{what} is out of range: {token.text[:12]}...", fix=fix)
        return int(token.text), token

    def read_tree(self) -> Node:
        """Read the root and its subtrees, iteratively; the file must end after them."""
        lexer = self.lexer
        stack: list[_Pending] = []
        count = 0
        while True:
            token = lexer.next()
            if token.kind == EOF:
                if not stack:
                    raise lexer.fail(token.pos, "the file has no game tree after its header", fix=_FIX_NODE)
                top = stack[-1]
                missing = len(top.actions) - len(top.children)
                raise lexer.fail(
                    token.pos,
                    f"the file ends inside the tree: a node with {len(top.actions)} actions "
                    f"still expects {missing} more {'child' if missing == 1 else 'children'}",
                    fix="list one subtree per action, in prefix order",
                )
            if token.kind != WORD or token.text not in ("c", "p", "t"):
                raise lexer.fail(
                    token.pos, f"expected a node ('p', 'c' or 't'), found {describe(token)}", fix=_FIX_NODE
                )
            count += 1
            if count > MAX_NODES:
                raise lexer.fail(token.pos, f"the tree has more than {MAX_NODES:,} nodes",
                                 fix="give a smaller tree; files this large are not supported")
            label = expect(lexer, STRING, "the node's name in double quotes (may be empty: \"\")").text
            if token.text == "t":
                node: Node = Terminal(self.read_outcome(), label=label)
            else:
                pending = self.read_chance(label) if token.text == "c" else self.read_personal(label)
                stack.append(pending)
                continue
            # Attach the finished node; close every parent it completes.
            while stack:
                top = stack[-1]
                top.children.append(node)
                if len(top.children) < len(top.actions):
                    break
                stack.pop()
                node = top.build()
            if not stack:
                return node

    def read_personal(self, label: str) -> _Pending:
        lexer = self.lexer
        n = len(self.players)
        player, token = self.read_index(
            "the number of the player who moves", f"give a player number from 1 to {n}"
        )
        if not 1 <= player <= n:
            raise lexer.fail(token.pos, f"player number {player} is not between 1 and {n}",
                             fix=f"give a player number from 1 to {n} (the order of the header's players)")
        infoset = self.read_infoset(player, chance=False)
        return _Pending("p", label, self.players[player - 1], infoset.number, infoset.label,
                        infoset.actions, (), self.read_outcome())

    def read_chance(self, label: str) -> _Pending:
        infoset = self.read_infoset(0, chance=True)
        return _Pending("c", label, None, infoset.number, infoset.label, infoset.actions,
                        infoset.probabilities, self.read_outcome())

    def read_infoset(self, player: int, *, chance: bool) -> _Infoset:
        lexer = self.lexer
        whose = "chance" if chance else f"player {player}"
        number, number_token = self.read_index(
            f"the information set number of {whose}", "number information sets 1, 2, ..."
        )
        if number == 0:
            raise lexer.fail(number_token.pos, "information set 0 is not allowed",
                             fix="number information sets from 1")
        known = self.infosets[player].get(number)
        if lexer.peek().kind != STRING:
            if known is None:
                raise lexer.fail(
                    number_token.pos,
                    f"information set {number} of {whose} is used before it is declared",
                    fix=f'declare it at its first node: {number} "name" {{ "action" ... }}',
                )
            return known
        infoset_label = lexer.next().text
        opening = expect(lexer, LBRACE, "'{' opening the list of actions")
        raw: list[str] = []
        probabilities: list[Fraction] = []
        while True:
            token = lexer.next()
            if token.kind == RBRACE:
                break
            if token.kind != STRING:
                raise lexer.fail(
                    token.pos,
                    f"expected an action name in double quotes or '}}', found {describe(token)}",
                    fix='quote every action name' + (', each followed by its probability' if chance else ''),
                )
            raw.append(token.text)
            if len(raw) > MAX_NODES:
                raise lexer.fail(token.pos, f"more than {MAX_NODES:,} actions", fix="give fewer actions")
            if chance:
                probability_token = lexer.next()
                value = to_fraction(lexer, probability_token, f"the probability of action {token.text!r}")
                if value < 0:
                    raise lexer.fail(probability_token.pos,
                                     f"action {token.text!r} has the negative probability {value}",
                                     fix="give probabilities between 0 and 1")
                probabilities.append(value)
        if not raw:
            raise lexer.fail(opening.pos, f"information set {number} of {whose} has no actions",
                             fix="give at least one action")
        if chance and sum(probabilities) != 1:
            raise lexer.fail(
                opening.pos,
                f"the probabilities of chance information set {number} sum to {sum(probabilities)}, not 1",
                fix="make them sum to exactly 1 (write thirds as 1/3, not 0.333)",
            )
        if known is None:
            declared = _Infoset(len(self.infosets[player]) + 1, infoset_label, tuple(raw),
                                tuple(probabilities), number_token.pos)
            self.infosets[player][number] = declared
            return declared
        same_declaration = infoset_label == known.label and tuple(raw) == known.raw_actions
        if same_declaration and (not chance or tuple(probabilities) == known.probabilities):
            return known
        line = self.line(known.pos)
        fix = f"give every node of the set the same name and actions as line {line}, or a new number"
        if not same_declaration:
            raise lexer.fail(
                number_token.pos,
                f"information set {number} of {whose} is declared here as {infoset_label!r} "
                f"{list(raw)} but on line {line} as {known.label!r} {list(known.raw_actions)}",
                fix=fix,
            )
        raise lexer.fail(
            number_token.pos,
            f"chance information set {number} has other probabilities than on line {line}",
            fix=fix,
        )

    def read_outcome(self) -> Outcome | None:
        lexer = self.lexer
        n = len(self.players)
        fix = f'give an outcome number, then at its first use "name" {{ payoffs }} with {n} payoffs'
        number, number_token = self.read_index("an outcome number (0 for none)", fix)
        if lexer.peek().kind != STRING:
            if number == 0:
                return None
            if number not in self.outcomes:
                raise lexer.fail(
                    number_token.pos,
                    f"outcome {number} is used before it is defined",
                    fix=f'define it at its first use: {number} "name" {{ {", ".join(["0"] * n)} }}',
                )
            return self.outcomes[number][0]
        if number == 0:
            raise lexer.fail(number_token.pos, "outcome 0 (no outcome) cannot have a name or payoffs",
                             fix="give the outcome a number from 1, or drop its name and payoffs")
        outcome_label = lexer.next().text
        brace = expect(lexer, LBRACE, "'{' opening the payoffs of the outcome")
        payoffs = read_payoffs(lexer, brace, number, n, f"give {n} payoffs, one per player")
        outcome = Outcome(payoffs, outcome_label)
        known = self.outcomes.get(number)
        if known is None:
            self.outcomes[number] = (outcome, number_token.pos)
            return outcome
        if known[0] != outcome:
            raise lexer.fail(
                number_token.pos,
                f"outcome {number} is defined here as {outcome_label!r} "
                f"{{ {', '.join(map(str, payoffs))} }} but on line {self.line(known[1])} as "
                f"{known[0].label!r} {{ {', '.join(map(str, known[0].payoffs))} }}",
                fix="give every use of an outcome number the same name and payoffs, or a new number",
            )
        return known[0]


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

    reader = _TreeReader(lexer, names)
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
