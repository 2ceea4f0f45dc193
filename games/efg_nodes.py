"""The node lines of an ``.efg`` file read into a tree, information sets and outcomes checked as they come."""

from __future__ import annotations

from fractions import Fraction

from .extensive import MAX_NODES, Chance, Decision, Node, Outcome, Terminal
from .gambit_text import read_payoffs, unique_labels
from .gambit_tokens import EOF, LBRACE, RBRACE, STRING, WORD, Lexer, Token, describe, expect, is_integer, to_fraction

__all__ = ["TreeReader"]

_MAX_INDEX_DIGITS = 9
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


class TreeReader:
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
