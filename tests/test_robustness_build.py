"""The build and report commands when things go wrong around them: Ctrl-C and SIGTERM, kill -9
of a build or of a kernel, read-only output, runs at the same time, bad options. Each case
ends in one clear line (no traceback) or a correct result, and reports/ holds, for each
report, its last good page or its new complete one.

Builds run in real processes through a small driver that points the project's paths at a
temporary project (``project``): reports.toml, notebooks and data all live in pytest's
temporary folders, never in the repository's data/ or reports/.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.atomic import TEMPORARY
from analysis.errors import UserError
from analysis.reports import catalogue, html
from analysis.reports.provenance import Provenance
from analysis.reports.sanitize import clean_html

TIMEOUT = 300  # seconds for a whole command; each waits far less on a working machine
INTERRUPTED = "interrupted: 1 of 2 reports built; the others keep their last good version"
SLOW_FILES = ["slow.html", "notebooks/slow.ipynb"]  # the slow report's last good build
# Runs `python -m analysis` with the project's paths pointed at the folder given first.
DRIVER = """
import sys
from pathlib import Path

from analysis import paths

root = Path(sys.argv[1])
paths.EXTRACTED, paths.PROCESSED = root / "data" / "extracted", root / "data" / "processed"
paths.REPORT_LIST, paths.NOTEBOOKS = root / "reports.toml", root / "notebooks"

from analysis.cli import main

sys.exit(main(sys.argv[2:]))
"""
SLOW = """\
import os
import time
from pathlib import Path

if marker:
    Path(marker).write_text(str(os.getpid()))  # tells the test the kernel is at work
time.sleep(seconds)
"""
SIGNALS = """\
from pathlib import Path


def note_sigint(signum, frame):
    Path(marker).write_text("SIGINT")


# ipykernel puts this handler back after each request, so it sees a SIGINT between requests.
get_ipython().kernel.saved_sigint_handler = note_sigint
"""


def write_notebook(path: Path, title: str, parameters: str, body: str) -> Path:
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    notebook = new_notebook(cells=[new_markdown_cell(title), cell, new_code_cell(body)])
    notebook.metadata["kernelspec"] = {
        "name": "cnrs-analysis",
        "display_name": "Python",
        "language": "python",
    }
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def project(tmp_path, fixture_notebooks) -> Path:
    """A project with two notebooks: ``chart`` (the fixture) and ``slow``, which sleeps."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(fixture_notebooks / "chart.ipynb", notebooks)
    write_notebook(notebooks / "slow.ipynb", "# Slow fixture", 'seconds = 0.0\nmarker = ""', SLOW)
    write_notebook(notebooks / "signals.ipynb", "# Signals fixture", 'marker = ""', SIGNALS)
    list_reports(tmp_path, ["chart", "slow"])
    return tmp_path


def list_reports(root: Path, names: list[str], **slow: object) -> None:
    """Write root/reports.toml: the reports ``names`` in this order, ``slow`` given ``slow``."""
    entries = []
    for name in names:
        entry = f'[reports.{name}]\nnotebook = "{name}"\ndescription = "The {name} report"\n'
        if name == "slow" and slow:
            values = ", ".join(f"{key} = {json.dumps(value)}" for key, value in slow.items())
            entry += f"parameters = {{ {values} }}\n"
        entries.append(entry)
    (root / "reports.toml").write_text("\n".join(entries), encoding="utf-8")


def start_build(root: Path, *args: str) -> subprocess.Popen:
    """``python -m analysis build --out root/reports ARGS`` in the project at ``root``."""
    command = [sys.executable, "-c", DRIVER, root, "build", "--out", root / "reports", *args]
    return popen(command)


def start(*args: object) -> subprocess.Popen:
    """``python -m analysis ARGS``."""
    return popen([sys.executable, "-m", "analysis", *args])


def popen(command: list) -> subprocess.Popen:
    return subprocess.Popen(
        list(map(str, command)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return process.returncode, stdout, stderr


def build(root: Path, *args: str) -> tuple[int, str, str]:
    return finish(start_build(root, *args))


def wait_for(path: Path, process: subprocess.Popen) -> str:
    """The text of ``path`` once the running ``process`` has written it."""
    deadline = time.monotonic() + TIMEOUT
    while not path.exists() or not path.read_text():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)
    return path.read_text()


def ended(pid: int) -> bool:
    """Whether process ``pid`` has ended; a zombie (ended, not yet reaped) has."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def wait_until_ended(pid: int) -> bool:
    deadline = time.monotonic() + 30
    while not ended(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return ended(pid)


def kill(pid: int) -> None:
    """End a process the test started (possibly through a build), if it still runs."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def temporary_leftovers(reports: Path) -> list[str]:
    return sorted(path.name for path in reports.rglob(".*") if TEMPORARY.fullmatch(path.name))


@contextmanager
def read_only(folder: Path):
    """``folder`` made read-only: by its mode, or, for root, whom modes do not stop, by the
    immutable attribute."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a folder read-only")
    if subprocess.run(["chattr", "+i", folder], capture_output=True).returncode != 0:
        pytest.skip(f"chattr +i is not supported on {folder}'s file system")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", folder], check=True)


@pytest.fixture
def built(project) -> Path:
    """``project`` after a first good build of chart and slow."""
    status, stdout, stderr = build(project)
    assert status == 0, stderr
    return project


# 1. Ctrl-C and SIGTERM stop a build: kernels killed, one line, exit 130, last good pages kept.


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_a_build_kills_its_kernels_and_keeps_the_last_good_pages(built, signum):
    reports = built / "reports"
    last_good = {name: (reports / name).read_bytes() for name in SLOW_FILES}
    marker = built / "started"
    list_reports(built, ["chart", "slow"], seconds=600.0, marker=str(marker))
    process = start_build(built, "--jobs", "1", "--force")  # chart is rebuilt, not skipped
    kernel = int(wait_for(marker, process))
    try:
        process.send_signal(signum)
        status, _, stderr = finish(process)
        assert wait_until_ended(kernel)
    finally:
        kill(kernel)
    assert status == 130
    assert stderr.strip().splitlines()[-1] == INTERRUPTED
    assert "Traceback" not in stderr and "[IPKernelApp]" not in stderr
    assert {name: (reports / name).read_bytes() for name in SLOW_FILES} == last_good
    assert BeautifulSoup((reports / "chart.html").read_text(), "html.parser").footer
    manifest = json.loads((reports / "manifest.json").read_text())
    assert [entry["failure"] for entry in manifest.values()] == [None, None]
    assert "time.sleep" in (reports / "notebooks" / "slow.failed.ipynb").read_text()  # how far
    assert temporary_leftovers(reports) == []


# 2. A normal run sends its kernel no SIGINT, which the kernel logged as an ERROR.


@pytest.mark.slow
def test_a_finished_report_is_not_interrupted_at_shutdown(project):
    marker = project / "interrupted"
    status, _, stderr = finish(
        start(
            "report",
            project / "notebooks" / "signals.ipynb",
            "-p",
            "marker",
            marker,
            "--out",
            project / "reports",
        )
    )
    assert status == 0, stderr
    assert "[IPKernelApp]" not in stderr
    assert not marker.exists()


# 3, 4, 11. Bad options and a bad report list are refused before the documents are extracted.


@pytest.mark.slow
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--only", "chrat"], "error: no report matches 'chrat'; reports are: chart, slow"),
        (["--jobs", "0"], "error: --jobs 0: give 1 or more reports to build at once"),
        (["--jobs", "-1"], "error: --jobs -1: give 1 or more reports to build at once"),
        (["--out", "{root}/reports.toml"], "error: {root}/reports.toml: is a file, not a folder"),
    ],
)
def test_build_refuses_bad_options_before_extracting(project, arguments, message):
    arguments = [argument.format(root=project) for argument in arguments]
    status, _, stderr = build(project, *arguments)
    assert (status, stderr.strip().splitlines()) == (2, [message.format(root=project)])
    assert not (project / "data").exists()


@pytest.mark.slow
def test_build_refuses_a_broken_report_list_before_extracting(project):
    (project / "reports.toml").write_text("[reports.chart\n")
    status, _, stderr = build(project)
    assert status == 2
    [line] = stderr.strip().splitlines()
    assert line.startswith(f"error: {project / 'reports.toml'}: not valid TOML")
    assert not (project / "data").exists()


def test_only_is_checked_for_every_country_a_generated_report_may_have(tmp_path):
    report_list = tmp_path / "reports.toml"
    report_list.write_text(
        '[reports.a]\nnotebook = "a"\ndescription = "A"\n'
        '[generated.profile]\nnotebook = "p"\nparameter = "country"\ndescription = "{name}"\n'
    )
    catalogue.check(report_list, ["profile_VNM", "profile_*", "a"])
    listing = "reports are: a, profile_<ISO3> (one per country in the data)"
    with pytest.raises(UserError, match=re.escape(f"no report matches 'profil_VNM'; {listing}")):
        catalogue.check(report_list, ["profil_VNM"])


# 6. A read-only output folder: one line, and the summary of what was attempted.


@pytest.mark.slow
def test_a_read_only_output_folder_is_one_line_before_any_kernel_starts(project):
    reports = project / "reports"
    chart = ("report", project / "notebooks" / "chart.ipynb", "--name", "chart", "--out", reports)
    assert finish(start(*chart))[0] == 0
    before = {path: path.read_bytes() for path in reports.rglob("*") if path.is_file()}
    with read_only(reports):
        status, stdout, stderr = finish(start(*chart))
    assert (status, stdout) == (2, "")
    [line] = stderr.strip().splitlines()
    assert line.startswith(f"error: {reports}: cannot write files there (")
    assert {path: path.read_bytes() for path in reports.rglob("*") if path.is_file()} == before


@pytest.mark.slow
def test_a_folder_made_read_only_during_a_run_keeps_the_summary(project):
    reports, marker = project / "reports", project / "started"
    slow = project / "notebooks" / "slow.ipynb"
    arguments = ("-p", "seconds", "2", "-p", "marker", marker, "--name", "slow", "--out", reports)
    process = start("report", slow, *arguments)
    wait_for(marker, process)
    with read_only(reports):
        status, stdout, stderr = finish(process)
    assert status == 2
    built, failed = stdout.splitlines()
    assert built == f"Built 0 of 1 reports in {reports}; see {reports / 'index.html'}"
    assert failed.startswith("FAILED slow: PermissionError: ")
    assert (
        stderr.strip().splitlines()[-1].startswith(f"error: {reports / 'index.html'}: not updated")
    )
    assert "Traceback" not in stderr


# 7 is in test_robustness_cli.py. 8. kill -9 of a build, or of one kernel.


@pytest.mark.slow
def test_the_next_build_removes_what_a_build_killed_outright_left(project):
    reports, marker = project / "reports", project / "started"
    list_reports(project, ["slow"], seconds=600.0, marker=str(marker))
    process = start_build(project)
    kernel = int(wait_for(marker, process))
    other_run = popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        process.kill()
        process.communicate()
        assert temporary_leftovers(reports)  # the killed build's running folder
        alive = reports / "notebooks" / f".running.tmp{other_run.pid}-abcdefgh"
        alive.mkdir()
        list_reports(project, ["slow"])
        status, _, stderr = build(project)
    finally:
        kill(kernel)
        other_run.kill()
        other_run.wait()
    assert status == 0, stderr
    assert temporary_leftovers(reports) == [alive.name]
    assert (reports / "slow.html").is_file()


@pytest.mark.slow
def test_a_kernel_killed_outright_fails_only_its_report(project):
    reports, marker = project / "reports", project / "started"
    list_reports(project, ["slow", "chart"], seconds=600.0, marker=str(marker))
    process = start_build(project, "--jobs", "1")
    kernel = int(wait_for(marker, process))
    os.kill(kernel, signal.SIGKILL)
    status, stdout, stderr = finish(process)
    assert status == 1
    kept = reports / "notebooks" / "slow.failed.ipynb"
    assert stdout.splitlines()[1:] == [
        f"FAILED slow: the kernel died (killed, or out of memory) (executed notebook: {kept})"
    ]
    assert (reports / "chart.html").is_file()
    assert "Traceback" not in stderr and "Kernel died" not in stderr


# 9. Runs at the same time add to the index; a lock left by a killed run is taken over.

HOLD_LOCK = """
import sys
import time
from pathlib import Path

from analysis.reports import index

with index.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


@pytest.mark.slow
def test_two_runs_at_once_keep_each_others_index_entries(project):
    reports, chart = project / "reports", project / "notebooks" / "chart.ipynb"
    runs = [start("report", chart, "--name", name, "--out", reports) for name in ("one", "two")]
    assert [finish(run)[0] for run in runs] == [0, 0]
    assert set(json.loads((reports / "manifest.json").read_text())) == {"one", "two"}
    page = BeautifulSoup((reports / "index.html").read_text(), "html.parser")
    assert {a["href"] for a in page.select("li.report-card h2 a")} == {"one.html", "two.html"}


@pytest.mark.slow
def test_the_index_lock_of_a_killed_run_is_taken_over(project):
    reports, chart = project / "reports", project / "notebooks" / "chart.ipynb"
    reports.mkdir()
    holder = popen([sys.executable, "-c", HOLD_LOCK, reports])
    try:
        assert holder.stdout.readline() == "locked\n", holder.communicate()
        run = start("report", chart, "--name", "chart", "--out", reports)
        wait_for(reports / "chart.html", run)  # written before the index is updated
        time.sleep(1.5)
        assert run.poll() is None  # waiting for the lock
        holder.kill()
        status, _, stderr = finish(run)
    finally:
        holder.kill()
        holder.communicate()
    assert status == 0, stderr
    assert "chart" in json.loads((reports / "manifest.json").read_text())


# 10. A style sheet in a Markdown cell is removed: it could make the page fetch.

STYLE_IMPORT = "<style>@import url(http://127.0.0.1:9/x.css)</style>"


def styled_page() -> str:
    cell = new_markdown_cell(f"# Styled\n\n{STYLE_IMPORT}\n\nText after the style sheet.")
    provenance = Provenance("2024-01-01 00:00 UTC", "0", ())
    return html.export(
        new_notebook(cells=[cell]), title="Styled", provenance=provenance, code_note=""
    )


def test_the_sanitizer_removes_a_style_sheet_with_its_content():
    assert clean_html(f"{STYLE_IMPORT}<p>kept</p>") == "<p>kept</p>"


def test_a_style_sheet_in_a_markdown_cell_is_not_in_the_page():
    page = styled_page()
    assert "Text after the style sheet." in page
    assert "127.0.0.1:9" not in page and "@import" not in page


@pytest.mark.browser
@pytest.mark.slow
def test_a_page_with_a_style_sheet_in_a_markdown_cell_fetches_nothing(browser, tmp_path):
    path = tmp_path / "styled.html"
    path.write_text(styled_page(), encoding="utf-8")
    context = browser.new_context()
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri(), wait_until="networkidle")
    context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
