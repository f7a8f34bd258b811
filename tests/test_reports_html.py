"""The page a colleague receives: offline, no code, no script, alt text, footer, real title,
and no more CSS than it uses."""

import base64
import hashlib
import io
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from analysis import paths
from analysis.reports.sanitize import clean_html

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //
CSS_FETCH = re.compile(r"@import|url\(\s*['\"]?(?!data:)", re.IGNORECASE)
RESOURCE_ATTRIBUTES = ("src", "srcset", "poster", "data", "background")


def pages(batch):
    return sorted(batch.out_dir.glob("*.html"))


def read(batch, name):
    return (batch.out_dir / f"{name}.html").read_text(encoding="utf-8")


def loads_from_outside(html: str) -> list[str]:
    """Everything in ``html`` that a browser would fetch from outside the file."""
    soup = BeautifulSoup(html, "html.parser")
    found = [
        f"<{tag.name} {attribute}={tag[attribute]!r}>"
        for tag in soup.find_all(True)
        for attribute in RESOURCE_ATTRIBUTES
        if tag.has_attr(attribute) and not tag[attribute].startswith("data:")
    ]
    found += [f"<link href={link['href']!r}>" for link in soup.find_all("link", href=True)]
    css = [style.get_text() for style in soup.find_all("style")]
    css += [tag["style"] for tag in soup.find_all(style=True)]
    found += [match.group(0) for text in css for match in CSS_FETCH.finditer(text)]
    return found


@pytest.mark.slow
def test_every_page_loads_nothing_from_outside_the_file(batch):
    for page in pages(batch):
        html = page.read_text(encoding="utf-8")
        assert loads_from_outside(html) == [], page.name
        soup = BeautifulSoup(html, "html.parser")
        links = [a["href"] for a in soup.find_all("a", href=True)]
        assert not [href for href in links if EXTERNAL.match(href)], page.name


@pytest.mark.slow
def test_no_page_contains_a_script_or_an_event_handler(batch):
    for page in pages(batch):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("script") is None, page.name
        handlers = [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
        assert handlers == [], page.name


@pytest.mark.slow
def test_no_page_carries_jupyterlabs_stylesheet(batch):
    """Its 256 KB style JupyterLab's whole interface through ``--jp-`` variables; a page
    carries only report.css and notebook.css (test_browser checks each rule styles
    something)."""
    for page in pages(batch):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        css = "".join(style.get_text() for style in soup.find_all("style"))
        assert "--jp-" not in css, page.name


@pytest.mark.slow
def test_index_thumbnails_are_palette_pngs(batch):
    soup = BeautifulSoup(read(batch, "index"), "html.parser")
    thumbnails = soup.select("img.report-preview")
    assert thumbnails
    for thumbnail in thumbnails:
        header, data = thumbnail["src"].split(",", 1)
        assert header == "data:image/png;base64"
        assert Image.open(io.BytesIO(base64.b64decode(data))).mode == "P"


@pytest.mark.slow
def test_script_text_from_outputs_is_shown_as_text(batch):
    html = read(batch, "escaping")
    assert "<script>alert" not in html
    for printed in ("alert(1)", "alert(2)", "alert(3)"):  # stdout, text/plain, text/html
        assert f"&lt;script&gt;{printed}&lt;/script&gt;" in html
    assert "alert(4)" not in html  # the onclick attribute is dropped


@pytest.mark.slow
def test_html_that_reports_need_survives_sanitizing(batch):
    soup = BeautifulSoup(read(batch, "escaping"), "html.parser")
    assert soup.find("p", string="Kept paragraph")
    assert soup.select_one("details > summary").get_text() == "Sources"
    assert soup.select_one("details mark").get_text() == "highlighted quote"
    table = soup.select_one("table.dataframe")
    assert [th.get_text() for th in table.select("thead th")] == ["", "country", "students"]


@pytest.mark.slow
def test_charts_keep_the_alt_text_the_notebook_gave_them(batch):
    soup = BeautifulSoup(read(batch, "chart"), "html.parser")
    images = soup.find_all("img")
    assert [image["alt"] for image in images] == [
        "Bar chart of PhD students: Vietnam 161, Thailand 47, Singapore 2",  # image/png + metadata
        "HTML bar chart of PhD students",  # the <img> of a text/html output
    ]
    assert all(image["src"].startswith("data:image/png;base64,") for image in images)


@pytest.mark.slow
def test_code_and_prompts_are_hidden_and_the_page_says_where_the_code_is(batch):
    html = read(batch, "chart")
    soup = BeautifulSoup(html, "html.parser")
    assert "savefig" not in html and "matplotlib" not in html
    assert not soup.select(".jp-InputArea-editor, .jp-InputPrompt, .jp-OutputPrompt")
    assert "notebooks/chart.ipynb" in soup.select_one("footer").get_text()
    assert "savefig" in (batch.out_dir / "notebooks" / "chart.ipynb").read_text()


@pytest.mark.slow
def test_every_page_ends_with_date_version_and_document_hashes(batch):
    documents = sorted(paths.DOCUMENTS.glob("*.txt"))
    assert documents
    for page in pages(batch):
        footer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").footer
        text = " ".join(footer.get_text().split())
        assert re.search(r"Built \d{4}-\d\d-\d\d \d\d:\d\d UTC by cnrs-asean-analysis \d", text)
        for document in documents:
            digest = hashlib.sha256(document.read_bytes()).hexdigest()
            assert f"{document.stem} {digest}" in text, page.name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("chart", "Chart fixture"),
        ("escaping", "Escaping fixture"),
        ("profile_VNM", "Profile of VNM"),
    ],
)
def test_the_title_is_the_first_heading_not_the_file_name(batch, name, title):
    assert BeautifulSoup(read(batch, name), "html.parser").title.get_text() == title


@pytest.mark.slow
def test_pages_are_laid_out_for_phones_and_paper(batch):
    html = read(batch, "chart")
    assert '<meta content="width=device-width, initial-scale=1.0" name="viewport"/>' in html
    assert "@media print" in html and "details::details-content" in html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
        ('<img src="https://example.org/x.png" alt="x">', '<img alt="x">'),
        ('<img src="x" onerror="alert(1)">', "<img>"),
        (
            '<p style="color: red; background-image: url(https://x/y)">x</p>',
            '<p style="color: red;">x</p>',
        ),
        (
            '<iframe src="https://example.org"></iframe>',
            '&lt;iframe src="https://example.org"&gt;&lt;/iframe&gt;',
        ),
        (
            "<details open><summary>s</summary><mark>m</mark></details>",
            "<details open><summary>s</summary><mark>m</mark></details>",
        ),
    ],
)
def test_the_sanitizer_keeps_what_reports_use_and_nothing_that_runs_or_fetches(dirty, clean):
    assert clean_html(dirty) == clean


def test_a_heading_printed_by_code_titles_the_page():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from analysis.reports.html import title_of

    printed = new_code_cell(outputs=[new_output("display_data", {"text/markdown": "## Laos"})])
    notebook = new_notebook(cells=[new_markdown_cell("# Country profile"), printed])
    assert title_of(notebook, fallback="x") == "Laos"
    notebook.cells.pop()
    assert title_of(notebook, fallback="x") == "Country profile"
