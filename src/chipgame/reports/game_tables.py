"""A game and its equilibria as report tables: payoff matrices with best responses marked, and
one row per equilibrium.

The report and the notebook display build on these, so both show a game the same way.

Examples
--------
>>> from chipgame.games import Game
>>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
>>> [table.caption for table in matrix_tables(pd)]
['Row (rows) and Column (columns)']
>>> matrix_tables(pd)[0].rows[1]
('D', Strong(text='5*, 0'), Strong(text='1*, 1*'))
"""

from __future__ import annotations

import itertools

from ..games import Game
from ..solvers import Solution
from .best_responses import best_response_sentence, best_responses, diagram_players
from .document import Block, Cell, Figure, Paragraph, Strong, Table
from .numbers import format_amount
from .text import describe_mix

__all__ = ["MATRIX_NOTE", "equilibrium_blocks", "matrix_table", "matrix_tables", "best_response_blocks"]

MATRIX_NOTE = ("Bold with * marks a best response: the row player's best strategy against that column, or the "
               "column player's best against that row. Shaded cells are pure equilibria (both best responses).")
"""How to read the marks of ``matrix_table``."""


def matrix_tables(game: Game, limit: int | None = None) -> list[Table]:
    """The payoff matrices of ``game``: one for two players; for more, one per profile of the
    players after the second (the first ``limit`` of them when a limit is given)."""
    tables = []
    for fixed in itertools.islice(itertools.product(*(range(n) for n in game.shape[2:])), limit):
        caption = f"{game.players[0]} (rows) and {game.players[1]} (columns)"
        if fixed:
            caption += ", with " + ", ".join(f"{game.players[2 + k]} playing {game.strategies[2 + k][i]}"
                                             for k, i in enumerate(fixed))
        tables.append(matrix_table(game, fixed, caption))
    return tables


def matrix_table(game: Game, fixed: tuple[int, ...], caption: str) -> Table:
    """Rows: the first player's strategies; columns: the second's; the other players' strategies
    fixed at ``fixed``. Every player's payoff in each cell, ``*`` and bold on the first two
    players' best responses, shaded where every player best-responds (a pure equilibrium)."""
    rows, shaded = [], set()
    for i, label in enumerate(game.strategies[0]):
        cells: list[Cell] = [label]
        for j in range(game.shape[1]):
            payoff = game.payoff((i, j, *fixed))
            best = [payoff[0] == max(game.payoff((k, j, *fixed))[0] for k in range(game.shape[0])),
                    payoff[1] == max(game.payoff((i, k, *fixed))[1] for k in range(game.shape[1]))]
            others = all(payoff[p] == max(game.payoff(tuple(k if q == p else index for q, index in
                                                            enumerate((i, j, *fixed))))[p]
                                          for k in range(game.shape[p])) for p in range(2, game.n_players))
            text = ", ".join(format_amount(v) + ("*" if p < 2 and best[p] else "") for p, v in enumerate(payoff))
            cells.append(Strong(text) if any(best) else text)
            if all(best) and others:
                shaded.add((i, j + 1))
        rows.append(tuple(cells))
    header = (f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1])
    return Table(header, tuple(rows), caption=caption, shaded=frozenset(shaded))


def equilibrium_blocks(solution: Solution, where: str = "") -> list[Block]:
    """A table of the equilibria (kind, each player's mix, each player's payoff), captioned
    ``Nash equilibria{where}: {count}``, then a note on degeneracy and the solver's notes.

    Examples
    --------
    >>> from chipgame.games import Game
    >>> from chipgame.solvers import solve
    >>> pennies = Game(("Even", "Odd"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> table = equilibrium_blocks(solve(pennies))[0]
    >>> table.header, table.rows
    (('#', 'kind', 'Even', 'Odd', 'payoff Even', 'payoff Odd'),
     (('1', 'mixed', 'H 0.5 · T 0.5', 'H 0.5 · T 0.5', '0', '0'),))
    """
    players = solution.game.players
    rows = tuple((str(k), "pure" if eq.is_pure else "mixed",
                  *(describe_mix(labels, mix) for labels, mix in zip(eq.strategies, eq.profile)),
                  *(format_amount(v) for v in eq.payoffs))
                 for k, eq in enumerate(solution.equilibria, start=1))
    blocks: list[Block] = [Table(("#", "kind", *players, *(f"payoff {p}" for p in players)), rows,
                                 caption=f"Nash equilibria{where}: {len(solution.equilibria)}"
                                         + ("" if solution.complete else
                                            " (the method does not prove the list complete)"))]
    if solution.degenerate:
        blocks.append(Paragraph("The game is degenerate (payoffs tie): the equilibria listed are the extreme points, "
                                "and mixtures of equilibria in one convex set are equilibria too."))
    blocks += [Paragraph(note) for note in solution.notes]
    return blocks


def best_response_blocks(game: Game) -> list[Block]:
    """The best-response diagram of a two-player game where a player faces two strategies (none
    otherwise): the figure and each best response in words.

    Examples
    --------
    >>> pennies = Game(("Even", "Odd"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [type(block).__name__ for block in best_response_blocks(pennies)]
    ['Figure', 'Paragraph', 'Paragraph']
    """
    diagrams = [best_responses(game, player) for player in diagram_players(game)]
    if not diagrams:
        return []
    names = " and ".join(game.players[d.player] for d in diagrams)
    from .figures import best_response_figure  # matplotlib, imported when a figure is drawn

    return [Figure("best-responses", best_response_figure(game, diagrams),
                   f"Best responses of {names}: each strategy's payoff against the other's mix, the best "
                   "response thick; where it switches, the other player's mix that makes it indifferent."),
            *(Paragraph(best_response_sentence(game, d)) for d in diagrams)]
