"""Payoff formulas as mathematics: presentation MathML for HTML, LaTeX for Markdown.

Names keep their underscores (``chip_spend`` stays one name rather than becoming ``chip``
with subscript ``spend``), products show a centred dot (``p_cut · shortfall_cost``, never the
run-together ``p_cutshortfall_cost`` of an invisible times), and piecewise formulas (from
``where``, ``min`` and ``max``) are set as cases.

Examples
--------
>>> import sympy
>>> spend, margin = sympy.symbols("chip_spend vendor_margin")
>>> formula_latex(spend * (1 - margin))
'\\\\mathit{chip\\\\_spend} \\\\cdot \\\\left(1 - \\\\mathit{vendor\\\\_margin}\\\\right)'
>>> formula_mathml(spend / 2)
'<math><mrow><mfrac><mi>chip_spend</mi><mn>2</mn></mfrac></mrow></math>'
>>> formula_mathml(12 * spend * margin)
'<math><mrow><mn>12</mn><mo>&#xB7;</mo><mi>chip_spend</mi><mo>&#xB7;</mo><mi>vendor_margin</mi></mrow></math>'
"""

from __future__ import annotations

import html
from typing import Any

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter

__all__ = ["formula_latex", "formula_mathml", "formula_text"]


class _Printer(MathMLPresentationPrinter):
    """sympy's presentation MathML, with whole names and piecewise formulas as cases.

    sympy writes text nodes without escaping them (to pass entities through), so every text
    this printer adds is escaped here.
    """

    def _text(self, tag: str, text: str) -> Any:
        element = self.dom.createElement(tag)
        element.appendChild(self.dom.createTextNode(html.escape(text)))
        return element

    def _print_Symbol(self, sym: sympy.Symbol, style: str = "plain") -> Any:
        return self._text("mi", sym.name)

    def _print_Relational(self, e: sympy.core.relational.Relational) -> Any:
        row = self.dom.createElement("mrow")
        row.appendChild(self._print(e.lhs))
        row.appendChild(self._text("mo", {"<": "<", ">": ">", "<=": "\u2264", ">=": "\u2265", "==": "=",
                                          "!=": "\u2260"}.get(e.rel_op, e.rel_op)))
        row.appendChild(self._print(e.rhs))
        return row

    def _print_Piecewise(self, expr: sympy.Piecewise) -> Any:
        row = self.dom.createElement("mrow")
        row.appendChild(self._text("mo", "{"))
        table = self.dom.createElement("mtable")
        table.setAttribute("columnalign", "left")
        for value, condition in expr.args:
            line = self.dom.createElement("mtr")
            for content in (self._print(value), self._condition(condition)):
                cell = self.dom.createElement("mtd")
                cell.appendChild(content)
                line.appendChild(cell)
            table.appendChild(line)
        row.appendChild(table)
        return row

    def _condition(self, condition: Any) -> Any:
        row = self.dom.createElement("mrow")
        row.appendChild(self._text("mtext", "otherwise" if condition is sympy.true else "if\u2002"))
        if condition is not sympy.true:
            row.appendChild(self._print(condition))
        return row


def formula_mathml(expr: sympy.Expr) -> str:
    """One ``<math>`` element for ``expr``: browsers render it with no script or font to load."""
    inner = _Printer({"mul_symbol": "dot"}).doprint(expr).replace("&InvisibleTimes;", "&#8290;")
    return f"<math>{inner}</math>"


def formula_latex(expr: sympy.Expr) -> str:
    """``expr`` in LaTeX, each name in italics with its underscores kept, products with a centred dot."""
    names = {symbol: r"\mathit{" + symbol.name.replace("_", r"\_") + "}" for symbol in expr.free_symbols}
    return sympy.latex(expr, symbol_names=names, mul_symbol="dot")


def formula_text(expr: sympy.Expr) -> str:
    """``expr`` as plain text for a terminal: products with a centred dot, powers with a caret.

    Examples
    --------
    >>> p, cost = sympy.symbols("p_cut shortfall_cost")
    >>> formula_text(12 * p * cost**2 / (1 - p))
    '12·p_cut·shortfall_cost^2/(1 - p_cut)'
    """
    return sympy.sstr(expr).replace("**", "^").replace("*", "·")
