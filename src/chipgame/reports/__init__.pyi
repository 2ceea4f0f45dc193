"""The public names of ``chipgame.reports``, each with its module: read by type checkers, and by
``lazy_loader`` to import each name on first use."""

from .crossing_text import crossing_view
from .csv_table import sweep_csv, thresholds_csv
from .explorer import EXPLORE_SCHEMA, explorer_document, explorer_page
from .json_document import DYNAMICS_SCHEMA, SOLVE_SCHEMA, SWEEP_SCHEMA, dynamics_document, solve_document
from .numbers import exact_text, format_amount, format_exact, format_number
from .sensitivity_documents import (
    CLOSED_FORMS_SCHEMA,
    MONTE_CARLO_SCHEMA,
    THRESHOLDS_SCHEMA,
    TORNADO_SCHEMA,
    closed_forms_document,
    monte_carlo_document,
    thresholds_document,
    tornado_document,
)
from .sensitivity_views import closed_forms_view, monte_carlo_view, sweep_view, thresholds_view, tornado_view
from .sweep_writer import sweep_document, sweep_json
from .teaching import Step, lesson_steps, step_view, walk_through
from .text import describe_mix, dynamics_view, elimination_lines, payoff_matrices, solution_view

__all__ = [
    "CLOSED_FORMS_SCHEMA",
    "DYNAMICS_SCHEMA",
    "EXPLORE_SCHEMA",
    "MONTE_CARLO_SCHEMA",
    "TORNADO_SCHEMA",
    "SOLVE_SCHEMA",
    "SWEEP_SCHEMA",
    "THRESHOLDS_SCHEMA",
    "Step",
    "closed_forms_document",
    "closed_forms_view",
    "crossing_view",
    "describe_mix",
    "dynamics_document",
    "dynamics_view",
    "elimination_lines",
    "exact_text",
    "explorer_document",
    "explorer_page",
    "format_amount",
    "format_exact",
    "format_number",
    "lesson_steps",
    "monte_carlo_document",
    "monte_carlo_view",
    "payoff_matrices",
    "solution_view",
    "solve_document",
    "step_view",
    "sweep_csv",
    "sweep_document",
    "sweep_json",
    "sweep_view",
    "thresholds_csv",
    "thresholds_document",
    "thresholds_view",
    "tornado_document",
    "tornado_view",
    "walk_through",
]
