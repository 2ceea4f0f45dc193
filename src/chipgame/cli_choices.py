"""What ``chipgame solve`` adds for a scenario that declares decisions or types: each decision
solved (with what moves it, and against the belief when there are types), the Bayesian game of the
types, and their lines for the terminal. Imported only for such a scenario
(``Scenario.declares_choices``): it brings the decision and threshold machinery."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text

from .cli_input import located
from .payoffs import Scenario
from .payoffs.choices import Types
from .reports import format_number, solution_view
from .reports.decision_words import decision_sentences
from .sensitivity.bayesian import decision_against_belief, type_agent_model
from .sensitivity.decision_drivers import Driver, decision_drivers
from .sensitivity.decisions import BestDecision, best_decision
from .solvers import Solution, solve

__all__ = ["Declared", "solve_declared"]


@dataclass(frozen=True)
class Declared:
    """What a scenario declares beyond its game, solved: each decision (and what moves it, and the
    belief it is made against), and the Bayesian game of its types."""

    decisions: tuple[tuple[BestDecision, tuple[Driver, ...], Types | None], ...]
    bayesian: tuple[Types, Solution] | None

    def lines(self, players: tuple[str, ...]) -> list[RenderableType]:
        """The terminal's lines: the Bayesian game's equilibria, then each decision in words."""
        parts: list[RenderableType] = []
        if self.bayesian is not None:
            types, solution = self.bayesian
            described = ", ".join(f"{format_number(v)} with probability {format_number(p)}"
                                  for v, p in zip(types.values, types.probabilities))
            parts += [Text(f"Bayesian game: only {types.player} knows {types.parameter} ({described}); each of its "
                           "types is a player of its own (type-agent form)", style="bold"),
                      solution_view(solution)]
        if self.decisions:
            parts.append(Text("Decisions, each made by its owner before the game is played", style="bold"))
        for decision, drivers, belief in self.decisions:
            if belief is not None:
                parts.append(Text(f"Not knowing {belief.parameter}, against the belief above:", style="italic"))
            shown = players if belief is None or self.bayesian is None else self.bayesian[1].game.players
            parts += [Text(line) for line in decision_sentences(decision, shown, drivers)]
        return parts


def solve_declared(scenario: Scenario, overrides: dict[str, str]) -> Declared:
    """The decisions and types of a scenario that declares some (``Scenario.declares_choices``), solved.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> declared = solve_declared(load_scenario("bytedance-vs-nvidia-margin"), {})
    >>> len(declared.decisions), declared.bayesian is not None
    (2, True)
    """
    types = scenario.types
    decisions: list[tuple[BestDecision, tuple[Driver, ...], Types | None]] = []
    for choice in scenario.decisions:
        decision = located(scenario, best_decision, scenario.model, choice.parameter, choice.player, overrides)
        decisions.append((decision, located(scenario, decision_drivers, scenario.model, decision, overrides), None))
        if types is not None and choice.player != types.player:
            against = located(scenario, decision_against_belief, scenario.model, types, choice.parameter,
                              choice.player, overrides)
            decisions.append((against, (), types))
    bayesian = None
    if types is not None:
        agents = located(scenario, type_agent_model, scenario.model, types)
        bayesian = (types, solve(located(scenario, agents.evaluate, overrides)))
    return Declared(tuple(decisions), bayesian)
