"""The nodes of a game tree: outcomes, terminals, chance moves and decisions, immutable and checked when built."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameError
from .normal_form import Number, _check_labels, to_number

__all__ = ["Chance", "Decision", "InformationSet", "Node", "Outcome", "Terminal", "check_text", "show_numbers"]


def check_text(what: str, value: Any) -> str:
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
        check_text("the label of an outcome", self.label)


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
        check_text("the label of a terminal node", self.label)
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
            raise GameError(f"{where} has a negative probability: {show_numbers(probabilities)}",
                            fix="give probabilities between 0 and 1")
        if sum(probabilities) != 1:
            raise GameError(
                f"the probabilities of {where} sum to {sum(probabilities)}, not 1: {show_numbers(probabilities)}",
                fix="make them sum to exactly 1 (write thirds as Fraction(1, 3), not 0.333)",
            )
        object.__setattr__(self, "probabilities", probabilities)
        _finish_inner_node(self, where, actions, "a chance node")

    def _key(self) -> tuple[object, ...]:
        return (self.actions, self.probabilities, self.infoset, self.infoset_label, self.label, self.outcome)

    def __repr__(self) -> str:
        return (f"Chance(actions={self.actions!r}, probabilities=({show_numbers(self.probabilities)}), "
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
    check_text("an information set label", node.infoset_label)
    check_text(f"the label of {kind}", node.label)
    object.__setattr__(node, "outcome", _as_outcome(node.outcome))
    node._set_hash()


def show_numbers(numbers: Sequence[Number]) -> str:
    return ", ".join(str(v) for v in numbers)


@dataclass(frozen=True)
class InformationSet:
    """One information set of a player: its number (from 1), label and actions."""

    player: str
    number: int
    label: str
    actions: tuple[str, ...]
