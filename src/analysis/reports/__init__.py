"""Parameterised notebooks → self-contained HTML reports, with an index page.

The command line calls :func:`build_all` (every report in reports.toml, plus one per country
in the data) and :func:`run_one` (one notebook with parameters given by hand).
"""

import sys

# nbformat imports jsonschema, which imports rfc3987_syntax when JupyterLab's dependencies
# installed it, and that module compiles some forty grammars at import: about 0.7 s of every
# build. Notebook validation checks no IRI format, so the build goes without it
# (python-jsonschema/jsonschema#1428); a None entry makes its import fail, which jsonschema
# expects of an optional checker.
sys.modules.setdefault("rfc3987_syntax", None)

from analysis.reports.runner import build_all, run_one  # noqa: E402

__all__ = ["build_all", "run_one"]
