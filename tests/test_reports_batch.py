"""A batch with a failing report: the others still run, the last good page survives, exit 1."""

import base64
import io
import json

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from analysis.errors import UserError
from analysis.reports import execution, index
from analysis.reports.runner import STAMPS, default_name, resolve

BUILT = {"chart", "escaping", "profile_VNM", "profile_THA"}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def card(page, name):
    """The index card whose heading names ``name`` or links to ``name``.html."""
    for item in page.select("li.report-card"):
        link = item.select_one("h2 a")
        if (link and link["href"] == f"{name}.html") or item.h2.get_text() == name:
            return item
    raise AssertionError(f"no card for {name}")


@pytest.mark.slow
def test_the_exit_status_is_1_and_the_other_reports_are_built(batch):
    assert batch.status == 1
    for name in BUILT:
        assert (batch.out_dir / f"{name}.html").is_file()
        assert (batch.out_dir / "notebooks" / f"{name}.ipynb").is_file()


@pytest.mark.slow
def test_the_summary_names_each_failure_with_a_one_line_reason(batch):
    lines = batch.summary.splitlines()
    assert lines[0].startswith("Built 4 of 6 reports")
    failed = {line.split(":")[0]: line for line in lines if line.startswith("FAILED")}
    assert set(failed) == {"FAILED fails", "FAILED bad_params"}
    assert "ValueError: deliberate failure for the tests (cell [" in failed["FAILED fails"]
    assert "fails.failed.ipynb" in failed["FAILED fails"]
    assert "unknown parameter 'nope'" in failed["FAILED bad_params"]


@pytest.mark.slow
def test_the_failed_notebook_is_kept_beside_the_last_good_one(batch):
    notebooks = batch.out_dir / "notebooks"
    failed = json.loads((notebooks / "fails.failed.ipynb").read_text())
    errors = [
        o for c in failed["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"
    ]
    assert [error["ename"] for error in errors] == ["ValueError"]
    good = json.loads((notebooks / "fails.ipynb").read_text())
    assert good["metadata"]["papermill"]["parameters"] == {"fail": False}


@pytest.mark.slow
def test_the_last_good_page_of_a_failed_report_is_untouched(batch):
    assert (batch.out_dir / "fails.html").read_bytes() == batch.last_good


@pytest.mark.slow
def test_parameters_are_checked_before_any_kernel_starts(batch):
    assert not list((batch.out_dir / "notebooks").glob("bad_params*"))
    assert not (batch.out_dir / "bad_params.html").exists()


@pytest.mark.slow
def test_no_temporary_file_is_left_behind(batch):
    leftovers = [p.name for p in batch.out_dir.rglob(".*")]
    assert leftovers == [STAMPS]  # the stamps of the built reports, which are not temporary


@pytest.mark.slow
def test_generated_reports_receive_their_country(batch):
    executed = (batch.out_dir / "notebooks" / "profile_THA.ipynb").read_text()
    assert "THA 2004 0.5 False ['asean'] ['VNM', 'THA']" in executed


@pytest.mark.slow
def test_the_index_links_every_report_with_its_description(batch):
    page = soup(batch.out_dir / "index.html")
    links = {a["href"] for a in page.select("li.report-card h2 a")}
    assert links == {f"{name}.html" for name in BUILT | {"fails"}}
    assert "Script-like text from a <document> is shown" in card(page, "escaping").get_text()
    assert card(page, "profile_VNM").select_one("h2").get_text() == "Profile of VNM"


@pytest.mark.slow
def test_a_full_build_orders_the_index_as_the_report_list(batch):
    page = soup(batch.out_dir / "index.html")
    titles = [heading.get_text() for heading in page.select("li.report-card h2")]
    assert titles == [
        "Chart fixture",
        "Escaping fixture",
        "Failing fixture",  # built first, by run_one, yet placed as in the list
        "bad_params",
        "Profile of VNM",
        "Profile of THA",
    ]


@pytest.mark.slow
def test_the_index_lists_failures_and_links_the_last_good_page(batch):
    page = soup(batch.out_dir / "index.html")
    fails = card(page, "fails")
    assert "report-failed" in fails["class"]
    assert "ValueError: deliberate failure for the tests" in fails.get_text()
    assert fails.select_one("h2").get_text() == "Failing fixture"  # kept from the good build
    assert "last good version, built" in fails.get_text()
    bad = card(page, "bad_params")
    assert "report-failed" in bad["class"]
    assert bad.select_one("a") is None
    assert "No earlier version exists" in bad.get_text()


@pytest.mark.slow
def test_the_index_embeds_a_small_preview_of_the_first_chart(batch):
    page = soup(batch.out_dir / "index.html")
    preview = card(page, "chart").select_one("img.report-preview")
    header, data = preview["src"].split(",", 1)
    assert header == "data:image/png;base64"
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert image.width <= 320
    assert card(page, "escaping").select_one("img") is None  # no chart, no preview


def test_an_ad_hoc_report_is_named_after_its_notebook_and_parameters():
    name = default_name("partner_countries", {"region": "asean", "countries": "VNM,THA"})
    assert name == "partner_countries_region-asean_countries-VNM-THA"
    assert default_name("overview", {}) == "overview"


def test_a_missing_notebook_lists_the_available_ones(fixture_notebooks):
    with pytest.raises(UserError, match="available: chart, escaping, fails, params"):
        resolve("chrat", fixture_notebooks)
    assert resolve(str(fixture_notebooks / "chart.ipynb"), fixture_notebooks).name == "chart.ipynb"


def test_a_missing_kernel_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(execution, "KERNEL", "no-such-kernel-for-tests")
    with pytest.raises(UserError, match="ipykernel install --sys-prefix --name no-such-kernel"):
        execution.require_kernel()


def test_an_unreadable_index_manifest_is_a_user_error(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(UserError, match="manifest.json: unreadable"):
        index.load(tmp_path)
