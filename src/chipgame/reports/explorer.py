"""The explorer: one self-contained HTML page with a slider per varied parameter.

Every grid point of an ``Exploration`` is embedded in the page as JSON (the document
``chipgame.explore/1``, in a ``<script type="application/json">``); the page's own script
(``explorer.js``, inlined with ``explorer.css``) shows the point the sliders select: the
payoff matrix with best responses marked, the equilibria in words, and the regime. Nothing is
fetched: the page works from a file, offline. Scenario text reaches the page only escaped,
as HTML or as JSON whose ``<``, ``>`` and ``&`` are written as ``\\u`` escapes.

Document
--------
``sliders``
    One per varied parameter: ``name``, ``unit``, ``description``, ``values`` (exact text, or
    a float), ``shown`` (each value as a person reads it), ``start`` (the index the page opens
    at) and ``thresholds`` (``exact`` text or null, float ``value``, ``index`` on the axis or
    null when the threshold is irrational and so between two values, ``position``, the
    fractional index where it is marked on the track, ``certified``, and ``why`` it is not
    certified or null; a region that is not certified is marked dashed).
``profiles``
    The distinct equilibrium profiles: ``text`` in words and ``exact`` probabilities per player
    (fraction text, null for floats).
``regimes``
    The distinct regime labels (see ``describe_structure``).
``plane``
    With two sliders: ``names``, ``certified`` (every regime of the box has a slider position)
    and ``why`` not, or null; null otherwise.
``points``
    One per grid point, first slider slowest: ``regime`` (an index into ``regimes``),
    ``equilibria`` (pairs of an index into ``profiles`` and each player's payoff as text) and,
    for two-player games, ``cells``: per row and column the two payoffs as text and a best
    response flag (1: the row player's, 2: the column player's, 3: both, a pure equilibrium).

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
>>> document["sliders"][0]["shown"], document["sliders"][0]["thresholds"][0]["exact"]
(['0.1', '0.3', '0.5', '8/15 (≈ 0.5333)', '0.7', '0.9'], '8/15')
>>> [document["profiles"][k]["text"] for k, _ in document["points"][3]["equilibria"]]
['Buyer: Buy | Vendor: Hold', 'Buyer: Build | Vendor: Hold']
>>> page = explorer_page(exploration)
>>> "<title>Build &lt;or&gt; buy · explorer</title>" in page, "Build <or>" in page
(True, False)
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from importlib.resources import files
from typing import Any

from ..games import Game, Number
from ..payoffs import Parameter
from ..sensitivity.exploration import Exploration, Slider
from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.threshold_search import Threshold
from ..solvers.equilibrium import Equilibrium
from .numbers import exact_text, format_amount, format_number
from .text import describe_players_mixes
from .threshold_words import plane_note, threshold_text

__all__ = ["EXPLORE_SCHEMA", "explorer_document", "explorer_page"]

EXPLORE_SCHEMA = "chipgame.explore/1"


def explorer_document(exploration: Exploration) -> dict[str, Any]:
    """Everything the page shows, at every grid point (see the module docstring for the keys)."""
    model = exploration.model
    profiles: dict[tuple[str, tuple], int] = {}
    regimes: dict[str, int] = {}
    points = []
    for game, equilibria in zip(exploration.games, exploration.equilibria):
        label = describe_structure(model.players, structure_of(equilibria))
        point: dict[str, Any] = {
            "regime": regimes.setdefault(label, len(regimes)),
            "equilibria": [[_index(profiles, model.players, eq), [format_amount(v) for v in eq.payoffs]]
                           for eq in equilibria],
        }
        if len(model.players) == 2:
            point["cells"] = _cells(game)
        points.append(point)
    return {
        "schema": EXPLORE_SCHEMA,
        "title": model.title,
        "players": list(model.players),
        "strategies": [list(labels) for labels in model.strategies],
        "sliders": [_slider(exploration, slider) for slider in exploration.sliders],
        "profiles": [{"text": text, "exact": [list(mix) for mix in exact]} for text, exact in profiles],
        "regimes": list(regimes),
        "points": points,
        "plane": None if exploration.plane is None else {
            "names": list(exploration.plane.names), "certified": exploration.plane.certified,
            "why": exploration.plane.note or None},
    }


def _index(profiles: dict[tuple[str, tuple], int], players: Sequence[str], eq: Equilibrium) -> int:
    """The index of an equilibrium's profile in the table of distinct profiles (added when new)."""
    text = describe_players_mixes(players, eq)
    exact = tuple(tuple(exact_text(p) for p in mix) for mix in eq.profile)
    return profiles.setdefault((text, exact), len(profiles))


def _cells(game: Game) -> list[list[list[Any]]]:
    """Per row and column: both payoffs as text and the best-response flag (1 row, 2 column)."""
    rows, columns = game.payoff_array(0), game.payoff_array(1)
    return [[[format_amount(rows[i, j]), format_amount(columns[i, j]),
              int(rows[i, j] == rows[:, j].max()) + 2 * int(columns[i, j] == columns[i, :].max())]
             for j in range(game.shape[1])] for i in range(game.shape[0])]


def _slider(exploration: Exploration, slider: Slider) -> dict[str, Any]:
    parameter = _parameter(exploration, slider)
    values = slider.axis.values
    return {
        "name": slider.name,
        "unit": parameter.unit,
        "description": parameter.description,
        "values": [exact_text(v) or float(v) for v in values],
        "shown": [_shown(v) for v in values],
        "start": slider.start,
        "thresholds": [_mark(slider, threshold) for threshold in slider.thresholds],
    }


def _mark(slider: Slider, threshold: Threshold) -> dict[str, Any]:
    """A threshold on a slider's track: exact text, float value, index (None off the axis), position,
    and whether it is certified (with why not)."""
    position = slider.position(threshold)
    return {"exact": None if threshold.exact is None else str(threshold.exact), "value": threshold.value,
            "index": int(position) if position.is_integer() else None, "position": position,
            "certified": threshold.certified, "why": threshold.note or None}


def _parameter(exploration: Exploration, slider: Slider) -> Parameter:
    return next(p for p in exploration.model.parameters if p.name == slider.name)


def _shown(value: Number) -> str:
    """A value as a person reads it, with its decimal beside a fraction: ``8/15 (≈ 0.5333)``."""
    text = format_number(value)
    return f"{text} (≈ {float(value):.4g})" if "/" in text else text


def _script_json(document: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears as such."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _question(exploration: Exploration) -> str:
    """What the page answers, from the players, their strategies and the sliders."""
    model = exploration.model
    parts = [f"{player} ({_joined(labels, 'or')})" for player, labels in zip(model.players, model.strategies)]
    names = _joined([s.name for s in exploration.sliders], "and")
    verb = "changes" if len(exploration.sliders) == 1 else "change"
    return f"What should {_joined(parts, 'and')} do as {names} {verb}?"


def _joined(items: Sequence[str], word: str) -> str:
    """``a, b or c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def explorer_page(exploration: Exploration, description: str = "") -> str:
    """The explorer as one HTML page: styles, script and data inline, every scenario text escaped.

    Parameters
    ----------
    exploration
        The grid, solved (see ``chipgame.sensitivity.exploration.explore``).
    description
        The scenario's description, shown under "About this scenario".
    """
    e = html.escape
    model = exploration.model
    title = model.title or "Untitled game"
    varied = {s.name for s in exploration.sliders}
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
        '<section class="sliders" aria-labelledby="sliders-heading">',
        '<h2 id="sliders-heading">Move a slider</h2>',
        '<p class="hint">Drag a slider or use the arrow keys, Page Up/Down, Home and End. The marks on a track '
        "are thresholds, where the equilibria change (the other sliders at their starting values).</p>",
        *(_slider_html(k, slider, exploration) for k, slider in enumerate(exploration.sliders)),
        *([f'<p class="hint plane">{e(plane_note(plane))}</p>']
          if (plane := exploration.plane) is not None else []),
        "</section>",
        '<section class="answer" aria-labelledby="answer-heading" aria-live="polite">',
        '<h2 id="answer-heading">Equilibria</h2>',
        '<p class="regime">Regime: <strong id="regime"></strong></p>',
        '<p id="at-threshold" class="at-threshold" hidden></p>',
        '<ol id="equilibria" class="equilibria"></ol>',
        "</section>",
        _matrix_html(exploration),
        '<section aria-labelledby="fixed-heading">',
        '<h2 id="fixed-heading">The other parameters</h2>',
        "<details><summary>Fixed at these values</summary>",
        '<table class="fixed"><thead><tr><th scope="col">parameter</th><th scope="col">value</th>'
        '<th scope="col">unit</th><th scope="col">source</th></tr></thead><tbody>',
        *(f'<tr><th scope="row">{e(p.name)}</th><td>{e(_shown(exploration.base[p.name]))}</td>'
          f"<td>{e(p.unit)}</td><td>{e(p.source)}</td></tr>"
          for p in model.parameters if p.name not in varied),
        "</tbody></table></details>",
        "</section>",
        *([f'<section aria-labelledby="about-heading"><h2 id="about-heading">About this scenario</h2>'
           f'<p class="about">{e(description)}</p></section>'] if description else []),
        "<footer>Made with <code>chipgame explore</code>. Every slider position was solved in advance, "
        "exactly: probabilities are fractions, and payoffs are exact unless marked ~.</footer>",
        "</main>",
        f'<script type="application/json" id="explorer-data">{_script_json(explorer_document(exploration))}</script>',
        f"<script>\n{_asset('explorer.js')}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _slider_html(k: int, slider: Slider, exploration: Exploration) -> str:
    e = html.escape
    parameter = _parameter(exploration, slider)
    last = max(len(slider.axis.values) - 1, 1)
    marks = []
    for threshold in slider.thresholds:
        if threshold.certified:
            value = f"{threshold.value:.6g}" if threshold.exact is None else str(threshold.exact)
            kind, title = "mark", e(f"threshold: {slider.name} = {value}")
        else:
            kind, title = "mark uncertified", e(f"{slider.name} {threshold_text(threshold)}, not certified: "
                                                f"{threshold.note}")
        marks.append(f'<span class="{kind}" style="--at: {slider.position(threshold) / last:.6f}" '
                     f'title="{title}"><span class="mark-label">{threshold.value:.4g}</span></span>')
    unit = f' <span class="unit">({e(parameter.unit)})</span>' if parameter.unit else ""
    return "\n".join([
        '<div class="slider">',
        f'<div class="slider-head"><label for="slider-{k}"><span class="name">{e(slider.name)}</span>{unit}</label>',
        f'<output id="value-{k}" for="slider-{k}" class="value"></output></div>',
        '<div class="track">',
        f'<input type="range" id="slider-{k}" min="0" max="{len(slider.axis.values) - 1}" step="1" '
        f'value="{slider.start}">',
        f'<div class="marks" aria-hidden="true">{"".join(marks)}</div>',
        "</div>",
        *([f'<p class="hint">{e(parameter.description)}</p>'] if parameter.description else []),
        "</div>",
    ])


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
        '<table class="matrix" id="matrix">',
        f"<caption>Payoffs ({e(model.players[0])}, {e(model.players[1])}) at these values. A * marks a best "
        "response; a shaded cell is a pure equilibrium, where both are.</caption>",
        f'<thead><tr><th scope="col">{e(model.players[0])} \\ {e(model.players[1])}</th>{header}</tr></thead>',
        f"<tbody>{body}</tbody></table></section>",
    ])


def _asset(name: str) -> str:
    """A file shipped beside this module (the page's script or styles)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")
