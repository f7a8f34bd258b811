"""The command line as a user meets it: one clear line, a non-zero exit, no traceback, and
no half-written output."""

import subprocess
import sys
from pathlib import Path

import pytest
from pipeline import SECOND, SEED


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("extract", "clean", "build", "report"):
        assert command in result.stdout


def test_extract_and_clean_from_another_working_directory(tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    assert run("extract", SEED, SECOND, "--out", raw, cwd=tmp_path).returncode == 0
    result = run("clean", "--raw", raw, "--out", processed, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "phd_students 9" in result.stdout
    assert (processed / "agreements.csv").read_text().count("\n") == 1 + 5 + 4


def test_missing_document(tmp_path):
    assert_one_line_error(
        run("extract", tmp_path / "nope.txt", "--out", tmp_path), "nope.txt", "no such document"
    )


def test_document_that_is_not_utf8(tmp_path):
    document = tmp_path / "latin1.txt"
    document.write_bytes("Coopération avec le Viêt Nam en 1983".encode("latin-1"))
    assert_one_line_error(
        run("extract", document, "--out", tmp_path / "out"), "latin1.txt", "not UTF-8", "offset 4"
    )


def test_empty_document(tmp_path):
    document = tmp_path / "empty.txt"
    document.write_text("  \n\n ")
    assert_one_line_error(
        run("extract", document, "--out", tmp_path / "out"), "empty.txt", "document is empty"
    )


def test_a_bad_document_leaves_previous_tables_untouched(tmp_path):
    out = tmp_path / "raw"
    assert run("extract", SEED, "--out", out).returncode == 0
    before = {path.name: path.read_bytes() for path in out.glob("*.csv")}
    (tmp_path / "empty.txt").write_text("")
    assert run("extract", SEED, tmp_path / "empty.txt", "--out", out).returncode == 2
    assert {path.name: path.read_bytes() for path in out.glob("*.csv")} == before


@pytest.fixture
def raw_tables(tmp_path):
    raw = tmp_path / "raw"
    assert run("extract", SEED, "--out", raw).returncode == 0
    return raw


def test_invalid_table_names_table_row_column_and_value(raw_tables, tmp_path):
    path = raw_tables / "phd_students.csv"
    path.write_text(path.read_text().replace(",2004,47,", ",1450,47,"))
    out = tmp_path / "processed"
    result = run("clean", "--raw", raw_tables, "--out", out)
    assert_one_line_error(result, "phd_students", "row 2", "column year", "1450")
    assert not out.exists() or not list(out.glob("*.csv"))


def test_unknown_country_in_a_table_names_the_file_to_edit(raw_tables, tmp_path):
    path = raw_tables / "copublications.csv"
    path.write_text(path.read_text().replace("Myanmar", "Ruritania"))
    result = run("clean", "--raw", raw_tables, "--out", tmp_path / "processed")
    assert_one_line_error(result, "copublications", "'Ruritania'", "country_aliases.csv")


def test_malformed_table(raw_tables, tmp_path):
    (raw_tables / "joint_labs.csv").write_text("country\nVietnam\n")
    result = run("clean", "--raw", raw_tables, "--out", tmp_path / "processed")
    assert_one_line_error(result, "joint_labs.csv", "missing column(s) fields")


def test_missing_table(raw_tables, tmp_path):
    (raw_tables / "events.csv").unlink()
    result = run("clean", "--raw", raw_tables, "--out", tmp_path / "processed")
    assert_one_line_error(result, "events.csv", "no such raw table")


def test_failed_clean_keeps_the_last_good_processed_tables(raw_tables, tmp_path):
    out = tmp_path / "processed"
    assert run("clean", "--raw", raw_tables, "--out", out).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    path = raw_tables / "key_figures.csv"
    path.write_text(path.read_text().replace("about 1300", "about many"))
    result = run("clean", "--raw", raw_tables, "--out", out)
    assert_one_line_error(result, "key_figures", "column value", "'about many'")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


@pytest.mark.parametrize(
    ("arguments", "fragments"),
    [
        (["phd_origins", "-p", "year", "1999"], ["parameter 'year' = 1999", "choose from 2004"]),
        (["country_profile", "-p", "country", "FRA"], ["'FRA' is not a country in the data"]),
        (["phd_origins", "-p", "top_n", "many"], ["'top_n' = 'many'", "int"]),
        (["partner_countries", "-p", "colour", "red"], ["unknown parameter 'colour'", "region"]),
        (["agreement_timeline", "-p", "countries", "VNM,XXX"], ["'XXX' is not a country"]),
        (["nonexistent"], ["notebook 'nonexistent' not found", "phd_origins"]),
    ],
)
def test_report_parameters_are_checked_before_any_kernel_starts(arguments, fragments, tmp_path):
    out = tmp_path / "reports"
    assert_one_line_error(run("report", *arguments, "--out", out), *fragments)
    assert not out.exists() or not any(out.rglob("*.html"))


def test_a_year_that_is_not_a_year_is_named(raw_tables, tmp_path):
    path = raw_tables / "agreements.csv"
    path.write_text(path.read_text().replace(",1983,", ",19 83,"))
    result = run("clean", "--raw", raw_tables, "--out", tmp_path / "processed")
    assert_one_line_error(result, "agreements: row 1, column year:", "'19 83' is not a year")
