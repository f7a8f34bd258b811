"""Run each notebook in a real JupyterLab, driven through its menus as an analyst does.

One JupyterLab server (a subprocess, on a free port of 127.0.0.1, with a random token) serves
a temporary copy of notebooks/, so the repository's notebooks are never touched; its runtime,
config, data, IPython and settings directories are temporary too, and it runs from a
temporary working directory. Everything in it that would call out to the internet (news,
update checks, the PyPI extension manager) is switched off. The server is always stopped.

For each notebook, one Chromium page opens ``/lab/tree/<name>.ipynb``, waits for the
notebook's own kernel to be idle, clicks Run > Run All Cells, and waits until every code
cell has an execution count. No cell may show red (stderr or error) output, the charts must
decode as images, the page must request nothing outside the server, and a screenshot of the
whole notebook goes to tests/artifacts/jupyterlab/<name>.png. Finally one notebook's images
must carry the same alt texts as a papermill run of it: the same charts as the batch report.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import papermill
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from analysis import paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KERNEL = "cnrs-analysis"
ARTIFACTS = Path(__file__).parent / "artifacts" / "jupyterlab"
# The fewest charts (decoded <img>) each notebook shows with its default parameters.
MIN_IMAGES = {
    "overview": 4,
    "partner_countries": 1,
    "agreement_timeline": 1,
    "phd_origins": 2,
    "country_profile": 3,
    "comparison": 3,
}
VIEWPORT = {"width": 1280, "height": 900}
SERVER_START_S = 60  # until the server answers /api/status
KERNEL_READY_S = 60  # until the notebook's kernel is idle
RUN_ALL_S = 120  # until every cell has run
IMAGES_DECODED_S = 15
# JupyterLab user settings: every cell in the DOM (no windowing) and no blank space past the
# last one, so the checks and the screenshot see the whole notebook; no news or update checks
# (they would call jupyter.org).
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


# --- the server ----------------------------------------------------------------------------


@dataclass
class Lab:
    """A running JupyterLab server and what a client needs to reach it."""

    process: subprocess.Popen
    port: int
    token: str
    root: Path  # the temporary copy of notebooks/ it serves
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """A browser URL; ``reset`` opens a fresh layout, not the last test's open tabs."""
        return f"{self.base}/{path}?reset&token={self.token}"

    def api(self, path: str, method: str = "GET"):
        """Call the REST API (``path`` after the base URL); the decoded JSON, or None."""
        request = urllib.request.Request(
            f"{self.base}/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """Close every session, and its kernel, the way File > Shut Down would."""
        for session in self.api("api/sessions"):
            self.api(f"api/sessions/{session['id']}", method="DELETE")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_user_settings(settings_dir: Path) -> None:
    """Write USER_SETTINGS as JupyterLab's per-plugin ``.jupyterlab-settings`` files."""
    for plugin, values in USER_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def lab_command(port: int, token: str, root: Path, home: Path) -> list[str]:
    """``make lab``'s command, on a given port and token, with nothing that calls out."""
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--no-browser",
        f"--IdentityProvider.token={token}",  # ServerApp.token is deprecated
        f"--ServerApp.root_dir={root}",
        f"--MappingKernelManager.default_kernel_name={KERNEL}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # the default, "pypi", queries pypi.org
        f"--LabApp.user_settings_dir={home / 'user-settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run tests as root
        command.append("--allow-root")
    return command


def lab_environment(home: Path) -> dict[str, str]:
    """The test's environment with Jupyter's and IPython's own folders moved into ``home``.

    JUPYTER_DATA_DIR replaces only the user's data folder: the kernel ``cnrs-analysis`` is
    in the venv's (``sys.prefix``) share/jupyter, which Jupyter still searches.
    """
    env = dict(os.environ)
    for name in ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_TOKEN"):
        env.pop(name, None)
    for name, folder in {
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "IPYTHONDIR": "ipython",
    }.items():
        (home / folder).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / folder)
    return env


def wait_until_serving(lab: Lab) -> None:
    """Poll /api/status until it answers; fail with the server's log after SERVER_START_S."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {lab.process.returncode}:\n{lab.log_tail()}")
        try:
            lab.api("api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s:\n{lab.log_tail()}")


def assert_user_settings_apply(lab: Lab) -> None:
    """JupyterLab read USER_SETTINGS: a typo in a plugin's name would silently do nothing."""
    for plugin, values in USER_SETTINGS.items():
        package, name = plugin.rsplit("/", 1)
        composite = lab.api(f"lab/api/settings/{package}:{name}")["settings"]
        assert {key: composite[key] for key in values} == values, plugin


def stop(process: subprocess.Popen) -> None:
    """Stop the server, which shuts its kernels down; kill its process group if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the server and the kernels it started
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    """A real JupyterLab on a temporary copy of notebooks/, stopped whatever happens."""
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    write_user_settings(home / "user-settings")
    cwd = home / "elsewhere"  # notebooks find their data from any working directory
    cwd.mkdir()
    port, token, log = free_port(), secrets.token_urlsafe(24), home / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            lab_command(port, token, root, home),
            cwd=cwd,
            env=lab_environment(home),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, kernels included
        )
    server = Lab(process, port, token, root, log)
    try:
        wait_until_serving(server)
        assert_user_settings_apply(server)
        yield server
    finally:
        stop(process)


# --- the analyst's session in the browser --------------------------------------------------


@dataclass
class LabRun:
    """What JupyterLab showed after Run All Cells on one notebook."""

    prompts: list[str]
    red_outputs: list[str]  # text of stderr and error outputs
    images: list[dict]  # {"alt", "width"} of each output image, in order
    outside: list[str]  # requests to anywhere but the server
    page_errors: list[str]
    notes: list[str] = field(default_factory=list)  # dialogs and toasts dismissed

    @property
    def alts(self) -> list[str]:
        return [image["alt"] for image in self.images]


def kernel_display_name(notebook: Path) -> str:
    return json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"][
        "display_name"
    ]


def dismiss_dialogs(page, notes: list[str]) -> None:
    """Accept a kernel-selection dialog (its preselected kernel) and hide any toast.

    Any other dialog is unexpected: fail with its text rather than guess an answer.
    """
    for dialog in page.locator(".jp-Dialog").all():
        if not dialog.is_visible():
            continue
        text = dialog.inner_text()
        if "Select Kernel" not in text:
            pytest.fail(f"unexpected JupyterLab dialog: {text}")
        notes.append(f"dialog: {' '.join(text.split())}")
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        dialog.wait_for(state="detached", timeout=10_000)
    for toast in page.locator(".Toastify__toast").all():
        if toast.is_visible():
            notes.append(f"toast: {' '.join(toast.inner_text().split())}")
            toast.get_by_title("Hide notification").click()


def wait_for_kernel(page, display_name: str, notes: list[str]) -> None:
    """Wait until the status bar says the notebook's kernel is idle, answering dialogs.

    Until the session exists the toolbar's indicator already reads "idle", with no kernel;
    the status bar's "<kernel> | Idle" only appears once the kernel is connected.
    """
    ready = page.locator("#jp-main-statusbar", has_text=f"{display_name} | Idle")
    dialog = page.locator(".jp-Dialog")
    deadline = time.monotonic() + KERNEL_READY_S
    while not ready.is_visible():
        remaining_ms = (deadline - time.monotonic()) * 1000
        if remaining_ms <= 0:
            status = page.locator("#jp-main-statusbar").inner_text()
            pytest.fail(f"kernel not idle after {KERNEL_READY_S} s; status bar: {status}")
        with contextlib.suppress(PlaywrightTimeout):  # then fail above, with the status bar
            ready.or_(dialog).first.wait_for(timeout=remaining_ms)
        dismiss_dialogs(page, notes)


def run_all_cells(page) -> None:
    """Run > Run All Cells, from the menu bar."""
    page.locator("#jp-menu-panel").get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def wait_until_run(page, display_name: str) -> None:
    """Wait until the kernel is idle and no cell is queued, and every code cell has an
    execution count, or a cell failed (Run All stops there, leaving the rest unrun)."""
    page.wait_for_function(
        """([idle, stderr]) => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(prompt => prompt.textContent.trim());
            const status = document.querySelector('#jp-main-statusbar')?.textContent ?? '';
            if (!status.includes(idle) || prompts.includes('[*]:')) return false;
            return prompts.every(p => /^\\[\\d+\\]:$/.test(p))
                || document.querySelector(stderr) !== null;
        }""",
        arg=[f"{display_name} | Idle", STDERR],
        timeout=RUN_ALL_S * 1000,
        polling=250,
    )


def rendered(page) -> dict:
    """Prompts, red outputs and output images, once every image has finished loading."""
    page.wait_for_function(
        "[...document.querySelectorAll('.jp-OutputArea-output img')].every(i => i.complete)",
        timeout=IMAGES_DECODED_S * 1000,
    )
    return page.evaluate(
        """(stderr) => ({
            prompts: [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(prompt => prompt.textContent.trim()),
            red: [...document.querySelectorAll(stderr)].map(output => output.textContent),
            images: [...document.querySelectorAll('.jp-OutputArea-output img')]
                .map(image => ({alt: image.alt, width: image.naturalWidth})),
        })""",
        STDERR,
    )


def capture_whole_notebook(page, shot: Path) -> None:
    """Screenshot with the window as tall as the notebook, which scrolls inside JupyterLab
    (a full-page screenshot alone would show only the first screen)."""
    hidden = page.evaluate(
        "(() => { const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');"
        " return s ? s.scrollHeight - s.clientHeight : 0; })()"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": VIEWPORT["height"] + hidden})
    page.wait_for_function(  # Lumino lays the panels out again after the resize
        "(() => { const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');"
        " return !s || s.scrollHeight <= s.clientHeight + 1; })()",
        timeout=10_000,
    )
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shot, full_page=True)


def run_in_lab(browser, lab: Lab, name: str) -> LabRun:
    """Open ``<name>.ipynb`` in a fresh browser context, run all cells, screenshot it."""
    notebook = lab.root / f"{name}.ipynb"
    display_name = kernel_display_name(notebook)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    outside, page_errors, notes = [], [], []

    def leaves_the_server(request) -> None:
        url = urlparse(request.url)
        if url.scheme not in {"data", "blob"} and url.netloc != f"127.0.0.1:{lab.port}":
            outside.append(request.url)

    page.on("request", leaves_the_server)
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        page.goto(lab.url(f"lab/tree/{notebook.name}"), wait_until="domcontentloaded")
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=KERNEL_READY_S * 1000)
        wait_for_kernel(page, display_name, notes)
        dismiss_dialogs(page, notes)
        run_all_cells(page)
        wait_until_run(page, display_name)
        dismiss_dialogs(page, notes)  # a toast would hide part of the screenshot
        shown = rendered(page)
        capture_whole_notebook(page, ARTIFACTS / f"{name}.png")
        return LabRun(shown["prompts"], shown["red"], shown["images"], outside, page_errors, notes)
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):  # keep the original error if the page is gone
            page.screenshot(path=ARTIFACTS / f"{name}-failed.png")
        print(f"JupyterLab's log, ending:\n{lab.log_tail()}")  # pytest shows it on failure
        raise
    finally:
        context.close()
        lab.shut_down_kernels()


@pytest.fixture(scope="module")
def lab_run(browser, lab):
    """``lab_run(name)``: the notebook's LabRun, run once per module however often asked."""
    runs: dict[str, LabRun] = {}

    def get(name: str) -> LabRun:
        if name not in runs:
            runs[name] = run_in_lab(browser, lab, name)
        return runs[name]

    return get


# --- the tests -----------------------------------------------------------------------------


def test_every_notebook_has_an_expected_chart_count():
    assert {nb.stem for nb in paths.NOTEBOOKS.glob("*.ipynb")} == set(MIN_IMAGES)


@pytest.mark.parametrize("name", sorted(MIN_IMAGES))
def test_notebook_runs_in_jupyterlab(lab_run, name):
    run = lab_run(name)
    assert run.red_outputs == [], f"{name} shows red output:\n" + "\n".join(run.red_outputs)
    unrun = [prompt for prompt in run.prompts if not prompt.strip("[]:").isdigit()]
    assert run.prompts and unrun == [], f"{name}: cells not run: {run.prompts}"
    decoded = [image for image in run.images if image["width"] > 0]
    assert decoded == run.images, f"{name}: images that did not decode: {run.images}"
    assert len(decoded) >= MIN_IMAGES[name], f"{name}: {len(decoded)} images, {run.alts}"
    assert all(alt.strip() for alt in run.alts), f"{name}: an image without alt text"
    assert run.outside == [], f"{name}: JupyterLab requested {run.outside}"
    assert run.page_errors == [], f"{name}: {run.page_errors}"


class _ImageAlts(HTMLParser):
    """Collects the alt attribute of every <img> in some HTML."""

    def __init__(self):
        super().__init__()
        self.alts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")


def papermill_alts(notebook: Path, tmp_path: Path) -> list[str]:
    """Alt texts of the images a papermill run of ``notebook`` shows, in order.

    JupyterLab renders the richest output, the HTML <img> with its alt, so the batch side
    is read from the same text/html outputs.
    """
    output = tmp_path / notebook.name
    papermill.execute_notebook(
        str(notebook), str(output), kernel_name=KERNEL, cwd=str(tmp_path), progress_bar=False
    )
    parser = _ImageAlts()
    for cell in json.loads(output.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            parser.feed("".join(out.get("data", {}).get("text/html", "")))
    return parser.alts


def test_jupyterlab_shows_the_same_charts_as_the_batch_report(lab_run, tmp_path):
    name = "phd_origins"
    in_lab = lab_run(name).alts
    assert len(in_lab) >= MIN_IMAGES[name]
    assert in_lab == papermill_alts(paths.NOTEBOOKS / f"{name}.ipynb", tmp_path)
