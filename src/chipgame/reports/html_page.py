"""A report's blocks as one self-contained HTML page: inline CSS, inline SVG, MathML; no scripts.

Examples
--------
>>> from chipgame.reports.document import Paragraph, Table, Strong
>>> page = html_page("A <title>", [Paragraph("x < y"), Table(("a",), ((Strong("1"),),))])
>>> "<h1>A &lt;title&gt;</h1>" in page, "<p>x &lt; y</p>" in page, "<strong>1</strong>" in page
(True, True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .document import Block, BulletList, Cell, Figure, Formula, Heading, Paragraph, Strong, Table

__all__ = ["html_blocks", "html_page"]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a;
       max-width: 62rem; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .75rem 0 1.25rem; font-variant-numeric: tabular-nums; }
.table { max-width: 100%; overflow-x: auto; }
td { overflow-wrap: anywhere; } th[scope=row] { white-space: nowrap; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { border: 1px solid #bbb; padding: .3rem .6rem; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
td.shaded { background: #fff3c4; }
figure { margin: 1rem 0 1.75rem; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .92rem; color: #444; }
math { font-size: 1.05rem; }
.reading { background: #f4f8fb; border-left: 4px solid #2f6f9f; padding: .5rem 1rem; }
@media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
"""


def html_page(title: str, blocks: Sequence[Block]) -> str:
    """The whole page, with ``title`` as its title and first heading."""
    body = html_blocks(blocks)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n")


def html_blocks(blocks: Sequence[Block]) -> str:
    """The blocks as HTML elements, one a line, every text escaped (for a page, or a notebook cell).

    Examples
    --------
    >>> print(html_blocks([Heading("<b>", 3), BulletList(("a & b",))]))
    <h3>&lt;b&gt;</h3>
    <ul>
    <li>a &amp; b</li>
    </ul>
    """
    return "\n".join(_block(block) for block in blocks)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 4)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, BulletList):
        return "<ul>\n" + "\n".join(f"<li>{escape(item)}</li>" for item in block.items) + "\n</ul>"
    if isinstance(block, Table):
        return _table(block)
    return _figure(block)


def _table(table: Table) -> str:
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    header = "".join(f'<th scope="col">{escape(text)}</th>' for text in table.header)
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row):
            tag = "th" if c == 0 else "td"
            scope = ' scope="row"' if c == 0 else ""
            shade = ' class="shaded"' if (r, c) in table.shaded else ""
            cells.append(f"<{tag}{scope}{shade}>{_cell(cell)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table"><table>{caption}\n<thead><tr>{header}</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody></table></div>")


def _cell(cell: Cell) -> str:
    if isinstance(cell, Strong):
        return f"<strong>{escape(cell.text)}</strong>"
    if isinstance(cell, Formula):
        return cell.mathml  # built from sympy by reports.formulas, which escapes every text it adds
    return escape(cell)


def _figure(figure: Figure) -> str:
    return f"<figure>\n{figure.svg}\n<figcaption>{escape(figure.caption)}</figcaption>\n</figure>"
