"""Figures tests record for the CI log (see ``pytest_terminal_summary`` in conftest)."""

FIGURE_PREFIX = "figure: "
