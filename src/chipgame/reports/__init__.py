"""Everything that renders: terminal text and the stable JSON documents."""

from .json_document import DYNAMICS_SCHEMA, SOLVE_SCHEMA, dynamics_document, solve_document
from .numbers import exact_text, format_amount, format_number
from .text import describe_mix, dynamics_view, elimination_lines, solution_view

__all__ = [
    "DYNAMICS_SCHEMA",
    "SOLVE_SCHEMA",
    "describe_mix",
    "dynamics_document",
    "dynamics_view",
    "elimination_lines",
    "exact_text",
    "format_amount",
    "format_number",
    "solution_view",
    "solve_document",
]
