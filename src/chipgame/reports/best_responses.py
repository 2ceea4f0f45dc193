"""Best-response diagrams: a player's payoff from each of its strategies against the other's mix
of two strategies, and the upper envelope that is its best response, exactly.

For a two-player game in which the opponent has two strategies, each of the player's strategies
pays a straight line of ``q``, the probability of the opponent's first strategy; the best
response is the upper envelope of these lines, and it switches where two of them cross. The
classroom picture of a mixed equilibrium: the opponent's equilibrium mix sits where the player's
best response switches.

Examples
--------
>>> from fractions import Fraction
>>> from chipgame.games import Game
>>> chicken = Game(("Driver 1", "Driver 2"), (("Straight", "Swerve"), ("Straight", "Swerve")),
...                [[[-2, -2], [2, 0]], [[0, 2], [1, 1]]])
>>> diagram = best_responses(chicken, 0)
>>> [(str(low), str(high), best) for low, high, best in diagram.pieces]
[('0', '1/3', (0,)), ('1/3', '1', (1,))]
>>> print(best_response_sentence(chicken, diagram))  # doctest: +NORMALIZE_WHITESPACE
Against Driver 2 playing Straight with probability q, Driver 1 does best with Straight for q < 1/3
and with Swerve for q > 1/3; at q = 1/3 both pay the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..games import Game, Number
from .numbers import format_number

__all__ = ["BestResponses", "best_responses", "best_response_sentence", "best_response_chart", "diagram_players"]

MAX_LINES = 12
"""Most strategies a diagram draws (a wider game is not shown as a diagram)."""


@dataclass(frozen=True)
class BestResponses:
    """One player's payoff lines against the other's two-strategy mix, and their upper envelope.

    Parameters
    ----------
    player, opponent
        Player numbers; the opponent has two strategies, and ``q`` is the probability of its first.
    lines
        For each of the player's strategies, its payoff at ``q = 0`` and at ``q = 1``.
    pieces
        The open stretches of ``[0, 1]`` between switches, as ``(low, high, best)``: the
        strategies (numbers) that are best all through the stretch.
    switches
        The values of ``q`` strictly between 0 and 1 where the best response changes, each with the
        strategies that are best there.
    """

    player: int
    opponent: int
    lines: tuple[tuple[Number, Number], ...]
    pieces: tuple[tuple[Number, Number, tuple[int, ...]], ...]
    switches: tuple[tuple[Number, tuple[int, ...]], ...]

    def payoff(self, strategy: int, q: Number) -> Number:
        """The payoff of ``strategy`` against the opponent's first strategy with probability ``q``."""
        return _on_line(self.lines[strategy], q)


def diagram_players(game: Game) -> tuple[int, ...]:
    """The players a best-response diagram can show: in a two-player game, those whose opponent has
    exactly two strategies and who have at most ``MAX_LINES`` strategies.

    Examples
    --------
    >>> three_by_two = Game(("A", "B"), (("x", "y", "z"), ("l", "r")),
    ...                     [[[1, 0], [0, 1]], [[0, 0], [1, 1]], [[2, 2], [0, 0]]])
    >>> diagram_players(three_by_two)
    (0,)
    """
    if game.n_players != 2:
        return ()
    return tuple(player for player in (0, 1)
                 if game.shape[1 - player] == 2 and game.shape[player] <= MAX_LINES)


def best_responses(game: Game, player: int) -> BestResponses:
    """The payoff lines and best response of ``player`` against the opponent's mix (see the module).

    Raises
    ------
    ValueError
        When ``player`` is not one of ``diagram_players(game)``.
    """
    if player not in diagram_players(game):
        raise ValueError(f"no best-response diagram for player {player} of a game of shape {game.shape}")
    opponent = 1 - player
    payoffs = game.payoff_array(player) if player == 0 else game.payoff_array(player).T
    lines = tuple((payoffs[s, 1], payoffs[s, 0]) for s in range(payoffs.shape[0]))
    crossings = set()
    for s, t in itertools.combinations(range(len(lines)), 2):
        slope = (lines[s][1] - lines[s][0]) - (lines[t][1] - lines[t][0])
        if slope != 0:
            q = (lines[t][0] - lines[s][0]) / slope
            if 0 < q < 1:
                crossings.add(q)
    points: list[Number] = [Fraction(0), *sorted(crossings), Fraction(1)]
    pieces: list[tuple[Number, Number, tuple[int, ...]]] = []
    for low, high in zip(points, points[1:]):
        best = _best(lines, (low + high) / 2)
        if pieces and pieces[-1][2] == best:
            pieces[-1] = (pieces[-1][0], high, best)
        else:
            pieces.append((low, high, best))
    switches = tuple((low, _best(lines, low)) for low, _, _ in pieces[1:])
    return BestResponses(player, opponent, lines, tuple(pieces), switches)


def _on_line(line: tuple[Number, Number], q: Number) -> Number:
    """A payoff line's value at ``q``, from its values at 0 and at 1."""
    at_zero, at_one = line
    return at_zero + (at_one - at_zero) * q


def _best(lines: Sequence[tuple[Number, Number]], q: Number) -> tuple[int, ...]:
    """The strategies whose lines are highest at ``q``."""
    values = [_on_line(line, q) for line in lines]
    top = max(values)
    return tuple(s for s, value in enumerate(values) if value == top)


def best_response_sentence(game: Game, diagram: BestResponses) -> str:
    """The best response in words, with the switches exact."""
    own, other = game.strategies[diagram.player], game.strategies[diagram.opponent]
    parts = []
    for k, (low, high, best) in enumerate(diagram.pieces):
        where = _stretch(low, high, first=k == 0, last=k == len(diagram.pieces) - 1)
        parts.append(f"with {_names(own, best)}{where}")
    switches = "".join(f"; at q = {format_number(q)} {_tie(own, best)}" for q, best in diagram.switches)
    return (f"Against {game.players[diagram.opponent]} playing {other[0]} with probability q, "
            f"{game.players[diagram.player]} does best " + " and ".join(parts) + switches + ".")


def _stretch(low: Number, high: Number, first: bool, last: bool) -> str:
    if first and last:
        return " whatever q is"
    if first:
        return f" for q < {format_number(high)}"
    if last:
        return f" for q > {format_number(low)}"
    return f" for {format_number(low)} < q < {format_number(high)}"


def _names(labels: Sequence[str], strategies: Sequence[int]) -> str:
    return " or ".join(labels[s] for s in strategies)


def _tie(labels: Sequence[str], strategies: Sequence[int]) -> str:
    names = [labels[s] for s in strategies]
    return "both pay the same" if len(names) == 2 else f"{', '.join(names)} pay the same"


def best_response_chart(game: Game, diagram: BestResponses, width: int = 41, height: int = 11) -> list[str]:
    """The diagram as lines of text: each strategy's payoff line in its lower-case key letter, the
    best response over it in upper case, ``q`` from 0 (left) to 1 (right), switches marked ``^``.

    Examples
    --------
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> print("\\n".join(best_response_chart(pennies, best_responses(pennies, 0), width=11, height=5)))
     1 |BB       AA
       |  BB   AA
       |    BAA
       |  aa   bb
    -1 |aa       bb
       +-----^-----
        q=0     q=1
       a = H, b = T
    """
    columns = [Fraction(c, width - 1) for c in range(width)]
    values = [[diagram.payoff(s, q) for q in columns] for s in range(len(diagram.lines))]
    best = [_best(diagram.lines, q) for q in columns]
    top, bottom = max(max(v) for v in values), min(min(v) for v in values)
    span = (top - bottom) or 1
    grid = [[" "] * width for _ in range(height)]
    keys = "abcdefghijklmnopqrstuvwxyz"
    for s, row_values in enumerate(values):
        for c, value in enumerate(row_values):
            r = round((top - value) / span * (height - 1))
            if grid[r][c] == " " or grid[r][c].islower():
                grid[r][c] = keys[s].upper() if s in best[c] else keys[s]
    left = [format_number(top), *[""] * (height - 2), format_number(bottom)]
    pad = max(len(text) for text in left)
    axis = [" "] * width
    for q, _ in diagram.switches:
        axis[round(q * (width - 1))] = "^"
    legend = ", ".join(f"{keys[s]} = {label}" for s, label in enumerate(game.strategies[diagram.player]))
    return ([f"{text:>{pad}} |" + "".join(row).rstrip() for text, row in zip(left, grid)]
            + [" " * pad + " +" + "".join(axis).replace(" ", "-"),
               " " * (pad + 2) + "q=0" + " " * (width - 6) + "q=1",
               " " * pad + " " + legend])
