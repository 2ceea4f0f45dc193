"""Everything that renders: terminal text, CSV tables and the stable JSON documents."""

from .csv_table import sweep_csv, thresholds_csv
from .json_document import (
    DYNAMICS_SCHEMA,
    MONTE_CARLO_SCHEMA,
    SOLVE_SCHEMA,
    SWEEP_SCHEMA,
    THRESHOLDS_SCHEMA,
    TORNADO_SCHEMA,
    dynamics_document,
    monte_carlo_document,
    solve_document,
    sweep_document,
    thresholds_document,
    tornado_document,
)
from .numbers import exact_text, format_amount, format_number
from .text import (
    describe_mix,
    dynamics_view,
    elimination_lines,
    monte_carlo_view,
    solution_view,
    sweep_view,
    thresholds_view,
    tornado_view,
)

__all__ = [
    "DYNAMICS_SCHEMA",
    "MONTE_CARLO_SCHEMA",
    "TORNADO_SCHEMA",
    "SOLVE_SCHEMA",
    "SWEEP_SCHEMA",
    "THRESHOLDS_SCHEMA",
    "describe_mix",
    "dynamics_document",
    "dynamics_view",
    "elimination_lines",
    "exact_text",
    "format_amount",
    "format_number",
    "monte_carlo_document",
    "monte_carlo_view",
    "solution_view",
    "solve_document",
    "sweep_csv",
    "sweep_document",
    "sweep_view",
    "thresholds_csv",
    "thresholds_document",
    "thresholds_view",
    "tornado_document",
    "tornado_view",
]
