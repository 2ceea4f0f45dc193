"""What the commands read: a scenario or a Gambit file, --set overrides and --vary ranges, errors naming the file."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ChipgameError, ScenarioError
from .games import Game, Number, read_efg, read_nfg
from .payoffs import Parameter, Scenario, load_scenario, parse_value

__all__ = ["Loaded", "load_game", "located", "parse_overrides", "parse_start", "parse_vary"]

MAX_START_ENTRIES = 1_000
"""Most probabilities one ``--start`` may list."""


def parse_overrides(assignments: Sequence[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for assignment in assignments:
        name, sign, value = assignment.partition("=")
        if not sign or not name.strip() or not value.strip():
            raise ScenarioError(f"--set {assignment!r} is not NAME=VALUE", fix="write e.g. --set vendor_margin=0.6")
        overrides[name.strip()] = value.strip()
    return overrides


def parse_start(texts: Sequence[str]) -> list[list[float]] | None:
    """The mixes of ``--start`` (one per player, in order): probabilities separated by commas, each a
    decimal or a fraction; None when none is given. Whether they are distributions, and how many
    a rule needs, is checked where the dynamics run.

    Examples
    --------
    >>> parse_start(["0.9,0.1", "1/3, 2/3"])
    [[0.9, 0.1], [0.3333333333333333, 0.6666666666666666]]
    """
    if not texts:
        return None
    fix = "give one player's probabilities separated by commas, as --start 0.9,0.1 or --start 1/3,2/3, once per player"
    mixes = []
    for text in texts:
        parts = text.split(",")
        if len(parts) > MAX_START_ENTRIES:
            raise ScenarioError(f"--start {text[:40]!r}... lists more than {MAX_START_ENTRIES} probabilities", fix=fix)
        try:
            values = [parse_value(part.strip(), "--start") for part in parts]
        except ChipgameError as error:
            raise ScenarioError(f"--start {text!r}: {error.problem}", fix=fix) from error
        if any(isinstance(value, str) for value in values):
            raise ScenarioError(f"--start {text!r} is not a list of numbers", fix=fix)
        mixes.append([float(value) for value in values])
    return mixes


@dataclass(frozen=True)
class Loaded:
    """What a command needs from its input: the game, where it came from, its move order, and the
    scenario it was read from (None for a Gambit file)."""

    game: Game
    parameters: tuple[Parameter, ...] = ()
    values: Mapping[str, Number] = field(default_factory=dict)
    order: tuple[str, ...] | None = None
    scenario: Scenario | None = None


def load_game(source: str, overrides: dict[str, str]) -> Loaded:
    """The game to solve: a Gambit file (.nfg, or .efg in reduced normal form) or a scenario."""
    path = Path(source)
    if path.suffix.lower() in (".nfg", ".efg"):
        if overrides:
            raise ScenarioError(f"a Gambit {path.suffix} game has no parameters to --set", file=source,
                                fix="drop --set, or use a .toml scenario")
        if path.suffix.lower() == ".nfg":
            return Loaded(read_nfg(path))
        return Loaded(read_efg(path).to_normal_form(reduced=True))
    scenario = load_scenario(source)
    values = located(scenario, scenario.model.values_with, overrides)
    return Loaded(scenario.evaluate(overrides), scenario.parameters, values, scenario.order, scenario)


VARY_FORM = "NAME, NAME=LO:HI or NAME=LO:HI:N"
"""The one grammar of ``--vary`` in every command: the declared range, an interval, or an
interval and a number of evenly spaced values."""


def parse_vary(text: str, *, counted: bool = True) -> tuple[str, str | None, str | None, int | None]:
    """``NAME``, ``NAME=LO:HI`` or ``NAME=LO:HI:N`` into its parts (None where not given).

    ``counted=False`` is for a command that finds every threshold in the interval and so takes
    no number of values: ``N`` is then refused with a line that says so.

    Examples
    --------
    >>> parse_vary("chip_spend"), parse_vary("chip_spend=10:160"), parse_vary("chip_spend=10:160:50")
    (('chip_spend', None, None, None), ('chip_spend', '10', '160', None), ('chip_spend', '10', '160', 50))
    """
    name, sign, spec = text.partition("=")
    parts = spec.split(":") if sign else []
    if not name.strip() or (sign and len(parts) not in (2, 3)):
        raise ScenarioError(f"--vary {text!r} is not {VARY_FORM}", fix="write e.g. --vary chip_spend=10:160:50")
    low, high = (parts[0], parts[1]) if parts else (None, None)
    if len(parts) < 3:
        return name.strip(), low, high, None
    if not counted:
        raise ScenarioError(f"--vary {text!r}: this command finds every threshold between LO and HI, so it takes "
                            "no number of values N", fix=f"write --vary {name.strip()}={parts[0]}:{parts[1]}")
    if not parts[2].strip().isdigit():
        raise ScenarioError(f"--vary {text!r}: the number of points {parts[2]!r} is not a whole number",
                            fix="write e.g. --vary chip_spend=10:160:50")
    return name.strip(), low, high, int(parts[2])


def located(scenario: Scenario, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``function``, naming the scenario's file in any error it raises."""
    try:
        return function(*args, **kwargs)
    except ChipgameError as error:
        raise error.in_file(scenario.source) from None
