"""The pure-strategy normal form of a game tree: strategies (reduced or not), their labels, expected payoffs."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np

from ..errors import GameError
from .game_tree import InformationSet, Node
from .normal_form import Game, Number

__all__ = ["CHANCE", "DECISION", "MAX_NORMAL_FORM_STEPS", "MAX_PROFILES", "NO_MOVE", "STRATEGY_SEPARATOR", "TERMINAL",
           "FlatTree", "normal_form"]

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

TERMINAL, CHANCE, DECISION = 0, 1, 2
"""The kinds of node, as ``FlatTree.kinds`` holds them."""


@dataclass(frozen=True)
class FlatTree:
    """The tree as arrays indexed by node position in prefix order (each occurrence counted)."""

    kinds: tuple[int, ...]
    players: tuple[int, ...]  # player index at decision nodes, -1 elsewhere
    infosets: tuple[int, ...]  # 0-based infoset index within the player at decision nodes
    children: tuple[tuple[int, ...], ...]
    probabilities: tuple[tuple[Fraction, ...], ...]
    outcomes: tuple[tuple[Number, ...] | None, ...]
    nodes: tuple[Node, ...]


def normal_form(players: tuple[str, ...], infosets: tuple[tuple[InformationSet, ...], ...], flat_tree: FlatTree,
                title: str, *, reduced: bool = False) -> Game:
    """The normal form of a tree given flat (``ExtensiveGame.to_normal_form`` says what it is)."""
    counts = [len(sets) for sets in infosets]
    budget = [MAX_NORMAL_FORM_STEPS]
    strategies: list[list[tuple[int, ...]]] = []
    for player in range(len(players)):
        sizes = [len(infoset.actions) for infoset in infosets[player]]
        if reduced:
            strategies.append(_reduced_strategies(flat_tree, player, counts[player], budget))
        else:
            _check_profile_count(title, [len(s) for s in strategies] + [_product(sizes)])
            strategies.append(list(itertools.product(*(range(k) for k in sizes))))
    shape = tuple(len(s) for s in strategies)
    profiles = _check_profile_count(title, shape)
    reach = _max_reach(flat_tree)
    if profiles * reach > budget[0]:
        raise GameError(
            f"computing the normal form would visit about {profiles * reach:,} nodes "
            f"({profiles:,} profiles, up to {reach:,} nodes reached by each), "
            f"more than the {MAX_NORMAL_FORM_STEPS:,} allowed",
            fix="give a smaller tree, or fewer chance moves"
            + ("" if reduced else ", or ask for the reduced normal form"),
        )
    labels = tuple(
        _strategy_labels(players[player], infosets[player], strategies[player])
        for player in range(len(players))
    )
    evaluate = _PayoffWalker(flat_tree, len(players))
    payoffs = np.empty((*shape, len(players)), dtype=object)
    for index in itertools.product(*(range(k) for k in shape)):
        payoffs[index] = evaluate([strategies[player][k] for player, k in enumerate(index)])
    return Game(players, labels, payoffs, title=title)


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
        if total > MAX_PROFILES:
            return MAX_PROFILES + 1
    return total


def _check_profile_count(title: str, shape: Sequence[int]) -> int:
    total = _product(shape)
    if total > MAX_PROFILES:
        raise GameError(
            f"the normal form of {title or 'this tree'!s} has more than {MAX_PROFILES:,} "
            "pure strategy profiles",
            fix="give a smaller tree, or fewer information sets"
            " (the reduced normal form, reduced=True, may be smaller)",
        )
    return total


def _reduced_strategies(flat: FlatTree, player: int, n_infosets: int, budget: list[int]) -> list[tuple[int, ...]]:
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
            if kinds[position] == DECISION and players[position] == player:
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


def _max_reach(flat: FlatTree) -> int:
    """The most nodes a pure profile can reach: chance nodes add all children, decisions one."""
    reach = [1] * len(flat.kinds)
    for position in reversed(range(len(flat.kinds))):
        below = [reach[c] for c in flat.children[position]]
        if flat.kinds[position] == CHANCE:
            reach[position] = 1 + sum(below)
        elif flat.kinds[position] == DECISION:
            reach[position] = 1 + max(below)
    return reach[0]


class _PayoffWalker:
    """Expected payoffs of pure profiles.

    Each node's outcome is weighted once, up front, by the chance probability of reaching it;
    for exact games the weighted payoffs are scaled to integers over a common denominator, so
    that a profile costs a walk over the nodes it reaches and integer additions only.
    """

    def __init__(self, flat: FlatTree, n_players: int) -> None:
        kinds, children = flat.kinds, flat.children
        size = len(kinds)
        reach: list[Fraction] = [Fraction(0)] * size
        reach[0] = Fraction(1)
        live: list[tuple[int, ...]] = []
        for position in range(size):  # prefix order: a parent comes before its children
            if kinds[position] == CHANCE:
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
            if kind == DECISION:
                stack.append(children[position][strategies[players[position]][infosets[position]]])
            elif kind == CHANCE:
                stack.extend(live[position])
        if self.exact:
            return [Fraction(total, self.scale) for total in totals]
        return [float(total) for total in totals]
