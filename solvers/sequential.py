"""Subgame-perfect equilibria when the players of a normal-form game move one after another.

A scenario may give an ``order`` of moves, for example ``["ByteDance", "Cambricon"]``: the
players choose their strategies in that order, each seeing every earlier choice (perfect
information), and everybody is paid the normal-form payoffs of the resulting pure profile.
That defines a finite game tree of depth ``n_players``; its subgame-perfect equilibria are
found by backward induction (Kuhn 1953; Selten 1965; see Osborne, *An Introduction to Game
Theory*, 2004, ch. 5).

Ties are kept, not broken arbitrarily: wherever a mover is indifferent, each best choice gives
its own equilibria, and every distinct combination of choices across all histories is one
subgame-perfect equilibrium (a full plan, off the path of play as well as on it).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import SolverError
from ..games import Game, Number
from ..games.immutable import FrozenMapping
from .verification import tolerance

__all__ = ["MAX_PLAN_ENTRIES", "MAX_SUBGAME_PERFECT", "SubgamePerfect", "subgame_perfect_equilibria"]

MAX_SUBGAME_PERFECT = 1000
"""The most subgame-perfect equilibria returned; a game with more raises SolverError."""

MAX_PLAN_ENTRIES = 2_000_000
"""The most plan entries (equilibria times histories) built before SolverError is raised."""

HISTORY_SEPARATOR = ", "
"""Joins the earlier moves of a history into a plan key, as in scenario payoff keys."""


@dataclass(frozen=True)
class SubgamePerfect:
    """One subgame-perfect equilibrium of a game played in a fixed order of moves.

    Parameters
    ----------
    path
        The strategy chosen by each player on the path of play, in *move* order.
    profile
        The same choices in *player* order: the pure profile that is played.
    payoffs
        Each player's payoff at ``profile``, in player order.
    plan
        For every player after the first mover (by name, in move order), its choice after
        every history of earlier moves, including histories off the path of play. A history
        is the earlier movers' strategies joined with ``", "`` in move order, so with order
        ``[A, B, C]``, ``plan["C"]["a1, b2"]`` is C's choice after A chose ``a1`` and B ``b2``.
        The first mover has no entry. Read-only.
    order
        The player names in move order.

    Examples
    --------
    >>> spe = SubgamePerfect(("Bach", "Bach"), ("Bach", "Bach"), (2, 1),
    ...                      {"Bob": {"Bach": "Bach", "Stravinsky": "Stravinsky"}}, ("Ann", "Bob"))
    >>> spe.plan["Bob"]["Stravinsky"]
    'Stravinsky'
    >>> spe.plan["Bob"]["Bach"] = "Stravinsky"
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMapping' object does not support item assignment
    """

    path: tuple[str, ...]
    profile: tuple[str, ...]
    payoffs: tuple[Number, ...]
    plan: Mapping[str, Mapping[str, str]] = field(hash=False)
    order: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", tuple(self.path))
        object.__setattr__(self, "profile", tuple(self.profile))
        object.__setattr__(self, "payoffs", tuple(self.payoffs))
        object.__setattr__(self, "order", tuple(self.order))
        frozen = {player: FrozenMapping(dict(choices)) for player, choices in self.plan.items()}
        object.__setattr__(self, "plan", FrozenMapping(frozen))


class _Plan:
    """A subgame-perfect plan of the subgame after one history, sharing its children's plans.

    ``value`` is the payoff vector it leads to, ``choice`` the mover's strategy index at this
    history (-1 at a leaf) and ``children`` one plan per strategy of the mover.
    """

    __slots__ = ("value", "choice", "children")

    def __init__(self, value: tuple[Number, ...], choice: int, children: tuple[_Plan, ...]) -> None:
        self.value = value
        self.choice = choice
        self.children = children


def subgame_perfect_equilibria(game: Game, order: Sequence[str]) -> tuple[SubgamePerfect, ...]:
    """Every subgame-perfect equilibrium of ``game`` played in ``order``, by backward induction.

    The players move one at a time in ``order``, each seeing all earlier moves, and receive
    the normal-form payoffs of the pure profile chosen. At every history, from the last mover
    back to the first, the mover picks a strategy that maximises its own payoff given the
    plans that follow (Kuhn 1953; Selten 1965; Osborne, *An Introduction to Game Theory*,
    2004, ch. 5). Exact games are compared exactly; float games treat payoffs within
    :func:`~chipgame.solvers.verification.tolerance` of the best as ties.

    Ties give several equilibria: the result holds one :class:`SubgamePerfect` for every
    distinct plan, i.e. every combination of best choices across all histories (including
    histories off the path of play, and taking into account that a tie further down can
    change what an earlier mover prefers). The subgame-perfect outcome need not be a Nash
    equilibrium of the simultaneous-move game: moving first is a commitment.

    Parameters
    ----------
    game
        A normal-form game; its payoffs are paid at the end of play.
    order
        Every player name of ``game`` exactly once, first mover first.

    Returns
    -------
    tuple of SubgamePerfect
        Sorted by the path of play (strategy indices in move order), then by the plan's
        choices, history by history (shorter histories first, each level in lexicographic
        order of strategy indices).

    Raises
    ------
    SolverError
        If ``order`` is not an arrangement of the game's players; if there are more than
        ``MAX_SUBGAME_PERFECT`` (1000) subgame-perfect equilibria (ties everywhere): the
        message says so rather than returning an arbitrary subset; if the plans would need
        more than ``MAX_PLAN_ENTRIES`` entries; or if strategy labels contain ``", "`` in a
        way that makes two histories share a plan key.

    Examples
    --------
    Bach or Stravinsky (Osborne 2004, ch. 2) with Ann moving first: Bob follows her, so
    she gets her favourite concert, although played simultaneously the game has three
    equilibria.

    >>> bos = Game(("Ann", "Bob"), (("Bach", "Stravinsky"), ("Bach", "Stravinsky")),
    ...            [[[2, 1], [0, 0]], [[0, 0], [1, 2]]])
    >>> (spe,) = subgame_perfect_equilibria(bos, ["Ann", "Bob"])
    >>> spe.path, spe.payoffs
    (('Bach', 'Bach'), (Fraction(2, 1), Fraction(1, 1)))
    >>> dict(spe.plan["Bob"])
    {'Bach': 'Bach', 'Stravinsky': 'Stravinsky'}
    >>> subgame_perfect_equilibria(bos, ["Bob", "Ann"])[0].profile
    ('Stravinsky', 'Stravinsky')
    """
    movers = _check_order(game, order)
    n = game.n_players
    sizes = [game.shape[player] for player in movers]
    slack = tolerance(game)

    # Leaves in lexicographic order of histories (strategy indices in move order).
    by_history = np.transpose(game.payoffs, (*movers, n)).reshape(-1, n)
    level: list[list[_Plan]] = [[_Plan(tuple(row), -1, ())] for row in by_history]

    for depth in reversed(range(n)):
        mover, size = movers[depth], sizes[depth]
        above: list[list[_Plan]] = []
        bound = 1  # product of the plan counts at this level: a lower bound on the total
        for start in range(0, len(level), size):
            plans = _best_plans(level[start : start + size], mover, slack)
            if len(plans) > MAX_SUBGAME_PERFECT:
                raise _too_many(game, order)
            bound *= len(plans)
            if bound > MAX_SUBGAME_PERFECT:
                raise _too_many(game, order)
            above.append(plans)
        level = above
    (roots,) = level

    keys = _history_keys(game, movers)
    entries = sum(len(level_keys) for level_keys in keys[1:])
    if len(roots) * entries > MAX_PLAN_ENTRIES:
        raise SolverError(
            f"the {len(roots):,} subgame-perfect equilibria of this game would need "
            f"{len(roots) * entries:,} plan entries, more than the {MAX_PLAN_ENTRIES:,} built",
            fix="use a smaller game, or break ties by perturbing payoffs slightly",
        )
    names = tuple(game.players[player] for player in movers)
    found = [_materialise(game, root, movers, names, keys) for root in roots]
    found.sort(key=lambda pair: pair[0])
    return tuple(equilibrium for _, equilibrium in found)


def _best_plans(children: list[list[_Plan]], mover: int, slack: Number) -> list[_Plan]:
    """Every subgame-perfect plan after one history: each combination of the children's
    plans, with each of the mover's best choices against it."""
    plans: list[_Plan] = []
    for combination in itertools.product(*children):
        values = [child.value[mover] for child in combination]
        best = max(values)
        for choice, value in enumerate(values):
            if best - value <= slack:
                plans.append(_Plan(combination[choice].value, choice, combination))
        if len(plans) > MAX_SUBGAME_PERFECT:
            break  # the caller raises; every combination gives at least one plan
    return plans


def _too_many(game: Game, order: Sequence[str]) -> SolverError:
    return SolverError(
        f"played in the order {list(order)}, the game has more than {MAX_SUBGAME_PERFECT:,} "
        "subgame-perfect equilibria (payoff ties at many histories); none are returned",
        fix="break ties by perturbing payoffs slightly, or study the simultaneous game with solve()",
    )


def _check_order(game: Game, order: Sequence[str]) -> tuple[int, ...]:
    """The player indices in move order; SolverError unless ``order`` arranges the players."""
    example = ", ".join(repr(name) for name in game.players)
    fix = f"list every player of the game exactly once, first mover first, e.g. [{example}]"
    if isinstance(order, (str, bytes)) or not isinstance(order, Sequence):
        raise SolverError(f"the order of moves must be a list of player names, not {order!r}", fix=fix)
    index = {name: k for k, name in enumerate(game.players)}
    seen: set[str] = set()
    movers: list[int] = []
    for name in order:
        if not isinstance(name, str) or name not in index:
            raise SolverError(
                f"the order of moves names {name!r}, which is not a player of this game "
                f"(the players are {example})",
                fix=fix,
            )
        if name in seen:
            raise SolverError(f"the order of moves names {name!r} twice", fix=fix)
        seen.add(name)
        movers.append(index[name])
    missing = [name for name in game.players if name not in seen]
    if missing:
        left_out = ", ".join(repr(name) for name in missing)
        raise SolverError(f"the order of moves leaves out {left_out}", fix=fix)
    return tuple(movers)


def _history_keys(game: Game, movers: Sequence[int]) -> list[list[str]]:
    """For each depth, the plan key of every history of that length, in lexicographic order."""
    keys: list[list[str]] = [[""]]
    for depth in range(1, len(movers)):
        labels = game.strategies[movers[depth - 1]]
        if depth == 1:
            current = list(labels)
        else:
            current = [f"{prefix}{HISTORY_SEPARATOR}{label}" for prefix in keys[-1] for label in labels]
        if len(set(current)) != len(current):
            raise SolverError(
                f"strategy labels containing {HISTORY_SEPARATOR!r} make two histories of "
                f"length {depth} share the plan key; the plan could not tell them apart",
                fix=f"rename strategies so that no label contains {HISTORY_SEPARATOR!r}",
            )
        keys.append(current)
    return keys


def _materialise(
    game: Game,
    root: _Plan,
    movers: Sequence[int],
    names: tuple[str, ...],
    keys: list[list[str]],
) -> tuple[tuple[object, ...], SubgamePerfect]:
    """The equilibrium a root plan describes, and its sort key."""
    path_indices: list[int] = []
    node = root
    while node.children:
        path_indices.append(node.choice)
        node = node.children[node.choice]
    profile_indices = [0] * game.n_players
    for player, choice in zip(movers, path_indices):
        profile_indices[player] = choice
    plan: dict[str, dict[str, str]] = {}
    plan_indices: list[int] = []
    frontier = [root]
    for depth in range(1, len(movers)):
        frontier = [child for node in frontier for child in node.children]
        labels = game.strategies[movers[depth]]
        plan[names[depth]] = {key: labels[node.choice] for key, node in zip(keys[depth], frontier)}
        plan_indices.extend(node.choice for node in frontier)
    path = tuple(game.strategies[player][choice] for player, choice in zip(movers, path_indices))
    profile = tuple(game.strategies[player][choice] for player, choice in enumerate(profile_indices))
    equilibrium = SubgamePerfect(path, profile, root.value, plan, names)
    return (tuple(path_indices), tuple(plan_indices)), equilibrium
