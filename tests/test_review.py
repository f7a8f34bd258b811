"""The review page per document: the text with every extracted row and unexplained mention
marked, built by the real extraction on a temporary project (the seed document, a document
full of markup, one corrections file each), never in the repository's data/ or reports/."""

import io
import shutil
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from pipeline import SEED
from test_browser import ARTIFACTS, DESKTOP, PHONE, Visit
from test_reports_html import loads_from_outside

from analysis.errors import UserError
from analysis.extract import EXTRACTORS, extract
from analysis.extract.coverage import Coverage
from analysis.reports.review import Fact, Unexplained, segments, write_review_pages
from analysis.sidecar import sidecar_path

HOSTILE_TEXT = """Institute of Tests (IOT), Vietnam

In 2004, the IOT hosted 12 PhD students from Thailand <script>alert("text")</script> in its labs.
<img src=x onerror=alert(1)> The IOT signed an agreement with Kasetsart University in Thailand \
in 2010; see javascript:alert(2) or https://example.org/tracker.png.
In 2019 there might be 40 visits from Laos.
"""
HOSTILE_SIDECAR = """title: "<script>alert('title')</script> Notes & \\"quotes\\" on <b>us</b>"
publisher: "<img src=x onerror=alert(3)> Press"
institution: IOT
date: 2020-05-01
"""
CORRECTIONS_HEADER = "action,table,passage,occurrence,fields"
CORRECTIONS = {
    SEED.stem: 'add,phd_students,"2 from Singapore",,country=Singapore; year=2005; students=2',
    "hostile_note": 'add,activities,"<script>alert(""text"")</script>",,'
    "activity=<script>alert(4)</script>; country=<img src=x onerror=alert(5)>",
}


@dataclass(frozen=True)
class Project:
    documents: Path
    raw: Path
    corrections: Path
    pages: dict[str, Path]
    coverages: dict[str, Coverage]  # as `extract` returned (and printed) them


@dataclass(frozen=True)
class Piece:
    """A highlighted piece of the page's document text, at its offsets in that text."""

    start: int
    end: int
    classes: set[str]
    title: str


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("review-project")
    documents, corrections = root / "documents", root / "corrections"
    documents.mkdir()
    corrections.mkdir()
    shutil.copy(SEED, documents)
    shutil.copy(sidecar_path(SEED), documents)
    (documents / "hostile_note.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (documents / "hostile_note.yml").write_text(HOSTILE_SIDECAR, encoding="utf-8")
    for doc_id, line in CORRECTIONS.items():
        (corrections / f"{doc_id}.csv").write_text(f"{CORRECTIONS_HEADER}\n{line}\n")
    with redirect_stderr(io.StringIO()):
        _, coverages = extract(sorted(documents.glob("*.txt")), root / "raw", corrections)
    pages = write_review_pages(
        documents, root / "raw", root / "reports" / "review", corrections_dir=corrections
    )
    return Project(
        documents,
        root / "raw",
        corrections,
        {page.stem: page for page in pages},
        {coverage.doc_id: coverage for coverage in coverages},
    )


def soup_of(project: Project, doc_id: str) -> BeautifulSoup:
    return BeautifulSoup(project.pages[doc_id].read_text(encoding="utf-8"), "html.parser")


def shown_text(soup: BeautifulSoup) -> tuple[str, list[Piece]]:
    """The document text as the page shows it, and each highlighted piece's offsets in it."""
    box = soup.select_one(".document-text")
    pieces, offset = [], 0
    for node in box.children:
        text = node.get_text() if isinstance(node, Tag) else str(node)
        if isinstance(node, Tag):
            pieces.append(Piece(offset, offset + len(text), set(node["class"]), node["title"]))
        offset += len(text)
    return box.get_text(), pieces


def covering(pieces: list[Piece], start: int, end: int) -> list[Piece]:
    """The pieces over ``start``-``end``; they must tile it exactly."""
    found = [piece for piece in pieces if piece.start < end and start < piece.end]
    assert found and found[0].start == start and found[-1].end == end
    assert all(a.end == b.start for a, b in zip(found, found[1:], strict=False))
    return found


def raw_rows(project: Project, table: str, doc_id: str) -> list[dict]:
    frame = pd.read_csv(project.raw / f"{table}.csv", dtype=str, keep_default_na=False)
    return frame[frame.doc_id == doc_id].to_dict("records")


@pytest.mark.parametrize("doc_id", [SEED.stem, "hostile_note"])
def test_the_page_shows_the_whole_document_character_for_character(project, doc_id):
    text, _ = shown_text(soup_of(project, doc_id))
    assert text == (project.documents / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_id", [SEED.stem, "hostile_note"])
def test_every_extracted_row_is_highlighted_over_its_quote_with_its_values(project, doc_id):
    soup = soup_of(project, doc_id)
    text, pieces = shown_text(soup)
    listed = soup.select(".review-list .entry")
    checked = 0
    for table in EXTRACTORS:
        for row in raw_rows(project, table, doc_id):
            start, end = int(row["start"]), int(row["end"])
            assert text[start:end] == row["quote"]
            over = covering(pieces, start, end)
            assert all(f"fact-{table}" in piece.classes for piece in over), row
            values = [f"{name}={row[name]}" for name in ("country", "year") if name in row]
            assert all(value in over[0].title for value in values), (row, over[0].title)
            assert any(row["quote"] in entry.get_text() for entry in listed), row
            checked += 1
    assert checked > 0
    assert checked == len(soup.select('.entry[id^="list-row-"]'))


def test_an_analyst_row_is_marked_as_such_where_it_overlaps_a_rule_row(project):
    soup = soup_of(project, SEED.stem)
    _, pieces = shown_text(soup)
    (analyst,) = [r for r in raw_rows(project, "phd_students", SEED.stem) if r["origin"] != "rule"]
    (piece,) = covering(pieces, int(analyst["start"]), int(analyst["end"]))
    assert "overlap" in piece.classes
    assert "year=2005; students=2 (analyst)" in piece.title
    assert "year=2004; students=2 (rule)" in piece.title
    assert len(soup.select(".entry-origin-analyst")) == 1


@pytest.mark.parametrize("doc_id", [SEED.stem, "hostile_note"])
def test_every_unexplained_mention_is_marked_and_listed_with_its_reason(project, doc_id):
    soup = soup_of(project, doc_id)
    _, pieces = shown_text(soup)
    mentions = raw_rows(project, "unexplained", doc_id)
    assert mentions
    for mention in mentions:
        over = covering(pieces, int(mention["start"]), int(mention["end"]))
        assert all("unexplained" in piece.classes for piece in over)
        assert mention["reason"] in over[0].title
    listed = soup.select('.entry[id^="list-mention-"] .entry-reason')
    assert [reason.get_text() for reason in listed] == [mention["reason"] for mention in mentions]


@pytest.mark.parametrize("doc_id", [SEED.stem, "hostile_note"])
def test_the_coverage_figure_is_the_one_extract_prints(project, doc_id):
    coverage = project.coverages[doc_id]
    figure = " ".join(soup_of(project, doc_id).select_one(".review-coverage").get_text().split())
    assert str(coverage) == f"{doc_id}: {figure}"


def test_the_page_says_where_a_correction_goes_and_what_its_columns_are(project):
    soup = soup_of(project, SEED.stem)
    box = soup.select_one("#corrections").get_text()
    assert str(project.corrections / f"{SEED.stem}.csv") in box
    assert "it exists" in box
    assert CORRECTIONS_HEADER in box


def test_the_title_is_the_sidecars(project):
    soup = soup_of(project, SEED.stem)
    title = yaml.safe_load(sidecar_path(SEED).read_text(encoding="utf-8"))["title"]
    assert soup.title.get_text() == f"Extraction review: {title}"
    assert soup.h1.get_text() == title


def test_the_header_names_the_sidecars_institution_publisher_and_date(project):
    header = soup_of(project, "hostile_note").select_one(".review-source").get_text(" ", strip=True)
    assert header == "About IOT Publisher <img src=x onerror=alert(3)> Press Dated 2020-05-01"


def test_markup_in_the_document_sidecar_and_corrections_is_shown_never_run(project):
    html = project.pages["hostile_note"].read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert soup.find("script") is None
    handlers = [name for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert handlers == []
    assert "<script>alert('title')</script>" in soup.h1.get_text()
    assert '<script>alert("text")</script>' in soup.select_one(".document-text").get_text()
    assert "activity=<script>alert(4)</script>" in soup.select_one(".review-list").get_text()


@pytest.mark.parametrize("doc_id", [SEED.stem, "hostile_note"])
def test_nothing_is_loaded_or_linked_outside_the_page(project, doc_id):
    html = project.pages[doc_id].read_text(encoding="utf-8")
    assert loads_from_outside(html) == []
    links = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)]
    assert links and all(link.startswith("#") for link in links)


def test_overlapping_spans_split_the_text_and_each_piece_keeps_every_span():
    outer = Fact("row-1", "agreements", (("year", "1983"),), "abcdef", 0, 6, "rule")
    nested = Fact("row-2", "events", (("year", "1983"),), "def", 3, 6, "analyst")
    crossing = Fact("row-3", "phd_students", (), "efgh", 4, 8, "rule")
    loose = Unexplained("mention-1", "ij", "count", 8, 10, "no fact rule matched")
    pieces = segments("abcdefghijkl", [outer, nested, crossing, loose])
    assert [(p.text, p.classes if p.covering else None) for p in pieces] == [
        ("abc", "mark fact-agreements shade-agreements"),
        ("d", "mark fact-agreements fact-events shade-events overlap"),
        ("ef", "mark fact-agreements fact-events fact-phd_students shade-events overlap"),
        ("gh", "mark fact-phd_students shade-phd_students"),
        ("ij", "mark unexplained"),
        ("kl", None),
    ]
    assert pieces[2].target == "row-2"
    assert pieces[2].hover.splitlines() == [
        "agreements: year=1983 (rule)",
        "events: year=1983 (analyst)",
        "phd_students:  (rule)",
    ]


def test_tables_older_than_the_document_are_refused(project, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(project.raw, raw)
    phd = pd.read_csv(raw / "phd_students.csv", dtype=str, keep_default_na=False)
    phd.loc[0, "start"] = str(int(phd.loc[0, "start"]) + 1)
    phd.to_csv(raw / "phd_students.csv", index=False)
    with pytest.raises(UserError, match=r"phd_students.csv:2: .* run `python -m analysis extract`"):
        write_review_pages(project.documents, raw, tmp_path / "review")


def test_a_document_not_extracted_yet_is_refused(project, tmp_path):
    documents = tmp_path / "documents"
    shutil.copytree(project.documents, documents)
    (documents / "late_arrival.txt").write_text("A Late Institute, Vietnam\n\nIn 2004, 3 visits.\n")
    with pytest.raises(UserError, match="late_arrival.txt: not in"):
        write_review_pages(documents, project.raw, tmp_path / "review")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("viewport", "suffix"), [(DESKTOP, ""), (PHONE, "-phone")])
def test_chromium_opens_the_page_offline_without_errors(browser, project, viewport, suffix):
    for doc_id, page in project.pages.items():
        visit = Visit(browser, page.resolve().as_uri(), viewport)
        try:
            visit.check_and_capture(ARTIFACTS / "review" / f"{doc_id}{suffix}.png")
            assert not visit.overflows_sideways(), doc_id
            assert visit.page.locator(".document-text .mark").count() > 0
        finally:
            visit.close()


def test_the_index_links_every_review_page(tmp_path):
    """The index lists the review pages the build wrote beside the reports."""
    from analysis.reports import index, provenance

    (tmp_path / index.REVIEW_DIR).mkdir()
    for doc_id in ("first_doc", "second_doc"):
        (tmp_path / index.REVIEW_DIR / f"{doc_id}.html").write_text("<html></html>")
    page = index.write(tmp_path, {}, provenance.collect()).read_text()
    for doc_id in ("first_doc", "second_doc"):
        assert f'href="review/{doc_id}.html"' in page
