"""Games, solutions and sweeps as HTML in a Jupyter notebook.

The HTML is built from the report's own blocks (payoff matrices with best responses, the
equilibria table, the regime map and path figures), every scenario string escaped. Large games
show as many payoff matrices as fit in ``MAX_CELLS`` cells, and a sweep shows its regimes and a
figure, never every grid point. ``register_html_formatters`` teaches IPython to use these;
``import chipgame`` calls it by itself inside a running IPython (a notebook), and never imports
IPython otherwise.

Examples
--------
>>> from chipgame.games import Game
>>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]],
...           title="Prisoner's <dilemma>")
>>> html = game_html(pd)
>>> "<h3>Prisoner&#x27;s &lt;dilemma&gt;</h3>" in html, '<td class="shaded"><strong>1*, 1*</strong></td>' in html
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..games import Game, Number
from ..sensitivity.sweeps import Sweep
from ..solvers import Solution
from .document import Block, Figure, Heading, Paragraph, Table
from .figures import path_figure, regime_map_figure
from .game_tables import MATRIX_NOTE, best_response_blocks, equilibrium_blocks, matrix_tables
from .html_page import html_blocks
from .numbers import format_number

__all__ = ["MAX_CELLS", "MAX_PATH_POINTS", "MAX_REGIMES", "game_html", "register_html_formatters", "solution_html",
           "sweep_html"]

MAX_CELLS = 400
"""Most payoff cells shown for one game: whole matrices only, as many as fit."""

MAX_REGIMES = 40
"""Most regimes listed for one sweep (the largest; ``Sweep.regimes`` holds them all)."""

MAX_PATH_POINTS = 1001
"""Most grid points drawn in the figure of a one-parameter sweep (evenly spaced among them)."""

_STYLE = ("<style>.chipgame td.shaded { background: #fff3c4; } "
          ".chipgame caption { caption-side: top; text-align: left; font-weight: 600; } "
          ".chipgame figure svg { max-width: 100%; height: auto; }</style>")


def game_html(game: Game) -> str:
    """A game: its title, players and strategies, and payoff matrices with best responses marked."""
    return _html([Heading(game.title or "Untitled game", 3), Paragraph(_players(game)), *_matrices(game)])


def solution_html(solution: Solution) -> str:
    """A solution: the game's payoff matrices, then every equilibrium with exact probabilities
    and payoffs, and the notes on degeneracy and completeness.

    Examples
    --------
    >>> from chipgame.solvers import solve
    >>> pennies = Game(("Even", "Odd"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> "<caption>Nash equilibria: 1</caption>" in solution_html(solve(pennies))
    True
    """
    game = solution.game
    return _html([Heading(game.title or "Untitled game", 3), *_matrices(game), *equilibrium_blocks(solution),
                  *best_response_blocks(game), Paragraph(f"Method: {solution.method}.")])


def sweep_html(result: Sweep) -> str:
    """A sweep: its grid, a figure (the equilibrium path of one parameter, the regime map of two)
    and its regimes with the values each covers.

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter, PayoffModel
    >>> from chipgame.sensitivity import grid_axis, sweep
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
    ...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
    ...      ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
    ...     [Parameter("m", 0.5)])
    >>> html = sweep_html(sweep(model, [grid_axis("m", "1/15", "14/15", 14)]))
    >>> "<svg" in html, "<td>8/15</td>" in html
    (True, True)
    """
    units = {p.name: p.unit for p in result.model.parameters}
    axes = ", ".join(f"{axis.name} from {format_number(axis.values[0])} to {format_number(axis.values[-1])} "
                     f"({len(axis.values)} values)" for axis in result.axes)
    blocks: list[Block] = [
        Heading(result.model.title or "Untitled model", 3),
        Paragraph(f"{len(result):,} grid points: {axes}. Regimes: {len(result.regimes)}. Points solved again "
                  f"exactly, one by one (break-even points): {int(result.exact.sum()):,}.")]
    names = [axis.name for axis in result.axes]
    if len(result.axes) == 1:
        shown = range(0, len(result), math.ceil(len(result) / MAX_PATH_POINTS))
        svg = path_figure(names[0], units.get(names[0], ""), [float(result.axes[0].values[k]) for k in shown],
                          [result.equilibria_at(k) for k in shown], result.model.players, ())
        blocks.append(Figure(f"path-{names[0]}", svg, f"Equilibrium strategies and payoffs as {names[0]} moves."))
    elif len(result.axes) == 2:
        svg, _ = regime_map_figure(result, [units.get(name, "") for name in names])
        blocks.append(Figure(f"regime-map-{names[0]}-{names[1]}", svg,
                             f"Which strategies are played in equilibrium over the grid of {names[0]} and {names[1]}."))
    regimes = sorted(result.regimes, key=lambda regime: -len(regime.points))[:MAX_REGIMES]
    rows = tuple((regime.label, f"{len(regime.points):,}",
                  *(_span(*regime.bounds[name]) for name in names))
                 for regime in sorted(regimes, key=lambda regime: regime.points[0]))
    caption = "Regimes: connected sets of grid points with the same equilibrium strategies"
    if len(result.regimes) > MAX_REGIMES:
        caption += f" (the {MAX_REGIMES} largest of {len(result.regimes)})"
    blocks.append(Table(("regime", "points", *names), rows, caption=caption))
    return _html(blocks)


def register_html_formatters(ipython: Any = None) -> bool:
    """Show games, solutions and sweeps as HTML in ``ipython``, an IPython shell (the running one
    by default); returns False when there is none. ``import chipgame`` calls this by itself when
    it is imported in a running IPython.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from IPython.core.formatters import DisplayFormatter
    >>> shell = SimpleNamespace(display_formatter=DisplayFormatter())
    >>> register_html_formatters(shell)
    True
    >>> data, _ = shell.display_formatter.format(Game(("A", "B"), (("x",), ("y",)), [[[1, 2]]]))
    >>> sorted(data)
    ['text/html', 'text/plain']
    """
    if ipython is None:
        from IPython import get_ipython  # asked for by name: the caller is in IPython

        ipython = get_ipython()
        if ipython is None:
            return False
    formatter = ipython.display_formatter.formatters["text/html"]
    formatter.for_type(Game, game_html)
    formatter.for_type(Solution, solution_html)
    formatter.for_type(Sweep, sweep_html)
    return True


def _html(blocks: Sequence[Block]) -> str:
    return f'<div class="chipgame">{_STYLE}\n{html_blocks(blocks)}\n</div>'


def _span(low: Number, high: Number) -> str:
    return format_number(low) if low == high else f"{format_number(low)} to {format_number(high)}"


def _players(game: Game) -> str:
    kind = "exact fractions" if game.is_exact else "floats"
    return ("; ".join(f"{player} chooses {', '.join(labels)}" for player, labels in zip(game.players, game.strategies))
            + f". Payoffs are {kind}.")


def _matrices(game: Game) -> list[Block]:
    """As many whole payoff matrices as fit in ``MAX_CELLS`` cells, and what was left out."""
    cells = game.shape[0] * game.shape[1]
    if cells > MAX_CELLS:
        return [Paragraph(f"The payoff matrix has {game.shape[0]} x {game.shape[1]} cells, more than the "
                          f"{MAX_CELLS} shown here; Game.payoff(profile) reads any cell.")]
    total = math.prod(game.shape[2:])
    tables = matrix_tables(game, limit=MAX_CELLS // cells)
    blocks: list[Block] = [Paragraph(MATRIX_NOTE), *tables]
    if len(tables) < total:
        blocks.append(Paragraph(f"{len(tables)} of {total} payoff matrices shown, one per profile of "
                                f"{', '.join(game.players[2:])}."))
    return blocks
