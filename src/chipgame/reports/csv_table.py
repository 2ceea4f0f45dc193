"""CSV tables for spreadsheets: one row per grid point and equilibrium, or per threshold."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.sweeps import Sweep
from ..sensitivity.threshold_search import Threshold

__all__ = ["sweep_csv", "thresholds_csv"]


def sweep_csv(result: Sweep) -> str:
    """One row per grid point and equilibrium: the varied values, each probability, each payoff.

    A point with no equilibrium listed (none found) still gets one row, with empty cells.
    """
    model = result.model
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    probability_columns = [f"{player}:{label}" for player, labels in zip(model.players, model.strategies)
                           for label in labels]
    writer.writerow([axis.name for axis in result.axes] + ["exact", "equilibrium", *probability_columns,
                    *(f"payoff:{player}" for player in model.players), "regime"])
    for index, values in enumerate(result.points()):
        at = [float(v) for v in values.values()]
        equilibria = result.equilibria_at(index)
        label = describe_structure(model.players, structure_of(equilibria))
        for number, eq in enumerate(equilibria, start=1):
            probabilities = [float(p) for mix in eq.profile for p in mix]
            writer.writerow([*at, bool(result.exact[index]), number, *probabilities,
                             *(float(v) for v in eq.payoffs), label])
        if not equilibria:
            writer.writerow([*at, bool(result.exact[index]), "", *([""] * len(probability_columns)),
                             *([""] * len(model.players)), label])
    return buffer.getvalue()


def thresholds_csv(parameter: str, found: Sequence[Threshold], players: Sequence[str]) -> str:
    """One row per threshold: its value, exact form, and the structures below, at and above;
    whether it is certified, the exact ends of its enclosure (or of the region not certified)
    and, when it is not certified, why."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["parameter", "value", "exact", "below", "at", "above", "certified", "enclosure_low",
                     "enclosure_high", "why"])
    for t in found:
        low, high = ("", "") if t.enclosure is None else (str(t.enclosure[0]), str(t.enclosure[1]))
        writer.writerow([parameter, t.value, "" if t.exact is None else str(t.exact),
                         describe_structure(players, structure_of(t.below)),
                         "" if t.at is None else describe_structure(players, structure_of(t.at)),
                         describe_structure(players, structure_of(t.above)),
                         "yes" if t.certified else "no", low, high, t.note])
    return buffer.getvalue()
