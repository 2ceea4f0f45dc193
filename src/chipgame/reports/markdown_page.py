"""A report's blocks as Markdown, with each figure as an SVG file beside it.

Text is escaped so a scenario's strings cannot become Markdown or HTML markup; formulas are
LaTeX between ``$`` signs, which GitHub, GitLab, Jupyter and pandoc render.

Examples
--------
>>> from chipgame.reports.document import Heading, Table, Strong
>>> print(markdown_page("Build *or* buy", [Heading("Payoffs"), Table(("", "Hold"), (("Buy", Strong("-10")),))],
...                     lambda figure: figure.name + ".svg"))
# Build \\*or\\* buy
<BLANKLINE>
## Payoffs
<BLANKLINE>
|  | Hold |
| --- | --- |
| Buy | **\\-10** |
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .document import Block, BulletList, Cell, Figure, Formula, Heading, Paragraph, Strong, Table

__all__ = ["markdown_page", "escape_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]<>|~$&])")
_LINE_START = re.compile(r"^(#|[-+=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    r"""``text`` with every character that Markdown or HTML could read as markup escaped.

    >>> escape_markdown("a_b <script> | 1.5")
    'a\\_b \\<script\\> \\| 1.5'
    >>> escape_markdown("# not a heading"), escape_markdown("-10"), escape_markdown("1. not a list")
    ('\\# not a heading', '\\-10', '1\\. not a list')
    """
    escaped = _INLINE.sub(r"\\\1", " ".join(text.split()))
    if match := _LINE_START.match(escaped):
        end = match.end()
        return (escaped[:end] + "\\" + escaped[end:]) if match.group(1)[0].isdigit() else "\\" + escaped
    return escaped


def markdown_page(title: str, blocks: Sequence[Block], figure_link: Callable[[Figure], str]) -> str:
    """The page; ``figure_link`` gives the relative file name each figure is written to."""
    parts = [f"# {escape_markdown(title)}"] + [_block(block, figure_link) for block in blocks]
    return "\n\n".join(parts) + "\n"


def _block(block: Block, figure_link: Callable[[Figure], str]) -> str:
    if isinstance(block, Heading):
        return "#" * min(max(block.level, 2), 4) + " " + escape_markdown(block.text)
    if isinstance(block, Paragraph):
        return escape_markdown(block.text)
    if isinstance(block, BulletList):
        return "\n".join(f"- {escape_markdown(item)}" for item in block.items)
    if isinstance(block, Table):
        return _table(block)
    return f"![{escape_markdown(block.caption)}]({figure_link(block)})\n\n*{escape_markdown(block.caption)}*"


def _table(table: Table) -> str:
    lines = []
    if table.caption:
        lines += [f"**{escape_markdown(table.caption)}**", ""]
    lines.append("| " + " | ".join(escape_markdown(text) for text in table.header) + " |")
    lines.append("|" + " --- |" * len(table.header))
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines)


def _cell(cell: Cell) -> str:
    if isinstance(cell, Strong):
        return f"**{escape_markdown(cell.text)}**"
    if isinstance(cell, Formula):
        latex = cell.latex.replace("|", r"\vert ").replace("<", r"\lt ").replace(">", r"\gt ")
        return f"${latex}$"  # no bare | (ends the cell) or < (starts HTML) even inside math
    return escape_markdown(cell)
