"""Warm kernels and incremental builds, through the real build: real kernels, real nbconvert.

Each test builds into its own temporary folder, from copies of the project's notebooks and of
the session's processed tables, which it then edits: nothing in the repository changes.
"""

import html
import io
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import paths
from analysis.pipeline import Options
from analysis.reports import build_all
from analysis.reports.runner import STAMPS

pytestmark = pytest.mark.slow

BUILT_AT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python", "language": "python", "name": "cnrs-analysis"},
    "language_info": {"name": "python"},
}
# A notebook that leaves behind all it can: a variable, a working folder, open figures, a
# changed matplotlib setting; and one that prints what a report could inherit.
POLLUTER = """\
import os, matplotlib.pyplot as plt
leaked = "from an earlier report"
os.chdir("/")
plt.figure(); plt.figure()
"""
PROBE = """\
import os, matplotlib.pyplot as plt
print(sorted(name for name in globals() if not name.startswith("_")
             and name not in {"In", "Out", "get_ipython", "exit", "quit", "open"}))
print(os.path.basename(os.getcwd()), plt.get_fignums(), get_ipython().execution_count)
"""
READS_TABLE = """\
from analysis import data
print(len(data.load(table)))
"""
READS_ROWS = """\
from analysis import data
print(data.rows("phd_students", country_iso3=country).students.tolist())
"""
READS_PASSAGE = """\
from analysis import data
print(data.passage(doc_id, 0, 40))
"""


def notebook(folder: Path, name: str, code: str, parameters: str = "") -> Path:
    """Write a one-heading notebook whose code cell runs ``code``."""
    cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
    if parameters:
        cells.append(nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    cells.append(nbformat.v4.new_code_cell(code))
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=KERNEL_METADATA), path)
    return path


def report_list(folder: Path, reports: dict[str, tuple[str, dict]]) -> Path:
    """A reports.toml of ``name = (notebook, parameters)``."""
    lines = []
    for name, (source, parameters) in reports.items():
        given = ", ".join(f'{key} = "{value}"' for key, value in parameters.items())
        lines += [f"[reports.{name}]", f'notebook = "{source}"', 'description = "a report"']
        lines += [f"parameters = {{ {given} }}"] if given else []
    path = folder / "reports.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(project: Path, out: Path, *, force: bool = False, jobs: int = 1) -> str:
    """Build every report of the project's list into ``out``; return what the build printed."""
    printed = io.StringIO()
    with redirect_stdout(printed):
        status = build_all(
            out,
            report_list=project / "reports.toml",
            notebooks_dir=project / "notebooks",
            countries=lambda: [],
            domains={},
            options=Options(jobs=jobs, force=force),
        )
    assert status == 0, printed.getvalue()
    return printed.getvalue()


def page(out: Path, name: str) -> str:
    return BUILT_AT.sub("<built>", (out / f"{name}.html").read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """Notebooks reading one table each, over a copy of the session's processed tables."""
    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, processed)
    monkeypatch.setattr(paths, "PROCESSED", processed)
    monkeypatch.setenv("ANALYSIS_PROCESSED_DIR", str(processed))  # the kernels' tables
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook(notebooks, "reads_table", READS_TABLE, parameters='table = "agreements"')
    notebook(notebooks, "plain", "print('no table')")
    reports = {
        "phd": ("reads_table", {"table": "phd_students"}),
        "agreements": ("reads_table", {"table": "agreements"}),
        "plain": ("plain", {}),
    }
    report_list(tmp_path, reports)
    return tmp_path


def mtimes(out: Path) -> dict[str, int]:
    """When each report's page was written (the index is rewritten by every build)."""
    return {
        path.name: path.stat().st_mtime_ns
        for path in out.glob("*.html")
        if path.name != "index.html"
    }


def test_a_build_with_nothing_changed_runs_no_report(project):
    out = project / "reports"
    build(project, out)
    before = mtimes(out)
    printed = build(project, out)
    assert printed.startswith("Built 0 of 3 reports, 3 up to date (skipped) in ")
    assert mtimes(out) == before


def test_a_changed_notebook_reruns_only_its_reports(project):
    out = project / "reports"
    build(project, out)
    before = mtimes(out)
    notebook(project / "notebooks", "plain", "print('changed')")
    assert build(project, out).startswith("Built 1 of 3 reports, 2 up to date (skipped) in ")
    changed = {name for name, mtime in mtimes(out).items() if mtime != before[name]}
    assert changed == {"plain.html"}
    assert "changed" in (out / "notebooks" / "plain.ipynb").read_text()


def test_a_changed_table_reruns_only_the_reports_that_read_it(project):
    out = project / "reports"
    build(project, out)
    stamp = (out / STAMPS / "phd.json").read_text()
    assert str(project / "processed" / "phd_students.csv") in stamp
    table = project / "processed" / "phd_students.csv"
    table.write_text("".join(table.read_text().splitlines(keepends=True)[:-1]))  # one row less
    before = mtimes(out)
    assert build(project, out).startswith("Built 1 of 3 reports, 2 up to date (skipped) in ")
    assert {name for name, mtime in mtimes(out).items() if mtime != before[name]} == {"phd.html"}


def test_an_edited_row_reruns_only_the_reports_that_read_it(project):
    """A report reads the rows of its country: a changed count elsewhere leaves it alone."""
    table = project / "processed" / "phd_students.csv"
    rows = pd.read_csv(table, dtype=str, keep_default_na=False)
    first, second = rows.country_iso3.iloc[:2]
    assert first != second
    notebook(project / "notebooks", "reads_rows", READS_ROWS, parameters='country = "VNM"')
    report_list(project, {name: ("reads_rows", {"country": name}) for name in (first, second)})
    out = project / "reports"
    build(project, out)
    before = mtimes(out)
    rows.loc[1, "students"] = str(int(rows.students.iloc[1]) + 1)
    rows.to_csv(table, index=False)
    assert build(project, out).startswith("Built 1 of 2 reports, 1 up to date (skipped) in ")
    changed = {name for name, mtime in mtimes(out).items() if mtime != before[name]}
    assert changed == {f"{second}.html"}


def test_a_document_edited_past_the_passage_a_report_shows_leaves_the_report_alone(
    project, monkeypatch
):
    documents = project / "documents"
    shutil.copytree(paths.DOCUMENTS, documents)
    monkeypatch.setattr(paths, "DOCUMENTS", documents)
    monkeypatch.setenv("ANALYSIS_DOCUMENTS_DIR", str(documents))
    text = sorted(documents.glob("*.txt"))[0]
    notebook(project / "notebooks", "quotes", READS_PASSAGE, parameters=f'doc_id = "{text.stem}"')
    report_list(project, {"quotes": ("quotes", {})})
    out = project / "reports"
    build(project, out)
    original = text.read_bytes()
    text.write_bytes(original + b"\nOne more sentence at the end.\n")
    assert build(project, out).startswith("Built 0 of 1 reports, 1 up to date (skipped) in ")
    text.write_bytes(b"Edited. " + original)
    assert build(project, out).startswith("Built 1 of 1 reports in ")
    assert "Edited. " in (out / "notebooks" / "quotes.ipynb").read_text()


def test_a_corrupt_or_missing_stamp_means_a_rebuild_not_a_crash(project):
    out = project / "reports"
    build(project, out)
    (out / STAMPS / "phd.json").write_text("{not json")
    (out / STAMPS / "agreements.json").unlink()
    (out / STAMPS / "plain.json").write_text('{"inputs": 3, "outputs": "not a list"}')
    assert build(project, out).startswith("Built 3 of 3 reports in ")


def test_a_missing_page_is_rebuilt_and_force_rebuilds_everything(project):
    out = project / "reports"
    build(project, out)
    (out / "plain.html").unlink()
    assert build(project, out).startswith("Built 1 of 3 reports, 2 up to date (skipped) in ")
    assert build(project, out, force=True).startswith("Built 3 of 3 reports in ")


def test_a_report_built_after_ten_others_in_one_kernel_is_the_page_built_alone(project):
    notebooks = project / "notebooks"
    notebook(notebooks, "polluter", POLLUTER)
    notebook(notebooks, "probe", PROBE)
    shutil.copy(paths.NOTEBOOKS / "country_profile.ipynb", notebooks)
    alone, after = project / "alone", project / "after"
    report_list(project, {"probe": ("probe", {}), "profile": ("country_profile", {})})
    build(project, alone)
    others = {f"polluter_{n}": ("polluter", {}) for n in range(5)}
    others |= {f"other_{n}": ("reads_table", {"table": "agreements"}) for n in range(5)}
    report_list(project, {**others, "probe": ("probe", {}), "profile": ("country_profile", {})})
    build(project, after, jobs=1)  # one thread: one kernel runs all twelve, in order
    assert page(after, "probe") == page(alone, "probe")
    assert page(after, "profile") == page(alone, "profile")
    assert "['os', 'plt']\nnotebooks [] 2" in html.unescape(page(alone, "probe"))  # nothing leaked
