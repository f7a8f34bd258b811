"""Build reports in one process: check all parameters, then run, export and index each report.

One report failing never stops the others: its executed notebook is kept as
``notebooks/<name>.failed.ipynb``, its last good ``<name>.html`` stays as it was (every page
is written atomically, and only after the notebook ran to the end), the summary names it
with a one-line reason, and the exit status is 1.
"""

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from analysis import paths
from analysis.atomic import write_text
from analysis.errors import UserError
from analysis.reports import catalogue, execution, html, index, parameters, preview
from analysis.reports.catalogue import Countries, Report
from analysis.reports.parameters import Domains
from analysis.reports.provenance import Provenance, collect


@dataclass(frozen=True)
class Planned:
    report: Report
    source: Path
    parameters: Mapping[str, object]


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str
    kept: Path | None = None  # the executed notebook, when the kernel got that far


def build_all(
    out_dir: Path = paths.REPORTS,
    *,
    only: Sequence[str] | None = None,
    countries: Countries | None = None,
    domains: Domains | None = None,
    report_list: Path = paths.REPORT_LIST,
    notebooks_dir: Path = paths.NOTEBOOKS,
    jobs: int | None = None,
) -> int:
    """Build every report in ``report_list`` (or those matching ``only``); return exit status.

    ``jobs`` reports run at once, each in its own kernel (default: one per CPU, at most 4).
    """
    reports = catalogue.select(catalogue.load(report_list, countries), only)
    return _build(reports, Path(out_dir), notebooks_dir, domains, reorder=only is None, jobs=jobs)


def run_one(
    notebook: str,
    params: Mapping[str, str],
    out_dir: Path = paths.REPORTS,
    *,
    name: str | None = None,
    domains: Domains | None = None,
    notebooks_dir: Path = paths.NOTEBOOKS,
) -> int:
    """Build one ad-hoc report and refresh the index; bad parameters raise UserError at once.

    ``notebook`` is a name in ``notebooks_dir`` or a path; ``name`` defaults to the notebook's
    stem followed by the parameters, such as ``partner_countries_region-asean``.
    """
    source = resolve(notebook, notebooks_dir)
    parameters.check(source, params, _domains(domains, [params]))
    name = name or default_name(source.stem, params)
    if not catalogue.NAME.fullmatch(name):
        raise UserError(f"report name {name!r} may use only letters, digits, '_' and '-'")
    given = ", ".join(f"{key}={value}" for key, value in params.items())
    description = f"{source.stem}, run by hand" + (f" with {given}" if given else "")
    report = Report(name, str(source), description, dict(params))
    return _build([report], Path(out_dir), notebooks_dir, domains)


def resolve(notebook: str, notebooks_dir: Path) -> Path:
    """The notebook file meant by a bare name (``overview``) or a path (``x/overview.ipynb``)."""
    given = Path(notebook)
    path = (
        given
        if given.suffix == ".ipynb" or len(given.parts) > 1
        else notebooks_dir / f"{notebook}.ipynb"
    )
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in notebooks_dir.glob("*.ipynb"))) or "none"
        raise UserError(f"notebook {notebook!r} not found at {path}; available: {available}")
    return path.resolve()


def default_name(stem: str, params: Mapping[str, object]) -> str:
    """``stem`` plus a file-name-safe slug of each parameter: runs do not overwrite each other."""
    slugs = (
        re.sub(r"[^A-Za-z0-9]+", "-", f"{key}-{value}").strip("-") for key, value in params.items()
    )
    return "_".join([stem, *slugs])


#: Kernels are processes of their own; more than this at once only adds memory pressure.
MAX_JOBS = 4


def _build(
    reports: list[Report],
    out_dir: Path,
    notebooks_dir: Path,
    domains: Domains | None,
    reorder: bool = False,
    jobs: int | None = None,
) -> int:
    """Check every report's parameters, run those that pass, write the index, print a summary.

    ``reorder`` puts ``reports`` first in the index, in their order; otherwise new reports are
    appended and known ones keep their place.
    """
    hooks = _domains(domains, [report.parameters for report in reports])
    provenance = collect()
    entries = index.load(out_dir)
    planned, failures = _plan(reports, notebooks_dir, hooks)
    if planned:
        execution.require_kernel()
    outcomes: dict[str, index.Entry | Failure] = {failure.name: failure for failure in failures}
    workers = max(1, min(jobs or os.cpu_count() or 1, MAX_JOBS, len(planned) or 1))
    with (
        tqdm(total=len(planned), unit="report", desc="reports") as bar,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        running = {pool.submit(_attempt, item, out_dir, provenance): item for item in planned}
        for done in as_completed(running):
            name = running[done].report.name
            outcomes[name] = done.result()
            bar.set_description(name)
            bar.update()
    failures = _record(reports, outcomes, entries)
    if reorder:
        entries = index.ordered(entries, [report.name for report in reports])
    index.write(out_dir, entries, provenance)
    _summarise(len(reports), failures, out_dir)
    return 1 if failures else 0


def _record(
    reports: list[Report],
    outcomes: Mapping[str, index.Entry | Failure],
    entries: dict[str, index.Entry],
) -> list[Failure]:
    """Update the index entries in catalogue order; return the failures."""
    failures = []
    for report in reports:
        outcome = outcomes[report.name]
        if isinstance(outcome, Failure):
            failures.append(outcome)
            index.failed(entries, report.name, report.description, outcome.reason)
        else:
            entries[report.name] = outcome
    return failures


def _domains(domains: Domains | None, given: list[Mapping[str, object]]) -> Domains:
    """The domain hooks: as passed, else the data layer's, but only if any parameter is given."""
    if domains is not None:
        return domains
    return parameters.default_domains() if any(given) else {}


def _plan(
    reports: list[Report], notebooks_dir: Path, hooks: Domains
) -> tuple[list[Planned], list[Failure]]:
    """Split reports into those ready to run and those whose notebook or parameters are bad."""
    planned, failures = [], []
    for report in reports:
        try:
            source = resolve(report.notebook, notebooks_dir)
            checked = parameters.check(source, report.parameters, hooks)
        except UserError as error:
            failures.append(Failure(report.name, str(error)))
        else:
            planned.append(Planned(report, source, checked))
    return planned, failures


def _attempt(item: Planned, out_dir: Path, provenance: Provenance) -> index.Entry | Failure:
    """Run one report; whatever breaks it becomes a Failure, so the batch goes on."""
    try:
        return _run(item, out_dir, provenance)
    except Exception as error:
        kept = out_dir / "notebooks" / f"{item.report.name}.failed.ipynb"
        return Failure(item.report.name, execution.reason(error), kept if kept.exists() else None)


def _run(item: Planned, out_dir: Path, provenance: Provenance) -> index.Entry:
    """Execute the notebook, then write its page; the executed notebook is kept either way."""
    name = item.report.name
    good = out_dir / "notebooks" / f"{name}.ipynb"
    failed = good.with_name(f"{name}.failed.ipynb")
    with execution.executed(item.source, item.parameters, good, failed) as notebook:
        title = html.title_of(notebook, fallback=name)
        note = f"The code behind this page is in notebooks/{name}.ipynb, beside this file."
        page = html.export(notebook, title=title, provenance=provenance, code_note=note)
        write_text(out_dir / f"{name}.html", page)
    return index.Entry(
        name, title, item.report.description, provenance.built, preview.preview(notebook)
    )


def _summarise(total: int, failures: list[Failure], out_dir: Path) -> None:
    """Print what was built and, for each failure, one line saying why."""
    print(
        f"Built {total - len(failures)} of {total} reports in {out_dir}; see {out_dir / index.PAGE}"
    )
    for failure in failures:
        kept = f" (executed notebook: {failure.kept})" if failure.kept else ""
        print(f"FAILED {failure.name}: {failure.reason}{kept}")
