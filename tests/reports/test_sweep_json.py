"""The sweep document's text, written from the batch arrays: every point as its equilibria read one
by one (``Sweep.equilibria_at``) would be written, floats as ``json`` writes them."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from chipgame.payoffs import load_scenario
from chipgame.reports import sweep_document, sweep_json
from chipgame.reports.json_document import equilibrium_json
from chipgame.sensitivity import grid_axis, sweep


@pytest.mark.parametrize(("seed", "ranges"), [
    ("bytedance-vs-cambricon", {"chip_spend": (F(1825, 357), F(447425, 2856), 30),
                                "vendor_margin": ("2/5", "7/10", 7)}),
    ("battle-of-the-sexes", {"favourite": (1, 3, 9), "together": (0, 2, 9)}),  # three equilibria, one mixed
    ("matching-pennies", {"heads_prize": (F(1, 2), 2, 7), "stake": (F(1, 2), 2, 7)}),  # payoffs of -0.0
    ("two-hyperscalers", {"horizon_years": (1, 5, 9)}),  # three players: screened, not batch-solved
])
def test_every_point_is_written_as_its_equilibria_one_by_one(seed, ranges):
    result = sweep(load_scenario(seed).model, [grid_axis(name, *span) for name, span in ranges.items()])
    text = "".join(sweep_json(result))
    document = json.loads(text)
    assert text == json.dumps(document)  # json's own formatting, -0.0 and all
    assert document == sweep_document(result)
    assert document["schema"] == "chipgame.sweep/1.1" and len(document["points"]) == len(result)
    for k, (point, values) in enumerate(zip(document["points"], result.points())):
        assert point["at"] == {name: float(value) for name, value in values.items()}
        assert point["exact"] == bool(result.exact[k])
        assert json.dumps(point["equilibria"]) == json.dumps([equilibrium_json(eq) for eq in result.equilibria_at(k)])
    assert sum(regime["points"] for regime in document["regimes"]) == len(result)
