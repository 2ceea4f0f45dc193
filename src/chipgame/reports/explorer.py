"""The explorer: one self-contained HTML page that solves the game live as sliders move.

Every parameter with a range gets a slider. The payoff formulas are compiled to JavaScript
(``javascript_formulas``) and evaluated in the page in exact rational arithmetic on BigInt
(``exact.js``); the game there is solved in the page (``equilibria.js``): every extreme
equilibrium of a two-player game, exactly, and where payoffs tie how they join into components
of whole segments or regions of equilibria, as ``chipgame solve`` gives them; and the pure
equilibria of a larger game (its mixed ones need ``chipgame solve``). Beside the sliders, a
regime map of the parameters of an ``Exploration``, solved in advance, marks where the current
values are. Nothing is fetched: the page works from a file, offline. Scenario text reaches the
page only escaped, as HTML or as JSON whose ``<``, ``>`` and ``&`` are written as ``\\u``
escapes, and never as code: the code holds only what the compiler generates.

Document (``chipgame.explore/2``)
---------------------------------
``scenario``
    The scenario as it was given to ``chipgame explore`` (a seed's name or a file's path), for
    the page's ``chipgame solve`` line; null when not known.
``parameters``
    Every parameter of the model, in the order the compiled formulas read them: ``name``,
    starting ``value`` (exact text such as ``"3/4"``, or a float) and the scenario's own
    ``declared`` value (they differ where ``--set`` gave another).
``sliders``
    One per parameter with a range (the map's first): ``parameter`` (its index in
    ``parameters``), ``name``, ``unit``, ``description``, ``values`` (exact text, or a float:
    an even grid of ``SLIDER_STEPS`` steps, the starting value, and the map's axis for a map
    parameter, the rational thresholds for another), ``start`` (the index the page opens at) and
    ``thresholds``, found with the other parameters at their starting values: a map
    parameter's across the map's interval, another's across its declared range
    (``Exploration.other_thresholds``; none when they were not searched). Each has ``exact``
    text or null, float ``value``, ``index`` in ``values`` or null when between two values,
    ``position``, the fractional index where it is marked on the track, ``certified``, and
    ``why`` it is not certified or null.
``map``
    The regimes solved in advance: ``names`` of its parameters, ``axes`` (one list of values
    per name), ``regimes`` (the distinct labels, see ``describe_structure``), ``points`` (one
    index into ``regimes`` per grid point, first axis slowest) and, with two parameters,
    ``plane``: ``certified`` (every regime of the box has a grid point) and ``why`` not.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> from chipgame.sensitivity import Varied, explore
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
...      ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
...     [Parameter("m", 0.5, range=(0.1, 0.9), unit="fraction of price")], title="Build <or> buy")
>>> exploration = explore(model, [Varied("m", count=5)])
>>> document = explorer_document(exploration)
>>> slider = document["sliders"][0]
>>> len(slider["values"]), slider["values"][slider["start"]], slider["thresholds"][0]["exact"]
(102, '1/2', '8/15')
>>> document["map"]["axes"][0], document["map"]["points"]
(['1/10', '3/10', '1/2', '8/15', '7/10', '9/10'], [0, 0, 0, 1, 2, 2])
>>> page = explorer_page(exploration)
>>> "<title>Build &lt;or&gt; buy · explorer</title>" in page, "Build <or>" in page
(True, False)
"""

from __future__ import annotations

import bisect
import html
import itertools
import json
from collections.abc import Sequence
from fractions import Fraction
from importlib.resources import files
from typing import Any

from ..games import Number
from ..payoffs import Parameter
from ..sensitivity.exploration import Exploration
from ..sensitivity.grid import grid_axis
from ..sensitivity.regimes import describe_structure
from ..sensitivity.threshold_search import Threshold
from .javascript_formulas import javascript_program
from .numbers import exact_text, format_number
from .threshold_words import plane_note, threshold_text

__all__ = ["EXPLORE_SCHEMA", "SLIDER_STEPS", "explorer_document", "explorer_page", "slider_parameters"]

EXPLORE_SCHEMA = "chipgame.explore/2"

SLIDER_STEPS = 100
"""Even steps of a slider across its range (the starting value and thresholds are added)."""

LABEL_GAP = 0.08
"""Least distance between two threshold labels on a track, as a fraction of its length."""

SCRIPTS = ("exact.js", "equilibria.js")
"""The page's scripts before the compiled formulas; ``explorer.js`` comes after them."""


def explorer_document(exploration: Exploration, scenario: str | None = None) -> dict[str, Any]:
    """Everything the page needs but its code (see the module docstring for the keys); ``scenario``
    is the scenario as the user gave it, for the page's ``chipgame solve`` line."""
    model = exploration.model
    return {
        "schema": EXPLORE_SCHEMA,
        "title": model.title,
        "scenario": scenario,
        "players": list(model.players),
        "strategies": [list(labels) for labels in model.strategies],
        "parameters": [{"name": p.name, "value": _value(exploration.base[p.name]), "declared": _value(p.value)}
                       for p in model.parameters],
        "sliders": [_slider(exploration, k, parameter) for k, parameter in slider_parameters(exploration)],
        "map": _map(exploration),
    }


def slider_parameters(exploration: Exploration) -> list[tuple[int, Parameter]]:
    """The parameters that get a slider, with their index: the map's, then the others with a range.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> from chipgame.sensitivity import Varied, explore
    >>> exploration = explore(load_scenario("chicken").model, [Varied("crash_cost", count=5)])
    >>> [parameter.name for _, parameter in slider_parameters(exploration)]
    ['crash_cost', 'prize']
    """
    parameters = exploration.model.parameters
    mapped = [s.name for s in exploration.sliders]
    order = [k for name in mapped for k, p in enumerate(parameters) if p.name == name]
    order += [k for k, p in enumerate(parameters) if p.range is not None and p.name not in mapped]
    return [(k, parameters[k]) for k in order]


def _slider(exploration: Exploration, index: int, parameter: Parameter) -> dict[str, Any]:
    mapped = next((s for s in exploration.sliders if s.name == parameter.name), None)
    start = exploration.base[parameter.name]
    found = _thresholds(exploration, parameter.name)
    if mapped is not None:
        ends, extra = (mapped.axis.values[0], mapped.axis.values[-1]), set(mapped.axis.values)
    else:
        assert parameter.range is not None
        ends, extra = parameter.range, {value for t in found if (value := _rational(t)) is not None}
    values = sorted(set(grid_axis(parameter.name, *ends, SLIDER_STEPS + 1).values) | extra | {start})
    return {
        "parameter": index,
        "name": parameter.name,
        "unit": parameter.unit,
        "description": parameter.description,
        "values": [_value(v) for v in values],
        "start": values.index(start),
        "thresholds": [_mark(values, threshold) for threshold in found],
    }


def _thresholds(exploration: Exploration, name: str) -> tuple[Threshold, ...]:
    """The thresholds marked on the slider of ``name``: a map parameter's across the map's
    interval, another's across its declared range (none when they were not searched)."""
    mapped = next((s for s in exploration.sliders if s.name == name), None)
    if mapped is not None:
        return mapped.thresholds
    return () if exploration.other_thresholds is None else exploration.other_thresholds[name]


def _mark(values: Sequence[Number], threshold: Threshold) -> dict[str, Any]:
    """A threshold on a slider's track: exact text, float value, index (None off the values),
    position, and whether it is certified (with why not)."""
    position = _position(values, threshold)
    return {"exact": None if threshold.exact is None else str(threshold.exact), "value": threshold.value,
            "index": int(position) if position.is_integer() else None, "position": position,
            "certified": threshold.certified, "why": threshold.note or None}


def _rational(threshold: Threshold) -> Fraction | None:
    """A rational threshold's exact value; None for another."""
    exact = threshold.exact
    return Fraction(int(exact.p), int(exact.q)) if exact is not None and exact.is_Rational else None


def _position(values: Sequence[Number], threshold: Threshold) -> float:
    """Where ``threshold`` lies among ``values``, as a fractional index."""
    if (rational := _rational(threshold)) in values:
        return float(values.index(rational))
    return _fractional_index([float(v) for v in values], threshold.value)


def _fractional_index(floats: Sequence[float], value: float) -> float:
    """Where ``value`` lies among increasing ``floats``: an index, or between two (the ends outside)."""
    above = min(bisect.bisect_left(floats, value), len(floats) - 1)
    if above == 0 or floats[above] <= value:
        return float(above)
    return above - 1 + (value - floats[above - 1]) / (floats[above] - floats[above - 1])


def _map(exploration: Exploration) -> dict[str, Any]:
    """The regimes of the exploration's grid, solved in advance."""
    regimes: dict[str, int] = {}
    players = exploration.model.players
    points = [regimes.setdefault(describe_structure(players, structure), len(regimes))
              for structure in exploration.grid.structures]
    plane = exploration.plane
    return {
        "names": [s.name for s in exploration.sliders],
        "axes": [[_value(v) for v in s.axis.values] for s in exploration.sliders],
        "regimes": list(regimes),
        "points": points,
        "plane": None if plane is None else {"certified": plane.certified, "why": plane.note or None},
    }


def _value(value: Number) -> str | float:
    """Exact text, or a float."""
    return exact_text(value) or float(value)


def _shown(value: Number) -> str:
    """A value as a person reads it, with its decimal beside a fraction: ``8/15 (≈ 0.5333)``."""
    text = format_number(value)
    return f"{text} (≈ {float(value):.4g})" if "/" in text else text


def _script_json(document: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears as such."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script(exploration: Exploration) -> str:
    """The page's one script: the exact runtime, the solver, the compiled payoffs and the page's own."""
    model = exploration.model
    expressions = [expr for profile in itertools.product(*model.strategies) for expr in model.payoffs[profile]]
    program = javascript_program(expressions, [p.name for p in model.parameters])
    return "\n".join([*(_asset(name) for name in SCRIPTS), f"const payoffFormulas = {program};",
                      _asset("explorer.js")])


def _question(exploration: Exploration) -> str:
    """What the page answers, from the players and their strategies."""
    model = exploration.model
    parts = [f"{player} ({_joined(labels, 'or')})" for player, labels in zip(model.players, model.strategies)]
    return f"What should {_joined(parts, 'and')} do as the parameters change?"


def _joined(items: Sequence[str], word: str) -> str:
    """``a, b or c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def explorer_page(exploration: Exploration, description: str = "", scenario: str | None = None) -> str:
    """The explorer as one HTML page: styles, script and data inline, every scenario text escaped.

    Parameters
    ----------
    exploration
        The regime map's grid, solved (see ``chipgame.sensitivity.exploration.explore``).
    description
        The scenario's description, shown under "About this scenario".
    scenario
        The scenario as the user gave it (a seed's name or a file's path): the page's
        ``chipgame solve`` line names it (``SCENARIO`` when None).

    Raises
    ------
    ModelError
        When a payoff formula holds a node the JavaScript compiler does not know.
    """
    e = html.escape
    model = exploration.model
    title = model.title or "Untitled game"
    document = explorer_document(exploration, scenario)
    sliders = document["sliders"]
    mapped = len(exploration.sliders)
    with_slider = {s["name"] for s in sliders}
    script = _script(exploration)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="chipgame explore">',
        f"<title>{e(title)} · explorer</title>",
        f"<style>\n{_asset('explorer.css')}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<header><h1>{e(title)}</h1>",
        f'<p class="question">{e(_question(exploration))}</p></header>',
        '<div class="layout">',
        '<section class="sliders" aria-labelledby="sliders-heading">',
        '<h2 id="sliders-heading">Move a slider</h2>',
        '<p class="hint">Drag a slider or use the arrow keys, Page Up/Down, Home and End: the page solves the '
        "game there at once, exactly. The marks on a track are thresholds, where the equilibria change (the "
        "other sliders at their starting values).</p>",
        *(_slider_html(k, slider, exploration) for k, slider in enumerate(sliders[:mapped])),
        *(['<h3 class="others">Every other parameter with a range</h3>'] if len(sliders) > mapped else []),
        *(['<p class="hint">Their thresholds were not searched: only the map\'s parameters are marked.</p>']
          if len(sliders) > mapped and exploration.other_thresholds is None else []),
        *(_slider_html(k, slider, exploration) for k, slider in enumerate(sliders) if k >= mapped),
        "</section>",
        '<div class="results">',
        '<section class="answer" aria-labelledby="answer-heading" aria-live="polite">',
        '<h2 id="answer-heading">Equilibria</h2>',
        '<p class="regime">Regime: <strong id="regime"></strong></p>',
        '<p id="at-threshold" class="at-threshold" hidden></p>',
        '<ol id="equilibria" class="equilibria"></ol>',
        '<ul id="components" class="components" hidden></ul>',
        '<p id="notes" class="notes"></p>',
        '<p class="command">The same point on the command line: <code id="command"></code></p>',
        "</section>",
        _map_html(exploration),
        _matrix_html(exploration),
        "</div>",
        "</div>",
        '<section aria-labelledby="fixed-heading">',
        '<h2 id="fixed-heading">The other parameters</h2>',
        "<details><summary>Fixed at these values</summary>",
        '<table class="fixed"><thead><tr><th scope="col">parameter</th><th scope="col">value</th>'
        '<th scope="col">unit</th><th scope="col">source</th></tr></thead><tbody>',
        *(f'<tr><th scope="row">{e(p.name)}</th><td>{e(_shown(exploration.base[p.name]))}</td>'
          f"<td>{e(p.unit)}</td><td>{e(p.source)}</td></tr>"
          for p in model.parameters if p.name not in with_slider),
        "</tbody></table></details>",
        "</section>",
        *([f'<section aria-labelledby="about-heading"><h2 id="about-heading">About this scenario</h2>'
           f'<p class="about">{e(description)}</p></section>'] if description else []),
        "<footer>Made with <code>chipgame explore</code>. The page solves the game at every slider position "
        "itself, exactly: probabilities are fractions, and payoffs are exact unless marked ~ (rounded to two "
        "decimals). The regime map was solved in advance.</footer>",
        "</main>",
        f'<script type="application/json" id="explorer-data">{_script_json(document)}</script>',
        f"<script>\n{script}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _slider_html(k: int, slider: dict[str, Any], exploration: Exploration) -> str:
    e = html.escape
    parameter = exploration.model.parameters[slider["parameter"]]
    name = parameter.name
    last = max(len(slider["values"]) - 1, 1)
    floats = [v if isinstance(v, float) else float(Fraction(v)) for v in slider["values"]]
    marks = []
    labelled = -1.0  # where the last label is, as a fraction of the track
    for threshold, mark in zip(_thresholds(exploration, name), slider["thresholds"]):
        if threshold.certified:
            at = mark["position"] / last
            value = f"{threshold.value:.6g}" if threshold.exact is None else str(threshold.exact)
            label = at - labelled >= LABEL_GAP  # a label too near the last one is left to the title
            labelled = at if label else labelled
            marks.append(f'<span class="mark" style="--at: {at:.6f}" title="{e(f"threshold: {name} = {value}")}">'
                         + (f'<span class="mark-label">{threshold.value:.4g}</span>' if label else "") + "</span>")
            continue
        title = e(f"{name} {threshold_text(threshold)}, not certified: {threshold.note}")
        low, high = (threshold.value, threshold.value) if threshold.enclosure is None else threshold.enclosure
        ends = [_fractional_index(floats, float(end)) / last for end in (low, high)]
        # a region where a change could not be ruled out: a dashed band across it
        marks.append(f'<span class="mark uncertified" style="--at: {ends[0]:.6f}; --to: {ends[1]:.6f}" '
                     f'title="{title}"></span>')
    unit = f' <span class="unit">({e(parameter.unit)})</span>' if parameter.unit else ""
    return "\n".join([
        '<div class="slider">',
        f'<div class="slider-head"><label for="slider-{k}"><span class="name">{e(name)}</span>{unit}</label>',
        f'<output id="value-{k}" for="slider-{k}" class="value"></output></div>',
        '<div class="track">',
        f'<input type="range" id="slider-{k}" min="0" max="{len(slider["values"]) - 1}" step="1" '
        f'value="{slider["start"]}">',
        f'<div class="marks" aria-hidden="true">{"".join(marks)}</div>',
        "</div>",
        *([f'<p class="hint">{e(parameter.description)}</p>'] if parameter.description else []),
        "</div>",
    ])


def _map_html(exploration: Exploration) -> str:
    """The regime map's frame: the page draws the cells and moves the marker."""
    e = html.escape
    names = [s.name for s in exploration.sliders]
    axes = " against ".join(reversed(names[:2])) if len(names) > 1 else names[0]
    notes = [plane_note(exploration.plane)] if exploration.plane is not None else []
    if len(names) > 2:
        notes.append(f"The map shows the grid's values of {', '.join(names[2:])} nearest the slider.")
    return "".join([
        '<section class="regime-map" aria-labelledby="map-heading">',
        f'<h2 id="map-heading">Regime map: {e(axes)}</h2>',
        '<div class="map-frame">',
        f'<canvas id="map" width="480" height="{300 if len(names) > 1 else 48}" role="img" '
        f'aria-label="{e("regimes over " + ", ".join(names) + ", solved in advance")}"></canvas>',
        '<div id="map-marker" class="map-marker" title="the sliders\' values"></div>',
        "</div>",
        f'<p class="axis-note">{e(_axis_text(exploration, 0, "left to right"))}'
        + (f"; {e(_axis_text(exploration, 1, 'bottom to top'))}" if len(names) > 1 else "") + ".</p>",
        '<ol id="map-legend" class="map-legend"></ol>',
        '<p id="map-moved" class="hint" hidden></p>',
        *(f'<p class="hint">{e(note)}</p>' for note in notes),
        "</section>",
    ])


def _axis_text(exploration: Exploration, k: int, direction: str) -> str:
    """``chip_spend from 5 to 160, left to right``."""
    values = exploration.sliders[k].axis.values
    return f"{exploration.sliders[k].name} from {_shown(values[0])} to {_shown(values[-1])}, {direction}"


def _matrix_html(exploration: Exploration) -> str:
    e = html.escape
    model = exploration.model
    head = '<section aria-labelledby="matrix-heading"><h2 id="matrix-heading">Payoff matrix</h2>'
    if len(model.players) != 2:
        return (f"{head}<p>The payoff matrix is shown for two-player games; this one has "
                f"{len(model.players)} players.</p></section>")
    rows, columns = model.strategies
    header = "".join(f'<th scope="col">{e(label)}</th>' for label in columns)
    body = "".join(
        f'<tr><th scope="row">{e(label)}</th>'
        + "".join(f'<td id="cell-{i}-{j}"></td>' for j in range(len(columns))) + "</tr>"
        for i, label in enumerate(rows))
    return "".join([
        head,
        '<div class="scroll"><table class="matrix" id="matrix">',
        f"<caption>Payoffs ({e(model.players[0])}, {e(model.players[1])}) at these values. A * marks a best "
        "response; a shaded cell is a pure equilibrium, where both are.</caption>",
        f'<thead><tr><th scope="col">{e(model.players[0])} \\ {e(model.players[1])}</th>{header}</tr></thead>',
        f"<tbody>{body}</tbody></table></div></section>",
    ])


def _asset(name: str) -> str:
    """A file shipped beside this module (the page's scripts or styles)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")
