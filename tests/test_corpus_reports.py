"""Reports for a corpus of institutions, built as a user builds them: `python -m analysis
build` in a subprocess, pointed at a folder of documents by the environment.

Three corpora, each copied into a temporary folder: the fixture corpus of
tests/fixtures/report_corpus (four institutions, two CNRS documents that date the Hanoi
office 2006 and 2007, analyst corrections where the rules miss), the same without the CNRS
documents, and one non-CNRS document alone. Every notebook of reports.toml runs on each in a
real kernel; the pages are read as HTML, and two are opened in Chromium.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from test_browser import Visit, screenshot_path
from test_review import HOSTILE_SIDECAR, HOSTILE_TEXT

FIXTURE = Path(__file__).parent / "fixtures" / "report_corpus"
DEVELOPMENT_CORPUS = Path(__file__).parent / "corpus"
INSTITUTIONS = {"CNRS", "IRD", "DAAD", "KU Leuven"}
# The two statements of the CNRS Hanoi office, as the two documents word them.
OFFICE_2006 = "Office in Hanoi (2006"
OFFICE_2007 = "French National Centre for Scientific Research (CNRS) chose Hanoi"

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Corpus:
    reports: Path
    printed: str

    def page(self, name: str) -> BeautifulSoup:
        return BeautifulSoup((self.reports / f"{name}.html").read_text("utf-8"), "html.parser")

    def text(self, name: str) -> str:
        return " ".join(self.page(name).get_text(" ").split())


def build(root: Path, documents: list[str], source: Path = FIXTURE) -> Corpus:
    """Copy ``documents`` (stems, with sidecars) from ``source``, then build them all with
    the fixture's corrections."""
    folder = root / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    for stem in documents:
        for suffix in (".txt", ".yml"):
            shutil.copy(source / f"{stem}{suffix}", folder)
    environment = {
        **os.environ,
        "ANALYSIS_DOCUMENTS_DIR": str(folder),
        "ANALYSIS_CORRECTIONS_DIR": str(FIXTURE / "corrections"),
        "ANALYSIS_EXTRACTED_DIR": str(root / "extracted"),
        "ANALYSIS_PROCESSED_DIR": str(root / "processed"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(root / "reports")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:] + _tracebacks(root)
    return Corpus(root / "reports", done.stdout + done.stderr)


def _tracebacks(root: Path) -> str:
    """The error each failed report's notebook ends with, so that a failure on a CI machine
    says where it happened."""
    found = []
    for failed in sorted((root / "reports" / "notebooks").glob("*.failed.ipynb")):
        for cell in nbformat.read(failed, as_version=4).cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    found.append(f"{failed.name}:\n" + "\n".join(output.traceback[-6:]))
    return "\n\n".join(found)


def fixture_documents() -> list[str]:
    return sorted(path.stem for path in FIXTURE.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return build(tmp_path_factory.mktemp("corpus"), fixture_documents())


@pytest.fixture(scope="module")
def without_cnrs(tmp_path_factory) -> Corpus:
    chosen = [stem for stem in fixture_documents() if not stem.startswith("cnrs_")]
    return build(tmp_path_factory.mktemp("without-cnrs"), chosen)


@pytest.fixture(scope="module")
def one_document(tmp_path_factory) -> Corpus:
    return build(tmp_path_factory.mktemp("one"), ["ird_vietnam_30_years"])


def test_the_corpus_gets_overviews_a_comparison_and_profiles_across_institutions(corpus):
    built = {path.stem for path in corpus.reports.glob("*.html")} - {"index"}
    overviews = {f"institution_overview_{name.replace(' ', '_')}" for name in INSTITUTIONS}
    assert {"overview", "comparison", "country_profile_VNM", *overviews} <= built
    assert {path.stem for path in (corpus.reports / "review").glob("*.html")} == set(
        fixture_documents()
    )
    profile = corpus.text("country_profile_VNM")
    assert "Vietnam: 4 institutions, " in profile
    for institution in INSTITUTIONS:
        assert f" {institution} " in profile


def test_a_disagreement_shows_both_quotes_and_both_sources(corpus):
    for name in ("comparison", "country_profile_VNM", "overview"):
        section = corpus.page(name).find("ul", class_="conflicts")
        assert section is not None, name
        shown = " ".join(section.get_text(" ").split())
        assert OFFICE_2006 in shown and OFFICE_2007 in shown, name
        assert "cnrs_asean_profile" in shown and "cnrs_vietnam_office_news" in shown, name
    assert "1 fact(s) on which documents disagree" in corpus.printed


def test_titles_and_sources_come_from_the_sidecars(corpus):
    index = corpus.text("index")
    assert "CNRS, DAAD, IRD and KU Leuven" not in index  # more than three: counted
    assert "4 institutions: research cooperation with Asia, reports" in index
    assert corpus.page("institution_overview_IRD").title.get_text().startswith("IRD: ")
    assert "Viet Nam News" in corpus.text("institution_overview_IRD")  # its publisher


def test_a_corpus_without_cnrs_never_names_it(without_cnrs):
    pages = sorted(without_cnrs.reports.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert "CNRS" not in page.read_text("utf-8"), page.name


def test_one_document_of_another_institution_builds_every_report(one_document):
    names = {path.stem for path in one_document.reports.glob("*.html")}
    assert {"overview", "comparison", "phd_origins", "country_profile_VNM"} <= names
    assert not any(name.startswith("institution_overview_") for name in names)
    for page in one_document.reports.rglob("*.html"):
        assert "CNRS" not in page.read_text("utf-8"), page.name
    assert one_document.page("overview").title.get_text().startswith("IRD: ")


def test_the_whole_development_corpus_builds_with_its_disagreement_shown(tmp_path):
    documents = sorted(path.stem for path in DEVELOPMENT_CORPUS.glob("*.txt"))
    built = build(tmp_path, documents, DEVELOPMENT_CORPUS)
    names = {path.stem for path in built.reports.glob("*.html")}
    assert {"overview", "comparison", "institution_overview_CNRS"} <= names
    assert len([name for name in names if name.startswith("institution_overview_")]) >= 10
    assert len(list((built.reports / "review").glob("*.html"))) == len(documents)
    assert OFFICE_2007 in built.text("country_profile_VNM")
    assert built.page("comparison").find("ul", class_="conflicts") is not None


@pytest.mark.browser
@pytest.mark.parametrize("name", ["comparison", "country_profile_VNM"])
def test_the_comparison_and_a_country_profile_open_offline(browser, corpus, name):
    url = (corpus.reports / f"{name}.html").as_uri()
    visit = Visit(browser, url, {"width": 1280, "height": 900})
    try:
        visit.check_and_capture(screenshot_path(url, "-corpus"))
    finally:
        visit.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Corpus:
    """A document and a sidecar full of markup and script, beside an ordinary document."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "documents").mkdir()
    (root / "documents" / "hostile_note.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (root / "documents" / "hostile_note.yml").write_text(HOSTILE_SIDECAR, encoding="utf-8")
    return build(root, ["ird_vietnam_30_years"])


@pytest.mark.browser
def test_no_page_built_from_a_hostile_document_runs_its_script(browser, hostile):
    """Every page (index, overviews, comparison, profiles, review pages) opens in Chromium
    with no dialog, no request outside the file and no console error."""
    pages = sorted(hostile.reports.rglob("*.html"))
    assert {"comparison", "overview", "hostile_note"} <= {page.stem for page in pages}
    for page in pages:
        visit = Visit(browser, page.as_uri(), {"width": 1280, "height": 900})
        try:
            visit.page.wait_for_load_state("networkidle")
            assert (visit.dialogs, visit.outside, visit.errors) == ([], [], []), page.name
        finally:
            visit.close()
