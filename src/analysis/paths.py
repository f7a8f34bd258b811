"""Every directory the project reads or writes, derived from the package location.

Notebooks and commands find their data from here, so they run the same from any
working directory (JupyterLab, papermill, tests in a temporary folder).
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA = PROJECT_ROOT / "data"
DOCUMENTS = DATA / "raw" / "documents"
EXTRACTED = DATA / "raw" / "extracted"
CORRECTIONS = DATA / "raw" / "corrections"
PROCESSED = DATA / "processed"
REFERENCE = DATA / "reference"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
REPORTS = PROJECT_ROOT / "reports"
REPORT_LIST = PROJECT_ROOT / "reports.toml"
ASSETS = Path(__file__).resolve().parent / "assets"
