"""Whole builds, timed as a user runs them: `python -m analysis build` in a process of its own.

Everything is built into a temporary folder, from copies where a run edits its inputs: the
repository's data/, notebooks/ and reports/ are never written. Each figure is the median of
several runs; memory is the peak of the build's whole process tree (the build and its
kernels), sampled every 50 ms.

The measures, in the order of the "fast builds" issue:

1. the naive loop: papermill's command line, then `jupyter nbconvert --to html`, per report;
2. `build --force --jobs 1`; 3. `build --force`;
4. the warm floor: the same notebook code, parameters injected, run in one IPython shell;
5. a build with nothing changed;
6. a build after editing one notebook; 7. after editing one document;
8. N generated country profiles from a synthetic corpus, for N = 10, 50 and 200.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from analysis import paths
from analysis.charts.maps import has_shape
from analysis.reports import catalogue, parameters
from analysis.reports.runner import STAMPS

FIXTURE = paths.PROJECT_ROOT / "tests" / "fixtures" / "report_corpus"
#: Reports of the naive loop per run: it takes seconds per report, so a sample of them.
NAIVE_SAMPLE = 5
SIZES = (10, 50, 200)
#: Every other country of the synthetic corpus is one the maps draw, at every N: ISO 3166
#: has 105 such countries and 132 others with a plain name, enough for N = 200 either way.
MAPPED_EVERY = 2


@dataclass
class Measure:
    seconds: list[float]
    peak_mib: float = 0.0
    note: str = ""
    #: Seconds each report adds to a build once its kernels run (for the N-profile builds).
    beyond_start_up: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True)
class Corpus:
    """A copy of a corpus in a temporary folder, and the variables that point a build at it."""

    root: Path
    environment: dict[str, str]

    @classmethod
    def copy(cls, root: Path, documents: Path, corrections: Path | None = None) -> Corpus:
        shutil.copytree(documents, root / "documents", ignore=shutil.ignore_patterns("corr*"))
        shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
        environment = {
            "ANALYSIS_DOCUMENTS_DIR": str(root / "documents"),
            "ANALYSIS_CORRECTIONS_DIR": str(corrections or root / "corrections"),
            "ANALYSIS_EXTRACTED_DIR": str(root / "extracted"),
            "ANALYSIS_PROCESSED_DIR": str(root / "processed"),
            "ANALYSIS_NOTEBOOKS_DIR": str(root / "notebooks"),
        }
        return cls(root, environment)

    def build(self, *args: str) -> tuple[float, float, str]:
        """Seconds, peak MiB of the process tree, and the summary line of one build."""
        command = [sys.executable, "-m", "analysis", "build", "--out", str(self.root / "out")]
        return run_measured([*command, *args], {**os.environ, **self.environment})


def run_measured(command: list[str], environment: dict[str, str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with peak_tree_rss(process.pid) as peak:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command[2:5])} failed:\n{stdout[-1500:]}{stderr[-1500:]}")
    summary = stdout.strip().splitlines()[0] if stdout.strip() else ""
    return seconds, peak[0] / 2**20, re.sub(r"(;? see)? /\S+", "", summary)


@contextlib.contextmanager
def peak_tree_rss(pid: int, every: float = 0.05) -> Iterator[list[int]]:
    """Yield a one-item list that ends up holding the peak summed RSS of ``pid`` and its
    descendants, sampled every ``every`` seconds until the block ends."""
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(pid)
                tree = [root, *root.children(recursive=True)]
                peak[0] = max(peak[0], sum(_rss(process) for process in tree))
            done.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def repeated(runs: int, once: Callable[[int], tuple[float, float, str]]) -> Measure:
    """``runs`` measured calls of ``once(run)``, after one warm-up call."""
    once(-1)
    results = [once(run) for run in range(runs)]
    return Measure(
        [seconds for seconds, _, _ in results],
        max(peak for _, peak, _ in results),
        results[-1][2],
    )


def default_reports(corpus: Corpus) -> list[catalogue.Report]:
    """The reports `make reports` builds from the corpus's tables (built already)."""
    with _environment(corpus.environment):
        from analysis import data

        return catalogue.load(
            paths.REPORT_LIST, data.countries_in_data, catalogue.institutions_in_data
        )


@contextlib.contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    """Point this process's data layer at another corpus for the block."""
    from analysis import data

    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    old_processed = paths.PROCESSED
    paths.PROCESSED = Path(variables["ANALYSIS_PROCESSED_DIR"])
    try:
        yield
    finally:
        paths.PROCESSED = old_processed
        data.forget_files_read()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def naive_loop(corpus: Corpus, reports: list[catalogue.Report], runs: int) -> Measure:
    """papermill then nbconvert, each from its command line, for a sample of the reports."""
    sample = reports[:: max(1, len(reports) // NAIVE_SAMPLE)][:NAIVE_SAMPLE]
    folder = corpus.root / "naive"
    folder.mkdir(exist_ok=True)
    environment = {**os.environ, **corpus.environment}
    bin_dir = Path(sys.executable).parent

    def once(run: int) -> tuple[float, float, str]:
        total, peak = 0.0, 0.0
        for report in sample:
            executed = folder / f"{report.name}.ipynb"
            options = [x for k, v in report.parameters.items() for x in ("-p", k, str(v))]
            source = paths.NOTEBOOKS / f"{report.notebook}.ipynb"
            papermill_run = [str(bin_dir / "papermill"), str(source), str(executed), *options]
            export = [str(bin_dir / "jupyter"), "nbconvert", "--to", "html", str(executed)]
            for command in (papermill_run, export):
                seconds, mib, _ = run_measured(command + ["--log-level", "ERROR"], environment)
                total, peak = total + seconds, max(peak, mib)
        return total / len(sample), peak, ""

    measure = repeated(runs, once)
    measure.note = f"per report, over {len(sample)} of the {len(reports)} reports"
    return measure


def warm_floor(corpus: Corpus, reports: list[catalogue.Report], runs: int) -> Measure:
    """The reports' notebook code, parameters injected, run one after another in one IPython
    shell: no kernel to start, no page to export. What the charts and tables cost."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    notebooks = [_parameterised(report) for report in reports]

    def once(run: int) -> tuple[float, float, str]:
        started = time.perf_counter()
        with _environment(corpus.environment), contextlib.redirect_stdout(io.StringIO()):
            for notebook in notebooks:
                shell.reset(new_session=True)
                for cell in notebook.cells:
                    if cell.cell_type == "code":
                        shell.run_cell(cell.source, store_history=False).raise_error()
        return (time.perf_counter() - started) / len(notebooks), 0.0, ""

    measure = repeated(runs, once)
    measure.note = f"per report, {len(reports)} reports in one shell"
    return measure


def _parameterised(report: catalogue.Report) -> nbformat.NotebookNode:
    source = paths.NOTEBOOKS / f"{report.notebook}.ipynb"
    checked = parameters.check(source, report.parameters, {})
    return parameterize_notebook(load_notebook_node(str(source)), checked)


def edited_notebook(corpus: Corpus, runs: int, name: str = "phd_origins") -> Measure:
    """A build after a new Markdown cell in one notebook: only its reports run again."""
    path = corpus.root / "notebooks" / f"{name}.ipynb"

    def once(run: int) -> tuple[float, float, str]:
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.append(nbformat.v4.new_markdown_cell(f"Edited for run {run}."))
        nbformat.write(notebook, path)
        return corpus.build()

    return repeated(runs, once)


def edited_document(corpus: Corpus, runs: int) -> Measure:
    """A build after one more sentence (a key figure) at the end of one document."""
    text = next(corpus.root.glob("documents/kuleuven*.txt"))
    sidecar = text.with_suffix(".yml")
    original = text.read_bytes()

    def once(run: int) -> tuple[float, float, str]:
        added = f"\n\nKU Leuven counted {120 + run + 2} doctoral students from Vietnam in 2025.\n"
        text.write_bytes(original + added.encode())
        _restamp(sidecar, text)
        return corpus.build()

    return repeated(runs, once)


def _restamp(sidecar: Path, text: Path) -> None:
    """The sidecar's sha256 made to match the edited copy (the original is never edited)."""
    from analysis.stamps import file_digest

    lines = sidecar.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("sha256:")]
    sidecar.write_text("\n".join([*kept, f"sha256: {file_digest(text)}"]) + "\n")


def synthetic_corpus(root: Path, countries: int) -> Corpus:
    """One document naming ``countries`` partner countries, one agreement each: as many
    country profiles. Every ``MAPPED_EVERY``-th country is one the maps draw, at every N."""
    import pycountry

    names = {c.alpha_3: getattr(c, "common_name", c.name) for c in pycountry.countries}
    plain = [code for code, name in names.items() if "," not in name and "(" not in name]
    mapped = [code for code in plain if has_shape(code)]
    others = [code for code in plain if not has_shape(code)]
    random.Random(7).shuffle(others)
    chosen = [
        mapped[i // MAPPED_EVERY] if i % MAPPED_EVERY == 0 else others[i // MAPPED_EVERY]
        for i in range(countries)
    ]
    chosen = list(dict.fromkeys(chosen))
    folder = root / "source"
    folder.mkdir(parents=True)
    sentences = [
        f"In {1980 + i % 40}, the Synthetic Institute of Research (SIR) signed a cooperation "
        f"agreement with {names[code]}."
        for i, code in enumerate(chosen)
    ]
    text = folder / "synthetic_partners.txt"
    text.write_text("Synthetic Institute of Research: partners\n\n" + "\n\n".join(sentences))
    sidecar = text.with_suffix(".yml")
    sidecar.write_text(
        "doc_id: synthetic_partners\ninstitution: SIR\n"
        "institution_name: Synthetic Institute of Research\ninstitution_country: FRA\n"
        'title: "A synthetic partner list"\npublisher: "the benchmark"\ndate: 2020-01-01\n'
    )
    _restamp(sidecar, text)
    return Corpus.copy(root / "corpus", folder)


def profiles(root: Path, countries: int, runs: int) -> Measure:
    """``countries`` generated country profiles, built again with their stamps removed; and
    one of them alone, whose time is the build's start-up (kernels, imports, index), so that
    what each further report adds can be compared across N."""
    corpus = synthetic_corpus(root / f"n{countries}", countries)

    def rebuilt(only: str) -> Callable[[int], tuple[float, float, str]]:
        def once(run: int) -> tuple[float, float, str]:
            stamps = corpus.root / "out" / STAMPS
            for stamp in [stamps / "build.json", *stamps.glob("country_profile_*.json")]:
                stamp.unlink(missing_ok=True)
            return corpus.build("--only", only)

        return once

    measure = repeated(runs, rebuilt("country_profile_*"))
    built = int(measure.note.split()[1]) if measure.note.startswith("Built") else countries
    first = min(page.stem for page in (corpus.root / "out").glob("country_profile_*.html"))
    alone = repeated(runs, rebuilt(first)).median
    measure.beyond_start_up = (measure.median - alone) / max(built - 1, 1)
    measure.note = f"{built} profiles; one alone {alone:.2f} s"
    measure.seconds = [seconds / built for seconds in measure.seconds]
    return measure


def measure_all(root: Path, runs: int = 3) -> dict[str, Measure]:
    """Every measure of the issue, in one run of the benchmark."""
    seed = Corpus.copy(root / "seed", paths.DOCUMENTS, paths.CORRECTIONS)
    results = {
        "cold build --force --jobs 1": repeated(
            runs, lambda r: seed.build("--force", "--jobs", "1")
        ),
        "cold build --force": repeated(runs, lambda r: seed.build("--force")),
    }
    reports = default_reports(seed)
    for measure in results.values():
        measure.seconds = [seconds / len(reports) for seconds in measure.seconds]
        measure.note = f"per report, {len(reports)} reports"
    results["naive loop (papermill + nbconvert CLIs)"] = naive_loop(seed, reports, runs)
    results["warm floor (one IPython shell)"] = warm_floor(seed, reports, runs)
    results["no-op build"] = repeated(max(runs, 5), lambda r: seed.build())
    results["build after editing one notebook"] = edited_notebook(seed, runs)
    corpus = Corpus.copy(root / "fixture", FIXTURE, FIXTURE / "corrections")
    corpus.build()
    results["build after editing one document (5-document corpus)"] = edited_document(corpus, runs)
    for countries in SIZES:
        results[f"country profiles, N = {countries}"] = profiles(
            root, countries, runs if countries < 200 else max(1, runs - 1)
        )
    return results


def page_sizes(out: Path) -> tuple[float, float, float]:
    """Total and mean KiB of the report pages, and the index page's KiB."""
    pages = [p for p in out.glob("*.html") if p.name != "index.html"]
    total = sum(p.stat().st_size for p in pages) / 1024
    return total, total / max(1, len(pages)), (out / "index.html").stat().st_size / 1024


def as_json(results: dict[str, Measure]) -> str:
    return json.dumps({k: v.__dict__ for k, v in results.items()}, indent=1)
