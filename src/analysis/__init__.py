"""Research-cooperation profiles turned into traceable tables, charts and HTML reports.

For exploring in a notebook:

- :mod:`analysis.data` — ``load("phd_students")`` (a processed table, typed and validated),
  ``country_name("KOR")``, ``country_facts("VNM")``, ``quotes(rows)`` (the passages behind
  rows), ``region_members("asean")``.
- :mod:`analysis.views` — each chart of the reports with optional parameters, displayed with
  its alt text and sources: ``partner_countries(region="asean", highlight="VNM")``,
  ``agreement_timeline(start_year=1995)``, ``phd_origins(top_n=3)``, ``key_figures()``,
  ``country_profile("THA")``.
- :mod:`analysis.charts` — the same charts as matplotlib figures, to adapt.

The pipeline itself: :mod:`analysis.extract`, :mod:`analysis.clean`, :mod:`analysis.reports`,
driven by ``python -m analysis``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cnrs-asean-analysis")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
