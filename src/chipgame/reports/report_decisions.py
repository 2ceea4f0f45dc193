"""The report's decisions: each parameter a player chooses before the game, what moves it, the choice
made against a belief, and the bargain over a parameter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..payoffs import Scenario
from ..payoffs.choices import Types
from ..sensitivity.bargaining import nash_bargaining
from ..sensitivity.bayesian import decision_against_belief, type_agent_model
from ..sensitivity.decision_drivers import decision_drivers
from ..sensitivity.decisions import best_decision
from .bargain_output import bargain_sentences
from .decision_words import decision_sentences, format_value
from .document import Block, Heading, Paragraph, Table
from .numbers import format_number
from .report_sensitivity import regime_label

__all__ = ["decision_section"]


def decision_section(scenario: Scenario, overrides: Mapping[str, Any]) -> tuple[list[Block], list[str]]:
    """Each declared decision: its best value, the payoffs under each tie convention, the
    thresholds the owner plays against, the parameters that move it and, with types, the
    decision made against the belief; and the bargain over a parameter, when the scenario
    declares one. A subsection of the equilibria; nothing when the scenario declares none.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> decision_section(load_scenario("prisoners-dilemma"), {})
    ([], [])
    """
    model, players = scenario.model, scenario.model.players
    blocks: list[Block] = []
    reading: list[str] = []
    for declared in scenario.decisions:
        decision = best_decision(model, declared.parameter, declared.player, overrides)
        drivers = decision_drivers(model, decision, overrides)
        sentences = decision_sentences(decision, players, drivers)
        rows = tuple((convention, format_value(outcome.value), "yes" if outcome.attained else
                      f"approached from {outcome.side}", format_value(outcome.payoff),
                      regime_label(players, (outcome.response,)))
                     for convention, outcome in (("ties in its favour", decision.best),
                                                 ("that tie against it", decision.against),
                                                 ("every tie against it", decision.cautious)))
        blocks += [Heading(f"Decision: {declared.player} chooses {declared.parameter}", 4),
                   Paragraph(" ".join(sentences)),
                   Table(("convention", declared.parameter, "attained", f"payoff {declared.player}",
                          "game played"), rows,
                         caption=f"{declared.player}'s best {declared.parameter} in "
                                 f"{format_number(decision.interval[0])} to {format_number(decision.interval[1])}, "
                                 "chosen before the game is played")]
        if drivers:
            blocks.append(Table(("parameter", f"d {declared.parameter} / d parameter", "elasticity"),
                                tuple((d.parameter, format_value(d.slope),
                                       "" if d.elasticity is None else f"{d.elasticity:+.3g}") for d in drivers),
                                caption=f"What moves the best {declared.parameter}: its slope in each parameter "
                                        "at the values above, exact"))
        reading.append(sentences[0])
        types = scenario.types
        if types is not None and types.player != declared.player:
            believed = decision_against_belief(model, types, declared.parameter, declared.player,
                                               overrides)
            agents = type_agent_model(model, types).players
            blocks.append(Paragraph(f"Not knowing {types.parameter} (only {types.player} does), against the "
                                    f"belief {_belief(types)}: " + " ".join(decision_sentences(believed, agents))))
    if scenario.bargaining is not None:
        sentences = bargain_sentences(nash_bargaining(model, scenario.bargaining, overrides))
        blocks += [Heading(f"Bargaining over {scenario.bargaining.parameter}", 4),
                   Paragraph(" ".join(sentences))]
        reading.append(sentences[-1])
    return ([Heading("Decisions", 3), *blocks] if blocks else []), reading


def _belief(types: Types) -> str:
    """A belief in words: ``0.3 (probability 0.25), 0.5 (0.5)``."""
    return ", ".join(f"{format_number(v)} ({'probability ' if k == 0 else ''}{format_number(p)})"
                     for k, (v, p) in enumerate(zip(types.values, types.probabilities)))

