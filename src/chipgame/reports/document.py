"""A report as a list of blocks (headings, paragraphs, tables, figures), rendered as HTML or Markdown.

The blocks hold text and numbers, already formatted, and formulas, rendered for the page's
format when the page asks; the renderers escape every piece of text for their format, so a
scenario's own strings (titles, names, units) are never markup.

Examples
--------
>>> table = Table(("", "Hold"), (("Buy", Strong("-10*")),), caption="Payoffs")
>>> table.rows[0][1].text
'-10*'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .formulas import formula_latex, formula_mathml

__all__ = ["Block", "BulletList", "Cell", "Figure", "Formula", "Heading", "Paragraph", "Strong", "Table"]


@dataclass(frozen=True)
class Heading:
    """A section title; level 2 for sections, 3 for subsections (the report's title is level 1)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Plain text."""

    text: str


@dataclass(frozen=True)
class BulletList:
    """Plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Strong:
    """Text set in bold in a table cell (a best response, say)."""

    text: str


@dataclass(frozen=True)
class Formula:
    """A formula, rendered for the format a page asks for, when it asks: MathML for HTML, LaTeX
    for Markdown (a page needs one of them, and sympy's printers are slow)."""

    expr: Any

    @cached_property
    def mathml(self) -> str:
        """The formula as presentation MathML."""
        return formula_mathml(self.expr)

    @cached_property
    def latex(self) -> str:
        """The formula as LaTeX."""
        return formula_latex(self.expr)


Cell = str | Strong | Formula


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``shaded`` holds (row, column) cells to highlight."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    shaded: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class Figure:
    """An SVG figure; ``name`` is its file name stem when written beside a Markdown report."""

    name: str
    svg: str
    caption: str


Block = Heading | Paragraph | BulletList | Table | Figure
