"""The report's opening: the bottom line and what would change it, on a model whose thresholds
are derived by hand."""

from __future__ import annotations

import sympy

from chipgame.payoffs import Parameter, PayoffModel
from chipgame.reports.document import Heading, Table
from chipgame.reports.report_bottom_line import NO_CHANGE, bottom_line_blocks, change_rows
from chipgame.sensitivity import tornado
from chipgame.solvers import solve

m, b, c = sympy.symbols("m build cut")


def _model() -> PayoffModel:
    # The buyer pays 1/(1 - m) to buy at the held price and `build` to build. By hand, with build
    # at 15/7, buying costs more exactly when m > 8/15: from m = 1/2 the threshold is 1/30 above
    # (+6.7%); with m at 1/2, building beats buying when build < 2: from build = 15/7 the threshold
    # is 1/7 below (-6.7%), the same distance as a share of the value (1/15 both). The vendor's
    # cut price `cut` never matters (the vendor always holds), so it changes nothing.
    return PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
                       {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m * c), m * c - 1),
                        ("Build", "Hold"): (-b, 0), ("Build", "Cut"): (-b, -1)},
                       [Parameter("m", "1/2", range=(0.1, 0.9)), Parameter("build", "15/7", range=(1.5, 3)),
                        Parameter("cut", "1/2", range=(0.1, 0.9))])


def test_the_nearest_thresholds_on_each_side_with_what_is_played_past_them():
    model = _model()
    rows = change_rows(model.players, tornado(model), model.values_with())
    assert [row[0] for row in rows] == ["m", "build"] or [row[0] for row in rows] == ["build", "m"]
    by_name = {row[0]: row for row in rows}
    assert by_name["m"][2:] == (NO_CHANGE, "", "0.5333333333 = 8/15 (+6.7%)", "Buyer: Build | Vendor: Hold")
    assert by_name["build"][2].startswith("2 (-6.7%)") and by_name["build"][3] == "Buyer: Build | Vendor: Hold"
    assert by_name["build"][4:] == (NO_CHANGE, "")


def test_the_bottom_line_says_the_equilibrium_is_the_only_one_and_names_the_steady_parameters():
    model = _model()
    blocks = bottom_line_blocks(solve(model.evaluate()), tornado(model), model.values_with())
    assert [block.text for block in blocks if isinstance(block, Heading)] == ["Bottom line", "What would change it"]
    assert any("only equilibrium" in getattr(block, "text", "") for block in blocks)
    assert any(isinstance(block, Table) for block in blocks)
    assert "No change anywhere in its range: cut." in blocks[-1].items
