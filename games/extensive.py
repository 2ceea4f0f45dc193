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

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, cast

import numpy as np

from ..errors import GameError
from .normal_form import Game, Number, _check_labels, to_number

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

MAX_PROFILES = 100_000
"""The largest normal form :meth:`ExtensiveGame.to_normal_form` builds, in pure profiles."""

MAX_NORMAL_FORM_STEPS = 5_000_000
"""The most node visits :meth:`ExtensiveGame.to_normal_form` spends (profiles times the nodes
a pure profile reaches, plus the enumeration of reduced strategies)."""

NO_MOVE = "*"
"""In a strategy label, the entry of an information set the strategy never reaches (reduced
normal form), and the whole label of a player who never moves."""

STRATEGY_SEPARATOR = "/"
"""Joins a strategy's actions, one per information set, into its label."""


def _check_text(what: str, value: Any) -> str:
    if not isinstance(value, str):
        raise GameError(f"{what} must be text, not {value!r}")
    return value


def _check_actions(where: str, actions: Sequence[str]) -> tuple[str, ...]:
    if isinstance(actions, str):
        raise GameError(f"the actions of {where} must be a list of names, not the string {actions!r}")
    return _check_labels(f"the actions of {where}", tuple(actions))


def _check_infoset(where: str, infoset: Any) -> int | None:
    if infoset is None:
        return None
    if isinstance(infoset, bool) or not isinstance(infoset, (int, np.integer)) or infoset < 1:
        raise GameError(
            f"the information set of {where} must be a whole number from 1, not {infoset!r}",
            fix="number information sets 1, 2, ... per player, or leave it out for a set of its own",
        )
    return int(infoset)


def _check_children(where: str, actions: tuple[str, ...], children: Sequence[Any]) -> tuple[Node, ...]:
    children = tuple(children)
    if len(children) != len(actions):
        raise GameError(
            f"{where} has {len(actions)} actions but {len(children)} children",
            fix="give one child node per action, in the order of the actions",
        )
    for child in children:
        if not isinstance(child, (Terminal, Chance, Decision)):
            raise GameError(
                f"a child of {where} is {child!r}, not a node",
                fix="build children from Terminal, Chance and Decision",
            )
    return children


def _as_outcome(value: Any) -> Outcome | None:
    if value is None or isinstance(value, Outcome):
        return value
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise GameError(
            f"an outcome must be an Outcome or a list of payoffs, not {value!r}",
            fix="write Outcome((1, -1), 'label') or (1, -1)",
        )
    return Outcome(tuple(value))


def _exact_probability(value: Any) -> Fraction:
    """A chance probability as an exact Fraction; a float is read by its shortest decimal text."""
    number = to_number(value)
    if isinstance(number, float):
        return Fraction(repr(number))
    return number


@dataclass(frozen=True)
class Outcome:
    """Payoffs paid when play passes a node, one per player, with an optional label.

    Examples
    --------
    >>> Outcome((2, -2), "Win Big").payoffs
    (Fraction(2, 1), Fraction(-2, 1))
    """

    payoffs: tuple[Number, ...]
    label: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.payoffs, (str, bytes)) or not isinstance(self.payoffs, Sequence):
            raise GameError(f"the payoffs of an outcome must be a list of numbers, not {self.payoffs!r}")
        payoffs = tuple(to_number(v) for v in self.payoffs)
        if not payoffs:
            raise GameError("an outcome has no payoffs", fix="give one payoff per player")
        object.__setattr__(self, "payoffs", payoffs)
        _check_text("the label of an outcome", self.label)


class _NodeBase:
    """Shared by the three node kinds: a hash computed once from the children's hashes, and an
    equality test that walks both trees with a stack (no recursion, so deep trees compare)."""

    _hash: int
    children: tuple[Node, ...] = ()

    def _key(self) -> tuple[object, ...]:
        raise NotImplementedError

    def _set_hash(self) -> None:
        key = (type(self).__name__, self._key(), tuple(child._hash for child in self.children))
        object.__setattr__(self, "_hash", hash(key))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _NodeBase):
            return NotImplemented
        stack: list[tuple[_NodeBase, _NodeBase]] = [(self, other)]
        while stack:
            left, right = stack.pop()
            if left is right:
                continue
            if (
                type(left) is not type(right)
                or left._hash != right._hash
                or left._key() != right._key()
                or len(left.children) != len(right.children)
            ):
                return False
            stack.extend(zip(left.children, right.children))
        return True


@dataclass(frozen=True, eq=False, repr=False)
class Terminal(_NodeBase):
    """The end of play.

    Parameters
    ----------
    outcome
        What every player is paid here: an :class:`Outcome`, or a list of payoffs (one per
        player), or None for nothing (all zero).
    label
        The node's name (may be blank).

    Examples
    --------
    >>> Terminal((1, -1)).outcome
    Outcome(payoffs=(Fraction(1, 1), Fraction(-1, 1)), label='')
    """

    outcome: Outcome | None = None
    label: str = ""
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", _as_outcome(self.outcome))
        _check_text("the label of a terminal node", self.label)
        self._set_hash()

    def _key(self) -> tuple[object, ...]:
        return (self.label, self.outcome)

    def __repr__(self) -> str:
        payoffs = None if self.outcome is None else self.outcome.payoffs
        return f"Terminal(payoffs={payoffs!r}, label={self.label!r})"


@dataclass(frozen=True, eq=False, repr=False)
class Chance(_NodeBase):
    """A move of nature: action ``k`` happens with probability ``probabilities[k]``.

    Parameters
    ----------
    actions
        Distinct, non-blank action names.
    probabilities
        One exact probability per action, non-negative, summing to exactly 1. Ints and
        Fractions are kept; a float is read by its shortest decimal text (``0.25`` is 1/4),
        so thirds must be given as ``Fraction(1, 3)``.
    children
        One node per action, in the same order.
    infoset
        Chance nodes sharing a number (from 1) must have the same actions and probabilities.
        None (the default) gives the node a set of its own.
    infoset_label, label
        Names of the information set and of the node (may be blank).
    outcome
        Payoffs paid when play passes this node (an :class:`Outcome`, a list, or None).

    Examples
    --------
    >>> Chance(("Red", "Black"), (Fraction(1, 2), 0.5), (Terminal(), Terminal())).probabilities
    (Fraction(1, 2), Fraction(1, 2))
    """

    actions: tuple[str, ...]
    probabilities: tuple[Fraction, ...]
    children: tuple[Node, ...]
    infoset: int | None = None
    infoset_label: str = ""
    label: str = ""
    outcome: Outcome | None = None
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        where = "a chance node"
        actions = _check_actions(where, self.actions)
        if isinstance(self.probabilities, (str, bytes)) or not isinstance(self.probabilities, Sequence):
            raise GameError(f"the probabilities of {where} must be a list of numbers, not {self.probabilities!r}")
        probabilities = tuple(_exact_probability(p) for p in self.probabilities)
        if len(probabilities) != len(actions):
            raise GameError(
                f"{where} has {len(actions)} actions but {len(probabilities)} probabilities",
                fix="give one probability per action",
            )
        if any(p < 0 for p in probabilities):
            raise GameError(f"{where} has a negative probability: {_show(probabilities)}",
                            fix="give probabilities between 0 and 1")
        if sum(probabilities) != 1:
            raise GameError(
                f"the probabilities of {where} sum to {sum(probabilities)}, not 1: {_show(probabilities)}",
                fix="make them sum to exactly 1 (write thirds as Fraction(1, 3), not 0.333)",
            )
        object.__setattr__(self, "probabilities", probabilities)
        _finish_inner_node(self, where, actions, "a chance node")

    def _key(self) -> tuple[object, ...]:
        return (self.actions, self.probabilities, self.infoset, self.infoset_label, self.label, self.outcome)

    def __repr__(self) -> str:
        return (f"Chance(actions={self.actions!r}, probabilities=({_show(self.probabilities)}), "
                f"infoset={self.infoset!r}, label={self.label!r})")


@dataclass(frozen=True, eq=False, repr=False)
class Decision(_NodeBase):
    """A move of ``player``, who picks one of ``actions``.

    Parameters
    ----------
    player
        The name of the player who moves (one of the game's players).
    actions
        Distinct, non-blank action names.
    children
        One node per action, in the same order.
    infoset
        The information set, a number from 1 per player: nodes of one player with the same
        number cannot be told apart, and must offer the same actions and carry the same
        ``infoset_label``. None (the default) gives the node a set of its own (the player
        knows exactly where it is).
    infoset_label, label
        Names of the information set and of the node (may be blank).
    outcome
        Payoffs paid when play passes this node (an :class:`Outcome`, a list, or None).

    Examples
    --------
    >>> node = Decision("Bob", ("Meet", "Pass"), (Terminal((-2, 2)), Terminal((1, -1))), infoset=1)
    >>> node.player, node.actions, node.infoset
    ('Bob', ('Meet', 'Pass'), 1)
    """

    player: str
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    infoset: int | None = None
    infoset_label: str = ""
    label: str = ""
    outcome: Outcome | None = None
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        if not isinstance(self.player, str) or not self.player.strip():
            raise GameError(f"a decision node names the player {self.player!r}", fix="name one of the game's players")
        where = f"a decision node of {self.player!r}"
        _finish_inner_node(self, where, _check_actions(where, self.actions), "a decision node")

    def _key(self) -> tuple[object, ...]:
        return (self.player, self.actions, self.infoset, self.infoset_label, self.label, self.outcome)

    def __repr__(self) -> str:
        return (f"Decision(player={self.player!r}, actions={self.actions!r}, "
                f"infoset={self.infoset!r}, label={self.label!r})")


Node = Terminal | Chance | Decision
"""A node of a game tree."""


def _finish_inner_node(node: Chance | Decision, where: str, actions: tuple[str, ...], kind: str) -> None:
    """Check and store what chance and decision nodes share: actions, children, information set,
    labels and outcome; then compute the node's hash."""
    object.__setattr__(node, "actions", actions)
    object.__setattr__(node, "children", _check_children(where, actions, node.children))
    object.__setattr__(node, "infoset", _check_infoset(where, node.infoset))
    _check_text("an information set label", node.infoset_label)
    _check_text(f"the label of {kind}", node.label)
    object.__setattr__(node, "outcome", _as_outcome(node.outcome))
    node._set_hash()


def _show(numbers: Sequence[Number]) -> str:
    return ", ".join(str(v) for v in numbers)


@dataclass(frozen=True)
class InformationSet:
    """One information set of a player: its number (from 1), label and actions."""

    player: str
    number: int
    label: str
    actions: tuple[str, ...]


_TERMINAL, _CHANCE, _DECISION = 0, 1, 2


@dataclass(frozen=True)
class _Flat:
    """The tree as arrays indexed by node position in prefix order (each occurrence counted)."""

    kinds: tuple[int, ...]
    players: tuple[int, ...]  # player index at decision nodes, -1 elsewhere
    infosets: tuple[int, ...]  # 0-based infoset index within the player at decision nodes
    children: tuple[tuple[int, ...], ...]
    probabilities: tuple[tuple[Fraction, ...], ...]
    outcomes: tuple[tuple[Number, ...] | None, ...]
    nodes: tuple[Node, ...]


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
    _flat: _Flat = field(init=False, repr=False, compare=False)
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
        object.__setattr__(self, "title", _check_text("the title", self.title))
        object.__setattr__(self, "comment", _check_text("the comment", self.comment))
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
            if kind == _DECISION:
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
        flat = self._flat
        counts = [len(sets) for sets in self._infosets]
        budget = [MAX_NORMAL_FORM_STEPS]
        strategies: list[list[tuple[int, ...]]] = []
        for player in range(self.n_players):
            sizes = [len(infoset.actions) for infoset in self._infosets[player]]
            if reduced:
                strategies.append(_reduced_strategies(flat, player, counts[player], budget))
            else:
                _check_profile_count(self, [len(s) for s in strategies] + [_product(sizes)])
                strategies.append(list(itertools.product(*(range(k) for k in sizes))))
        shape = tuple(len(s) for s in strategies)
        profiles = _check_profile_count(self, shape)
        reach = _max_reach(flat)
        if profiles * reach > budget[0]:
            raise GameError(
                f"computing the normal form would visit about {profiles * reach:,} nodes "
                f"({profiles:,} profiles, up to {reach:,} nodes reached by each), "
                f"more than the {MAX_NORMAL_FORM_STEPS:,} allowed",
                fix="give a smaller tree, or fewer chance moves"
                + ("" if reduced else ", or ask for the reduced normal form"),
            )
        labels = tuple(
            _strategy_labels(self.players[player], self._infosets[player], strategies[player])
            for player in range(self.n_players)
        )
        evaluate = _PayoffWalker(flat, self.n_players)
        payoffs = np.empty((*shape, self.n_players), dtype=object)
        for index in itertools.product(*(range(k) for k in shape)):
            payoffs[index] = evaluate([strategies[player][k] for player, k in enumerate(index)])
        return Game(self.players, labels, payoffs, title=self.title)

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


def _analyse(players: tuple[str, ...], root: Node) -> tuple[Node, _Flat, tuple[tuple[InformationSet, ...], ...]]:
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
            kinds.append(_TERMINAL)
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
            kinds.append(_DECISION)
        else:
            player = -1
            table = chance_numbering
            kinds.append(_CHANCE)
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

    flat = _Flat(
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
            f"{what} has probabilities ({_show(node.probabilities)}) at {where} "
            f"but ({_show(model.probabilities)}) at {model_where}",
            fix=fix,
        )


# --- the normal form -----------------------------------------------------------------------


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
        if total > MAX_PROFILES:
            return MAX_PROFILES + 1
    return total


def _check_profile_count(game: ExtensiveGame, shape: Sequence[int]) -> int:
    total = _product(shape)
    if total > MAX_PROFILES:
        raise GameError(
            f"the normal form of {game.title or 'this tree'!s} has more than {MAX_PROFILES:,} "
            "pure strategy profiles",
            fix="give a smaller tree, or fewer information sets"
            " (the reduced normal form, reduced=True, may be smaller)",
        )
    return total


def _reduced_strategies(flat: _Flat, player: int, n_infosets: int, budget: list[int]) -> list[tuple[int, ...]]:
    """The reduced strategies of ``player``: one action at each information set its own
    choices do not rule out (-1 elsewhere), sorted lexicographically with -1 first."""
    kinds, players, infosets, children = flat.kinds, flat.players, flat.infosets, flat.children
    found: list[tuple[int, ...]] = []
    stack: list[tuple[dict[int, int], list[int]]] = [({}, [0])]
    while stack:
        chosen, pending = stack.pop()
        complete = True
        while pending:
            position = pending.pop()
            budget[0] -= 1
            if budget[0] < 0:
                raise GameError(
                    f"enumerating the reduced strategies takes more than {MAX_NORMAL_FORM_STEPS:,} steps",
                    fix="give a smaller tree",
                )
            if kinds[position] == _DECISION and players[position] == player:
                infoset = infosets[position]
                action = chosen.get(infoset)
                if action is None:
                    for action in reversed(range(len(children[position]))):
                        stack.append(({**chosen, infoset: action}, [*pending, children[position][action]]))
                    complete = False
                    break
                pending.append(children[position][action])
            else:
                pending.extend(children[position])
        if complete:
            found.append(tuple(chosen.get(h, -1) for h in range(n_infosets)))
            if len(found) > MAX_PROFILES:
                raise GameError(
                    f"a player has more than {MAX_PROFILES:,} reduced strategies",
                    fix="give a smaller tree, or fewer information sets",
                )
    return sorted(found)


def _strategy_labels(
    player: str, infosets: Sequence[InformationSet], strategies: Sequence[tuple[int, ...]]
) -> tuple[str, ...]:
    labels = tuple(
        STRATEGY_SEPARATOR.join(
            infoset.actions[action] if action >= 0 else NO_MOVE for infoset, action in zip(infosets, strategy)
        )
        or NO_MOVE
        for strategy in strategies
    )
    if len(set(labels)) != len(labels):
        raise GameError(
            f"two strategies of {player!r} get the same label, because some action labels contain "
            f"{STRATEGY_SEPARATOR!r} or are {NO_MOVE!r}",
            fix=f"rename actions so that none contains {STRATEGY_SEPARATOR!r} or is {NO_MOVE!r}",
        )
    return labels


def _max_reach(flat: _Flat) -> int:
    """The most nodes a pure profile can reach: chance nodes add all children, decisions one."""
    reach = [1] * len(flat.kinds)
    for position in reversed(range(len(flat.kinds))):
        below = [reach[c] for c in flat.children[position]]
        if flat.kinds[position] == _CHANCE:
            reach[position] = 1 + sum(below)
        elif flat.kinds[position] == _DECISION:
            reach[position] = 1 + max(below)
    return reach[0]


class _PayoffWalker:
    """Expected payoffs of pure profiles.

    Each node's outcome is weighted once, up front, by the chance probability of reaching it;
    for exact games the weighted payoffs are scaled to integers over a common denominator, so
    that a profile costs a walk over the nodes it reaches and integer additions only.
    """

    def __init__(self, flat: _Flat, n_players: int) -> None:
        kinds, children = flat.kinds, flat.children
        size = len(kinds)
        reach: list[Fraction] = [Fraction(0)] * size
        reach[0] = Fraction(1)
        live: list[tuple[int, ...]] = []
        for position in range(size):  # prefix order: a parent comes before its children
            if kinds[position] == _CHANCE:
                kept = []
                for child, probability in zip(children[position], flat.probabilities[position]):
                    reach[child] = reach[position] * probability
                    if probability:
                        kept.append(child)
                live.append(tuple(kept))
            else:
                for child in children[position]:
                    reach[child] = reach[position]
                live.append(children[position])
        weighted = [
            None if outcome is None or not reach[position] else tuple(reach[position] * v for v in outcome)
            for position, outcome in enumerate(flat.outcomes)
        ]
        self.exact = all(isinstance(v, Fraction) for values in weighted if values is not None for v in values)
        self.scale = 1
        if self.exact:
            for values in weighted:
                if values is not None:
                    self.scale = math.lcm(self.scale, *(cast(Fraction, v).denominator for v in values))
            scale = self.scale
            weighted = [
                None if values is None else tuple(cast(Fraction, v).numerator * (scale // cast(Fraction, v).denominator)
                                                  for v in values)
                for values in weighted
            ]
        self.weighted = weighted
        self.live = live
        self.flat = flat
        self.n_players = n_players

    def __call__(self, strategies: Sequence[tuple[int, ...]]) -> list[Number]:
        flat, weighted, live = self.flat, self.weighted, self.live
        kinds, players, infosets, children = flat.kinds, flat.players, flat.infosets, flat.children
        totals: list[Any] = [0] * self.n_players
        stack = [0]
        while stack:
            position = stack.pop()
            values = weighted[position]
            if values is not None:
                for k, value in enumerate(values):
                    totals[k] += value
            kind = kinds[position]
            if kind == _DECISION:
                stack.append(children[position][strategies[players[position]][infosets[position]]])
            elif kind == _CHANCE:
                stack.extend(live[position])
        if self.exact:
            return [Fraction(total, self.scale) for total in totals]
        return [float(total) for total in totals]
