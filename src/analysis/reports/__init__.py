"""Parameterised notebooks → self-contained HTML reports, with an index page.

The command line calls :func:`build_all` (every report in reports.toml, plus one per country
in the data) and :func:`run_one` (one notebook with parameters given by hand).
"""

from analysis.reports.runner import build_all, run_one

__all__ = ["build_all", "run_one"]
