"""Open the reports in a real Chromium, from file://, as a colleague would from an attachment.

From the index, every linked page is opened: each image must decode, no request may leave
the file (only file: and data: URLs), the console must stay free of errors. A full-page
screenshot of each page goes to tests/artifacts/browser/, at desktop and at phone width.

The ``browser`` fixture (tests/conftest.py) skips outside CI when Debian's ``chromium`` is
missing; with CI=true it fails.
The pages are those of the fixture batch and of the project's real reports, built from the
real notebooks and data into a temporary folder (as `make reports` would). Between them they
use every rule of the CSS that reports and the index carry: none is dead weight.
"""

import base64
import io
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from PIL import Image

ARTIFACTS = Path(__file__).parent / "artifacts" / "browser"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PAPER = {"width": 720, "height": 1000}  # A4 less margins, at 96 dpi

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="session")
def real_reports(tmp_path_factory) -> Path:
    """Every report of reports.toml, built from the real notebooks and processed data."""
    from analysis.reports import build_all

    out_dir = tmp_path_factory.mktemp("real-reports")
    assert build_all(out_dir) == 0
    return out_dir


@pytest.fixture(scope="session", params=["fixture-batch", "real-reports"])
def report_dir(request) -> Path:
    """The folder whose index.html is opened."""
    if request.param == "real-reports":
        return request.getfixturevalue("real_reports")
    return request.getfixturevalue("batch").out_dir


# The selectors of a page's rules that match no element of it. Pseudo-elements (::before,
# ::details-content) become their element, which querySelector can look for.
UNMATCHED_RULES = r"""() => {
  const rules = [], unmatched = [];
  const visit = list => { for (const rule of list) {
    if (rule.selectorText === undefined) { if (rule.cssRules) visit(rule.cssRules); continue; }
    rules.push(rule.selectorText);
    const element = rule.selectorText.replace(/::[\w-]+/g, ':is(*)');
    if (!document.querySelector(element)) unmatched.push(rule.selectorText);
  } };
  for (const sheet of document.styleSheets) visit(sheet.cssRules);
  return {rules, unmatched};
}"""


class Visit:
    """One page opened in a fresh context, recording what a reader's browser would do."""

    def __init__(self, browser, url: str, viewport: dict):
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.outside, self.errors, self.dialogs = [], [], []
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="load")

    def _dialog(self, dialog) -> None:
        """A script ran (alert, confirm): record it and close the dialog."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request) -> None:
        if urlparse(request.url).scheme not in {"file", "data"}:
            self.outside.append(request.url)

    def broken_images(self) -> list[str]:
        return self.page.evaluate(
            "Array.from(document.images)"
            ".filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.alt || i.src.slice(0, 60))"
        )

    def links(self) -> list[str]:
        """Absolute file: URLs of the other pages this one links to."""
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        return [h.split("#")[0] for h in hrefs if h.startswith("file:") and ".html" in h]

    def check_and_capture(self, shot: Path) -> None:
        self.page.wait_for_load_state("networkidle")
        assert self.broken_images() == [], self.page.url
        assert self.outside == [], self.page.url
        assert self.errors == [], self.page.url
        assert self.dialogs == [], self.page.url
        shot.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=shot, full_page=True)

    def overflows_sideways(self) -> bool:
        return self.page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )

    def close(self) -> None:
        self.context.close()


def screenshot_path(url: str, suffix: str = "") -> Path:
    """tests/artifacts/browser/<report folder>/<page><suffix>.png"""
    page = Path(urlparse(url).path)
    return ARTIFACTS / page.parent.name / f"{page.stem}{suffix}.png"


def test_every_page_opens_offline_with_images_and_without_errors(browser, report_dir):
    index = (report_dir / "index.html").resolve().as_uri()
    queue, seen = [index], set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        visit = Visit(browser, url, DESKTOP)
        try:
            visit.check_and_capture(screenshot_path(url))
            queue += [urljoin(url, link) for link in visit.links()]
        finally:
            visit.close()
    assert len(seen) > 1, "the index links no report"


def test_index_and_a_report_fit_a_phone_screen(browser, report_dir):
    index = report_dir / "index.html"
    report = next(p for p in sorted(report_dir.glob("*.html")) if p.name != "index.html")
    for page in (index, report):
        visit = Visit(browser, page.resolve().as_uri(), PHONE)
        try:
            visit.check_and_capture(screenshot_path(visit.page.url, "-phone"))
            assert not visit.overflows_sideways(), page.name
        finally:
            visit.close()


def test_a_wide_table_scrolls_inside_the_page_on_a_phone(browser, batch):
    visit = Visit(browser, (batch.out_dir / "escaping.html").resolve().as_uri(), PHONE)
    try:
        visit.check_and_capture(screenshot_path(visit.page.url, "-phone"))
        assert not visit.overflows_sideways()
        assert visit.page.evaluate(
            "Array.from(document.querySelectorAll('table'))"
            ".some(t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX == 'auto')"
        )
    finally:
        visit.close()


def test_printing_opens_details_and_fits_wide_tables_on_the_page(browser, batch):
    visit = Visit(browser, (batch.out_dir / "escaping.html").resolve().as_uri(), PAPER)
    try:
        hidden = visit.page.locator("details mark")
        assert not hidden.is_visible()
        visit.page.emulate_media(media="print")
        assert hidden.is_visible()
        assert not visit.overflows_sideways()
    finally:
        visit.close()


def test_every_css_rule_styles_something_on_some_page(browser, batch, real_reports):
    """A rule may match nothing on one page (a table rule on a page of charts), but each must
    style something on some page: the CSS is what the reports use, not a notebook's."""
    pages = sorted(batch.out_dir.glob("*.html")) + sorted(real_reports.glob("*.html"))
    carried, unmatched = Counter(), Counter()
    for page in pages:
        visit = Visit(browser, page.resolve().as_uri(), DESKTOP)
        try:
            found = visit.page.evaluate(UNMATCHED_RULES)
        finally:
            visit.close()
        carried.update(set(found["rules"]))
        unmatched.update(set(found["unmatched"]))
    assert carried
    assert [rule for rule, pages in carried.items() if unmatched[rule] == pages] == []


def test_real_reports_run_no_script_and_show_palette_charts_with_alt_text(real_reports):
    reports = [page for page in sorted(real_reports.glob("*.html")) if page.name != "index.html"]
    assert reports
    for page in reports:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("script") is None, page.name
        for image in soup.find_all("img"):
            assert image.get("alt", "").strip(), page.name
            header, data = image["src"].split(",", 1)
            assert header == "data:image/png;base64", page.name
            assert Image.open(io.BytesIO(base64.b64decode(data))).mode == "P", image["alt"]
