"""An immutable extensive-form game: a finite tree with chance moves and information sets.

A tree is built from three kinds of node, bottom up:

- :class:`Terminal` -- the end of play, usually carrying an :class:`Outcome` (payoffs);
- :class:`Chance` -- nature picks an action with exact probabilities;
- :class:`Decision` -- a player picks an action; nodes of one player that share an information
  set number cannot be told apart by that player, so they offer the same actions.

Any node may carry an outcome; a player's payoff at the end of play is the sum of the outcomes
met on the way, as in Gambit. :meth:`ExtensiveGame.to_normal_form` turns the tree into a
:class:`~chipgame.games.Game` (pure strategies: one action per information set; payoffs
expected over chance, exact), so the normal-form solvers apply.

Every algorithm here walks the tree with an explicit stack, so deep trees are fine; the size
of a tree and of its normal form is bounded (see the ``MAX_*`` constants) to refuse, with a
clear message, work that would not finish.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from ..errors import GameError
from .extensive_normal_form import (
    CHANCE,
    DECISION,
    MAX_NORMAL_FORM_STEPS,
    MAX_PROFILES,
    NO_MOVE,
    TERMINAL,
    FlatTree,
    normal_form,
)
from .game_tree import Chance, Decision, InformationSet, Node, Outcome, Terminal, check_text, show_numbers
from .normal_form import Game, _check_labels

__all__ = [
    "MAX_NODES",
    "MAX_NORMAL_FORM_STEPS",
    "MAX_PLAYERS",
    "MAX_PROFILES",
    "NO_MOVE",
    "Chance",
    "Decision",
    "ExtensiveGame",
    "InformationSet",
    "Node",
    "Outcome",
    "Terminal",
]

MAX_NODES = 100_000
"""The largest tree accepted, in nodes."""

MAX_PLAYERS = 10
"""The largest number of players accepted."""


@dataclass(frozen=True, eq=False)
class ExtensiveGame:
    """A finite game in extensive form.

    Parameters
    ----------
    players
        Player names, in order (distinct, non-blank, at most ``MAX_PLAYERS``).
    root
        The root of the tree (at most ``MAX_NODES`` nodes, counting a node object used in
        several places once per place).
    title
        A human-readable title.
    comment
        A longer description (Gambit's file comment).

    Notes
    -----
    Information sets are identified by their number within each player; the game renumbers
    them 1, 2, ... per player (and for chance) in the order their first node appears in
    prefix order -- the numbering Gambit writes -- so ``root`` may hold new node objects.
    Every node of an information set must offer the same actions and carry the same
    information set label (chance: also the same probabilities). Outcomes must have one
    payoff per player.

    Examples
    --------
    The entry game (Osborne, *An Introduction to Game Theory*, 2004, ch. 5):

    >>> entry = ExtensiveGame(("Challenger", "Incumbent"), Decision("Challenger", ("In", "Out"), (
    ...     Decision("Incumbent", ("Acquiesce", "Fight"), (Terminal((2, 1)), Terminal((0, 0)))),
    ...     Terminal((1, 2)))), title="Entry")
    >>> entry
    ExtensiveGame('Entry', players=['Challenger', 'Incumbent'], 5 nodes, exact)
    >>> game = entry.to_normal_form()
    >>> game.strategies
    (('In', 'Out'), ('Acquiesce', 'Fight'))
    >>> game.payoff((1, 1))
    (Fraction(1, 1), Fraction(2, 1))
    """

    players: tuple[str, ...]
    root: Node
    title: str = ""
    comment: str = ""
    _flat: FlatTree = field(init=False, repr=False, compare=False)
    _infosets: tuple[tuple[InformationSet, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.players, str):
            raise GameError(f"the players must be a list of names, not the string {self.players!r}")
        players = _check_labels("the list of players", tuple(self.players))
        if len(players) > MAX_PLAYERS:
            raise GameError(f"the game has {len(players)} players, more than {MAX_PLAYERS}",
                            fix=f"give at most {MAX_PLAYERS} players")
        if not isinstance(self.root, (Terminal, Chance, Decision)):
            raise GameError(f"the root of the tree is {self.root!r}, not a node",
                            fix="build the tree from Terminal, Chance and Decision")
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "title", check_text("the title", self.title))
        object.__setattr__(self, "comment", check_text("the comment", self.comment))
        root, flat, infosets = _analyse(players, self.root)
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "_flat", flat)
        object.__setattr__(self, "_infosets", infosets)

    # --- questions about the tree ------------------------------------------------------

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self.players)

    @property
    def n_nodes(self) -> int:
        """The number of nodes of the tree."""
        return len(self._flat.kinds)

    @property
    def is_exact(self) -> bool:
        """True when every payoff is an exact Fraction (probabilities always are)."""
        return all(
            isinstance(v, Fraction) for payoffs in self._flat.outcomes if payoffs is not None for v in payoffs
        )

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set of every player holds a single node."""
        seen: set[tuple[int, int]] = set()
        flat = self._flat
        for kind, player, infoset in zip(flat.kinds, flat.players, flat.infosets):
            if kind == DECISION:
                if (player, infoset) in seen:
                    return False
                seen.add((player, infoset))
        return True

    def nodes(self) -> Iterator[Node]:
        """Every node, in prefix order (a node, then the subtrees of its actions in order)."""
        return iter(self._flat.nodes)

    def infosets(self, player: str) -> tuple[InformationSet, ...]:
        """The information sets of ``player``, numbered from 1 in order of first appearance."""
        if player not in self.players:
            raise GameError(f"{player!r} is not a player of this game", fix=f"use one of {list(self.players)}")
        return self._infosets[self.players.index(player)]

    # --- the normal form -------------------------------------------------------------

    def to_normal_form(self, *, reduced: bool = False) -> Game:
        """The pure-strategy normal form of the tree, with exact expected payoffs.

        A pure strategy of a player picks one action at each of its information sets. Its
        label joins the actions with ``"/"`` in the order of the player's information sets
        (:meth:`infosets`), e.g. ``"Raise/Fold"``; a player who never moves has the single
        strategy ``"*"``. Strategies are listed in lexicographic order of their actions,
        the first information set varying slowest (Gambit's order). The payoff of a profile
        is the expected sum of the outcomes met along the play, over chance moves.

        Parameters
        ----------
        reduced
            If True, give the reduced normal form (Gambit's strategic form): strategies that
            differ only at information sets their own earlier actions rule out are merged,
            and such sets are labelled ``"*"`` (e.g. ``"Out/*"``).

        Returns
        -------
        Game
            Exact when every payoff of the tree is exact. Players and title are the tree's.

        Raises
        ------
        GameError
            If the normal form has more than ``MAX_PROFILES`` (100,000) pure profiles, or
            would take more than ``MAX_NORMAL_FORM_STEPS`` node visits to compute, or if
            action labels containing ``"/"`` or equal to ``"*"`` make two strategies of a
            player share a label.

        Examples
        --------
        >>> tree = Decision("A", ("L", "R"), (
        ...     Terminal((1, 1)),
        ...     Decision("B", ("l", "r"), (Terminal((0, 2)), Decision("A", ("x", "y"), (
        ...         Terminal((0, 3)), Terminal((2, 0))))))))
        >>> game = ExtensiveGame(("A", "B"), tree)
        >>> game.to_normal_form().strategies[0]
        ('L/x', 'L/y', 'R/x', 'R/y')
        >>> game.to_normal_form(reduced=True).strategies[0]
        ('L/*', 'R/x', 'R/y')
        """
        return normal_form(self.players, self._infosets, self._flat, self.title, reduced=reduced)

    # --- identity ----------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        return (
            self.players == other.players
            and self.title == other.title
            and self.comment == other.comment
            and self.root == other.root
        )

    def __hash__(self) -> int:
        return hash((self.players, self.title, self.comment, self.root))

    def __repr__(self) -> str:
        kind = "exact" if self.is_exact else "float"
        return f"ExtensiveGame({self.title!r}, players={list(self.players)}, {self.n_nodes:,} nodes, {kind})"


# --- building and checking ------------------------------------------------------------------


class _Located:
    """Where each node of the flattened tree sits: its parent and the action leading to it."""

    def __init__(self, order: list[Node], parents: list[int], actions: list[str]) -> None:
        self.order, self.parents, self.actions = order, parents, actions

    def describe(self, position: int) -> str:
        """``the root``, or ``the node after 'In' > 'Fight'`` (at most the last 6 actions)."""
        path: list[str] = []
        at = position
        while self.parents[at] >= 0 and len(path) <= 6:
            path.append(self.actions[at])
            at = self.parents[at]
        if self.parents[at] >= 0:
            path[-1] = "..."
        shown = " > ".join(a if a == "..." else repr(a) for a in reversed(path))
        where = "the root" if not path else f"the node after {shown}"
        label = self.order[position].label
        return f"{where} (labelled {label!r})" if label else where


def _analyse(players: tuple[str, ...], root: Node) -> tuple[Node, FlatTree, tuple[tuple[InformationSet, ...], ...]]:
    """Check the tree, number its information sets, and flatten it (all without recursion)."""
    player_index = {name: k for k, name in enumerate(players)}
    n = len(players)
    order: list[Node] = []
    parents: list[int] = []
    via: list[str] = []
    stack: list[tuple[Node, int, str]] = [(root, -1, "")]
    while stack:
        node, parent, action = stack.pop()
        if len(order) >= MAX_NODES:
            raise GameError(f"the tree has more than {MAX_NODES:,} nodes", fix="give a smaller tree")
        order.append(node)
        parents.append(parent)
        via.append(action)
        position = len(order) - 1
        if not isinstance(node, Terminal):
            for action, child in reversed(list(zip(node.actions, node.children))):
                stack.append((child, position, action))
    located = _Located(order, parents, via)

    # Number information sets by first appearance; check that their nodes agree.
    numbering: list[dict[Any, int]] = [{} for _ in range(n)]
    chance_numbering: dict[Any, int] = {}
    first: dict[tuple[int, int], int] = {}
    infosets: list[list[InformationSet]] = [[] for _ in range(n)]
    numbers: list[int] = []
    kinds: list[int] = []
    node_players: list[int] = []
    for position, node in enumerate(order):
        if node.outcome is not None and len(node.outcome.payoffs) != n:
            raise GameError(
                f"the outcome at {located.describe(position)} has {len(node.outcome.payoffs)} "
                f"payoffs for {n} players",
                fix="give one payoff per player, in player order",
            )
        if isinstance(node, Terminal):
            kinds.append(TERMINAL)
            node_players.append(-1)
            numbers.append(0)
            continue
        if isinstance(node, Decision):
            if node.player not in player_index:
                raise GameError(
                    f"the decision node at {located.describe(position)} belongs to {node.player!r}, "
                    "who is not a player",
                    fix=f"use one of {list(players)}",
                )
            player = player_index[node.player]
            table = numbering[player]
            kinds.append(DECISION)
        else:
            player = -1
            table = chance_numbering
            kinds.append(CHANCE)
        node_players.append(player)
        key = node.infoset if node.infoset is not None else ("own", position)
        if key not in table:
            table[key] = len(table) + 1
            first[(player, table[key])] = position
            if player >= 0:
                infosets[player].append(
                    InformationSet(players[player], table[key], node.infoset_label, node.actions)
                )
        else:
            _check_same_infoset(located, position, first[(player, table[key])])
        numbers.append(table[key])

    # Rebuild bottom-up where a number changed (children come after parents in prefix order).
    children_of: list[list[int]] = [[] for _ in order]
    for position, parent in enumerate(parents):
        if parent >= 0:
            children_of[parent].append(position)
    built: list[Any] = [None] * len(order)
    for position in reversed(range(len(order))):
        node = order[position]
        if isinstance(node, Terminal):
            built[position] = node
            continue
        new_children = tuple(built[c] for c in children_of[position])
        same = node.infoset == numbers[position] and all(
            new is old for new, old in zip(new_children, node.children)
        )
        built[position] = node if same else replace(node, infoset=numbers[position], children=new_children)
    nodes: tuple[Node, ...] = tuple(built)

    flat = FlatTree(
        kinds=tuple(kinds),
        players=tuple(node_players),
        infosets=tuple(number - 1 for number in numbers),
        children=tuple(tuple(c) for c in children_of),
        probabilities=tuple(node.probabilities if isinstance(node, Chance) else () for node in nodes),
        outcomes=tuple(None if node.outcome is None else node.outcome.payoffs for node in nodes),
        nodes=nodes,
    )
    return nodes[0], flat, tuple(tuple(sets) for sets in infosets)


def _check_same_infoset(located: _Located, position: int, model_position: int) -> None:
    node, model = located.order[position], located.order[model_position]
    assert not isinstance(node, Terminal) and not isinstance(model, Terminal), "information sets hold no terminals"
    where, model_where = located.describe(position), located.describe(model_position)
    whose = "chance" if isinstance(node, Chance) else repr(node.player)
    what = f"information set {node.infoset} of {whose}"
    fix = "give every node of an information set the same actions, label and (chance) probabilities"
    if node.actions != model.actions:
        raise GameError(
            f"{what} has actions {list(node.actions)} at {where} but {list(model.actions)} at {model_where}",
            fix=fix,
        )
    if node.infoset_label != model.infoset_label:
        raise GameError(
            f"{what} is labelled {node.infoset_label!r} at {where} but {model.infoset_label!r} at {model_where}",
            fix=fix,
        )
    if isinstance(node, Chance) and isinstance(model, Chance) and node.probabilities != model.probabilities:
        raise GameError(
            f"{what} has probabilities ({show_numbers(node.probabilities)}) at {where} "
            f"but ({show_numbers(model.probabilities)}) at {model_where}",
            fix=fix,
        )
