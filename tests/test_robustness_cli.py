"""The command line when a user gets something wrong, or stops it: one clear line, no
traceback, and every output file whole (its last good or its new complete version).

Report builds, kernels and the index are in test_robustness_build.py.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from pipeline import SEED
from test_cli import assert_one_line_error, run

from analysis import cli, paths
from analysis.errors import Interrupted, UserError
from analysis.reports import catalogue, parameters, run_one

TIMELINE = paths.NOTEBOOKS / "agreement_timeline.ipynb"


# The seed repeated: long enough that a signal sent once the command has begun arrives while
# it works, not after it has finished (the seed alone is cleaned in well under a second).
REPEATS = 30


@pytest.fixture(scope="module")
def long_document(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long_profile.txt"
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(title + "\n\n" + "\n\n".join([body] * REPEATS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def raw_tables(tmp_path_factory, long_document) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    assert run("extract", long_document, "--out", raw).returncode == 0
    return raw


def handles(pid: int, signum: int) -> bool:
    """Whether process ``pid`` has a handler for ``signum`` (Linux: SigCgt in /proc)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        pytest.skip("needs /proc to tell when the command is ready for the signal")
    caught = next(line for line in status.read_text().splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)


# 1. Ctrl-C and SIGTERM stop extract and clean with one line and exit status 130.


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("command", ["extract", "clean"])
def test_a_signal_stops_extract_or_clean_with_one_line(
    command, signum, raw_tables, long_document, tmp_path
):
    out = tmp_path / "out"
    arguments = [long_document] if command == "extract" else ["--raw", raw_tables]
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", command, *map(str, arguments), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not handles(process.pid, signal.SIGTERM):  # SIGTERM handled: the command has begun
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines() == [
        f"interrupted: {command} stopped; each file it writes is its last good or new complete "
        "version"
    ]
    assert not out.exists() or [path.name for path in out.glob(".*")] == []


class SignalledWhileFinalised:
    """An object whose finaliser receives a SIGINT: Python prints the handler's exception as
    "Exception ignored" and carries on, as when a signal lands in a library's ``__del__``."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.5)  # interrupted at once: the handler runs here, inside the finaliser


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_signal_whose_stop_is_swallowed_still_stops_the_command():
    with pytest.raises(Interrupted), cli._signals_stop():
        SignalledWhileFinalised()


# 3. An output folder that is a file, or lies under one; a raw folder that is a file.


@pytest.mark.parametrize("command", ["extract", "clean", "report"])
@pytest.mark.parametrize("under_a_file", [False, True], ids=["file", "under-a-file"])
def test_an_output_folder_that_is_a_file_is_one_line(command, under_a_file, tmp_path):
    inputs = {
        "extract": [SEED],
        "clean": ["--raw", tmp_path],
        "report": [paths.NOTEBOOKS / "overview.ipynb"],
    }
    a_file = tmp_path / "README.md"
    a_file.write_text("not a folder")
    out = a_file / "reports" if under_a_file else a_file
    problem = "cannot write files there (Not a directory)" if under_a_file else "is a file"
    assert_one_line_error(run(command, *inputs[command], "--out", out), f"{out}: {problem}")
    assert a_file.read_text() == "not a folder"


def test_a_raw_folder_that_is_a_file_is_one_line(tmp_path):
    a_file = tmp_path / "README.md"
    a_file.write_text("not a folder")
    result = run("clean", "--raw", a_file, "--out", tmp_path / "processed")
    assert_one_line_error(result, f"{a_file}: no such folder of raw tables")


# 5. A range given backwards is a parameter error, not an empty report.


def test_reversed_years_are_a_parameter_error(tmp_path):
    arguments = ["-p", "start_year", "2005", "-p", "end_year", "1990", "--out", tmp_path]
    result = run("report", "agreement_timeline", *arguments)
    assert_one_line_error(
        result, "agreement_timeline.ipynb: start_year = 2005 comes after end_year = 1990"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_range_is_checked_against_the_default_of_the_bound_not_given(tmp_path):
    cell = new_code_cell("start_year = 1980\nend_year = 2010")
    cell.metadata["tags"] = ["parameters"]
    notebook = tmp_path / "window.ipynb"
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=[cell], metadata={"kernelspec": kernel}), notebook)
    with pytest.raises(UserError, match=r"start_year = 2100 comes after end_year = 2010 \(its def"):
        parameters.check(notebook, {"start_year": "2100"}, {})
    assert parameters.check(notebook, {"start_year": "1990", "end_year": "2005"}, {}) == {
        "start_year": 1990,
        "end_year": 2005,
    }


def test_a_bound_that_defaults_to_the_data_leaves_the_range_to_the_data_checks():
    assert parameters.check(TIMELINE, {"start_year": "2100"}, {}) == {"start_year": 2100}


def test_a_notebook_papermill_cannot_read_is_one_line(tmp_path):
    cell = new_code_cell("year = 2004")
    cell.metadata["tags"] = ["parameters"]
    notebook = tmp_path / "broken.ipynb"
    nbformat.write(new_notebook(cells=[cell]), notebook)  # no kernel named in its metadata
    with pytest.raises(UserError, match=r"broken\.ipynb: cannot read its parameters \(No kernel"):
        parameters.declared(notebook)


# 7. Report names: short enough for a file name, and never a path.


def test_a_300_character_name_is_one_line(fixture_notebooks, tmp_path):
    name = "a" * 300
    result = run("report", fixture_notebooks / "chart.ipynb", "--name", name, "--out", tmp_path)
    assert_one_line_error(result, "report name 'aaa", "is 300 characters long; the most is 100")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../../x", "/tmp/x", "x/../../y", ".hidden"])
def test_a_name_that_is_a_path_is_one_line(name, fixture_notebooks, tmp_path):
    out = tmp_path / "deep" / "reports"
    result = run("report", fixture_notebooks / "chart.ipynb", "--name", name, "--out", out)
    assert_one_line_error(result, f"report name {name!r} may use only letters, digits")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_parameter_values_that_are_paths_name_a_report_inside_the_output_folder(
    fixture_notebooks, tmp_path, capsys
):
    out = tmp_path / "deep" / "reports"
    given = {"regions": "../../x,/tmp/x"}
    status = run_one("params", given, out, domains={}, notebooks_dir=fixture_notebooks)
    assert status == 0, capsys.readouterr()
    written = {path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file()}
    assert Path("deep/reports/params_regions-x-tmp-x.html") in written
    assert all(path.parts[:2] == ("deep", "reports") for path in written)


def test_generated_names_are_checked_like_given_ones(tmp_path):
    report_list = tmp_path / "reports.toml"
    report_list.write_text(
        '[generated.p]\nnotebook = "p"\nparameter = "country"\ndescription = "{name}"\n'
    )
    (report,) = catalogue.load(report_list, lambda: [("../x", "Nowhere")])
    assert report.name == "p__x" and report.parameters == {"country": "../x"}
    with pytest.raises(UserError, match="is 103 characters long; the most is 100"):
        catalogue.load(report_list, lambda: [("X" * 101, "Long")])


def test_a_long_name_in_the_report_list_is_one_line_naming_the_file(tmp_path):
    report_list = tmp_path / "reports.toml"
    report_list.write_text(f'[reports.{"a" * 101}]\nnotebook = "a"\ndescription = "A"\n')
    with pytest.raises(UserError, match="a name is 101 characters long; the most is 100"):
        catalogue.load(report_list)
