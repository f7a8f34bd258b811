"""Analyst corrections: add a missed fact, reject a wrong one, each tied to its passage."""

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from pipeline import SECOND, rows

from analysis import paths
from analysis.clean import clean, clean_all
from analysis.errors import UserError
from analysis.extract import extract, extract_document
from analysis.reports import run_one

HEADER = "action,table,passage,occurrence,fields\n"


def corrections(tmp_path, *lines: str):
    folder = tmp_path / "corrections"
    folder.mkdir(exist_ok=True)
    (folder / f"{SECOND.stem}.csv").write_text(HEADER + "\n".join(lines) + "\n")
    return folder


def test_an_added_and_a_rejected_fact_flow_into_the_clean_tables(tmp_path):
    folder = corrections(
        tmp_path,
        'add,phd_students,"Between 2005 and 2008, about 40 PhD  students came from Vietnam",,'
        "country=Vietnam; year=2008; students=about 40",
        "reject,partner_countries,works most closely with Indonesia,,country=Indonesia",
    )
    extract([SECOND], tmp_path / "raw", folder)
    tables = clean_all(tmp_path / "raw")
    phd = tables["phd_students"]
    added = phd[phd.origin == "analyst"]
    assert rows(added, "country_iso3", "year", "students", "qualifier") == {
        ("VNM", 2008, 40, "approx")
    }
    text = SECOND.read_text()
    assert text[added.start.iloc[0] : added.end.iloc[0]] == added.quote.iloc[0]
    assert "IDN" not in set(tables["partner_countries"].country_iso3)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("add,phd_students,not in the text,,country=Laos", "is not in the document"),
        ("add,phd_students,DFG,,country=Laos", "occurs 9 times; say which"),
        ("add,phd_students,DFG,99,country=Laos", "occurrence '99'"),
        ("add,visits,the DFG,1,country=Laos", "table 'visits' is not one of"),
        ("add,phd_students,the DFG,1,colour=red", "field 'colour=red' is not one of"),
        ("move,phd_students,the DFG,1,", "action 'move' is not add or reject"),
    ],
)
def test_a_bad_correction_names_its_file_and_line(tmp_path, line, problem):
    folder = corrections(tmp_path, line)
    with pytest.raises(UserError, match=problem) as error:
        extract_document(SECOND, folder)
    assert f"{SECOND.stem}.csv:2" in str(error.value)


def test_an_added_fact_reaches_a_report_with_its_passage(tmp_path, monkeypatch):
    """A correction round-trips: extracted with origin 'analyst', cleaned, charted in a
    real kernel, and its passage shown in the HTML report."""
    folder = corrections(
        tmp_path,
        'add,phd_students,"Between 2005 and 2008, about 40 PhD  students came from Vietnam",,'
        "country=Vietnam; year=2008; students=about 40",
    )
    extract([SECOND], tmp_path / "raw", folder)
    clean(tmp_path / "raw", tmp_path / "processed")
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    monkeypatch.setenv("ANALYSIS_PROCESSED_DIR", str(tmp_path / "processed"))
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        status = run_one("phd_origins", {"year": "2008"}, tmp_path / "reports", name="corrected")
    assert status == 0
    page = (tmp_path / "reports" / "corrected.html").read_text()
    assert "came from Vietnam" in page
    assert "Viet" in page and "40" in page
