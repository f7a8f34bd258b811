"""Every directory the project reads or writes, derived from the package location.

Notebooks and commands find their data from here, so they run the same from any
working directory (JupyterLab, papermill, tests in a temporary folder).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA = PROJECT_ROOT / "data"
# A test session (or a user) can point every reader and writer, kernels and subprocesses
# included, at other folders for the documents, their corrections, and the extracted and
# processed tables: one corpus per folder, the same code.
DOCUMENTS = Path(os.environ.get("ANALYSIS_DOCUMENTS_DIR") or DATA / "raw" / "documents")
EXTRACTED = Path(os.environ.get("ANALYSIS_EXTRACTED_DIR") or DATA / "raw" / "extracted")
CORRECTIONS = Path(os.environ.get("ANALYSIS_CORRECTIONS_DIR") or DATA / "raw" / "corrections")
PROCESSED = Path(os.environ.get("ANALYSIS_PROCESSED_DIR") or DATA / "processed")
REFERENCE = DATA / "reference"
# Notebooks and the report list too: a benchmark or a user can edit copies of them.
NOTEBOOKS = Path(os.environ.get("ANALYSIS_NOTEBOOKS_DIR") or PROJECT_ROOT / "notebooks")
REPORTS = PROJECT_ROOT / "reports"
REPORT_LIST = Path(os.environ.get("ANALYSIS_REPORT_LIST") or PROJECT_ROOT / "reports.toml")
ASSETS = Path(__file__).resolve().parent / "assets"
