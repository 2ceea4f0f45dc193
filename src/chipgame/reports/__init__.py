"""Everything that renders: terminal text and the stable JSON documents."""

from .json_document import SOLVE_SCHEMA, solve_document
from .numbers import exact_text, format_amount, format_number
from .text import describe_mix, solution_view

__all__ = [
    "SOLVE_SCHEMA", "solve_document", "exact_text", "format_amount", "format_number", "describe_mix", "solution_view",
]
