"""Best-response diagrams: upper envelopes derived by hand, and the teach command showing them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chipgame.games import Game
from chipgame.reports.best_responses import best_response_sentence, best_responses, diagram_players
from tests.cli.test_cli import run


def test_a_strategy_never_best_is_left_out_of_the_envelope():
    # The row player's lines against q, the column player's chance of l: x pays 3q, y pays 2 - 2q,
    # z pays 1. By hand: y and x cross at q = 2/5, where both pay 6/5 > 1, so z is never best.
    game = Game(("Row", "Column"), (("x", "y", "z"), ("l", "r")),
                [[[3, 0], [0, 0]], [[0, 0], [2, 0]], [[1, 0], [1, 0]]])
    diagram = best_responses(game, 0)
    assert diagram.pieces == ((0, Fraction(2, 5), (1,)), (Fraction(2, 5), 1, (0,)))
    assert diagram.switches == ((Fraction(2, 5), (0, 1)),)
    assert "y for q < 0.4 and with x for q > 0.4; at q = 0.4 both pay" in best_response_sentence(game, diagram)


def test_identical_strategies_are_best_together_and_a_dominant_one_alone():
    # a and b pay the same everywhere (1 - q), c pays 1/2: a and b are best below q = 1/2.
    game = Game(("Row", "Column"), (("a", "b", "c"), ("l", "r")),
                [[[0, 0], [1, 0]], [[0, 0], [1, 0]], [[Fraction(1, 2), 0], [Fraction(1, 2), 0]]])
    diagram = best_responses(game, 0)
    assert diagram.pieces == ((0, Fraction(1, 2), (0, 1)), (Fraction(1, 2), 1, (2,)))
    dominant = Game(("Row", "Column"), (("a", "b"), ("l", "r")), [[[2, 0], [2, 0]], [[1, 0], [0, 0]]])
    assert best_responses(dominant, 0).switches == ()
    assert "whatever q is" in best_response_sentence(dominant, best_responses(dominant, 0))


def test_only_players_against_two_strategies_get_a_diagram():
    game = Game(("Row", "Column"), (("x", "y", "z"), ("l", "r", "s")), [[[0, 0]] * 3] * 3)
    assert diagram_players(game) == ()
    with pytest.raises(ValueError):
        best_responses(game, 0)


@given(st.lists(st.integers(-9, 9), min_size=8, max_size=8), st.fractions(0, 1))
def test_the_envelope_is_the_best_line_everywhere(payoffs, q):
    game = Game(("Row", "Column"), (("a", "b", "c", "d"), ("l", "r")),
                [[[payoffs[2 * s], 0], [payoffs[2 * s + 1], 0]] for s in range(4)])
    diagram = best_responses(game, 0)
    top = max(diagram.payoff(s, q) for s in range(4))
    best = {s for s in range(4) if diagram.payoff(s, q) == top}
    piece = next((b for low, high, b in diagram.pieces if low < q < high), None)
    switch = next((b for at, b in diagram.switches if at == q), None)
    assert best == set(piece if piece is not None and switch is None else switch or best)


def test_teach_draws_the_best_response_of_each_player_in_chicken():
    result = run("teach", "chicken", "--no-pause")
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert words.count("does best with Straight for q < 1/3 and with Swerve for q > 1/3") == 2
    assert "q=0" in result.output and "^" in result.output


def test_the_report_of_a_two_by_two_game_draws_both_best_responses(tmp_path):
    page = tmp_path / "chicken.html"
    result = run("report", "chicken", "-o", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "Best responses of Driver 1 and Driver 2" in text and text.count("<svg") >= 1
    assert text.count("does best with Straight for q &lt; 1/3 and with Swerve for q &gt; 1/3") == 2
