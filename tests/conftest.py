"""Shared fixtures: the processed tables, built once per session in a temporary folder; the
fixture notebooks, one small report batch built once per session, and one headless Chromium
shared by the browser tests.

Kernels are slow to start, so each fixture notebook is executed only as often as the tests
need: the ``batch`` fixture builds every report once and the tests read what it left.
"""

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.reports import build_all, run_one

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
# Where processed tables are read from, for kernels and subprocesses (see processed_data).
PROCESSED_ENV = "ANALYSIS_PROCESSED_DIR"
EXTRACTED_ENV = "ANALYSIS_EXTRACTED_DIR"
COUNTRIES = [("VNM", "Viet Nam"), ("THA", "Thailand")]
# Debian's Chromium, kept from calling home: no background, update, sync or QUIC traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

BATCH_LIST = """
[reports.chart]
notebook = "chart"
description = "A chart shown as a bare PNG and as an HTML image, both with alt text"

[reports.escaping]
notebook = "escaping"
description = "Script-like text from a <document> is shown, never run"

[reports.fails]
notebook = "fails"
description = "Fails on purpose, after an earlier good build"

[reports.bad_params]
notebook = "params"
description = "Names a parameter the notebook does not declare"
parameters = { nope = 1 }

[generated.profile]
notebook = "params"
parameter = "country"
description = "Parameters echoed for {name}"
"""


@dataclass(frozen=True)
class Batch:
    out_dir: Path
    status: int
    summary: str  # what build_all printed
    last_good: bytes  # fails.html as the earlier, good run left it


@pytest.fixture(scope="session", autouse=True)
def processed_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Extract and clean the project's documents once, into a session folder, and point the
    data layer there: tests read tables made by the code under test, never stale ones, and
    nothing is written into the repository's data/.

    In this process ``analysis.paths`` is redirected; kernels and command line subprocesses
    inherit ``PROCESSED_ENV`` and ``EXTRACTED_ENV``, which ``analysis.paths`` reads.
    """
    from analysis import paths
    from analysis.clean import clean
    from analysis.extract import extract

    root = tmp_path_factory.mktemp("data")
    raw, processed = root / "raw" / "extracted", root / "processed"
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        extract(out=raw)
        clean(raw, processed)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "EXTRACTED", raw)
        patch.setattr(paths, "PROCESSED", processed)
        patch.setenv(PROCESSED_ENV, str(processed))
        patch.setenv(EXTRACTED_ENV, str(raw))
        yield processed


@pytest.fixture(scope="session")
def fixture_notebooks() -> Path:
    return FIXTURE_NOTEBOOKS


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """A good ad-hoc run of ``fails``, then a batch in which ``fails`` fails."""
    out_dir = tmp_path_factory.mktemp("reports")
    report_list = tmp_path_factory.mktemp("catalogue") / "reports.toml"
    report_list.write_text(BATCH_LIST, encoding="utf-8")
    with redirect_stdout(io.StringIO()):
        run_one(
            "fails",
            {"fail": "false"},
            out_dir,
            name="fails",
            domains={},
            notebooks_dir=FIXTURE_NOTEBOOKS,
        )
    last_good = (out_dir / "fails.html").read_bytes()
    printed = io.StringIO()
    with redirect_stdout(printed):
        status = build_all(
            out_dir,
            report_list=report_list,
            notebooks_dir=FIXTURE_NOTEBOOKS,
            countries=lambda: COUNTRIES,
            domains={},
        )
    return Batch(out_dir, status, printed.getvalue(), last_good)


def chromium_path() -> str:
    """Debian's ``chromium``; skip without it, except with CI=true, where its absence fails."""
    path = shutil.which("chromium")
    if path is None:
        reason = "no `chromium` on PATH (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, so the browser test must run, but there is {reason}")
        pytest.skip(f"browser test skipped: {reason}")
    return path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test; each test opens its own context."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
