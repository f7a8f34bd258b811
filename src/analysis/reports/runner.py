"""Build reports in one process: check all parameters, then run, export and index each report.

One report failing never stops the others: its executed notebook is kept as
``notebooks/<name>.failed.ipynb``, its last good ``<name>.html`` stays as it was (every page
is written atomically, and only after the notebook ran to the end), the summary names it
with a one-line reason, and the exit status is 1.

Ctrl-C (or SIGTERM, which the command line turns into one) stops a batch: reports not started
are cancelled, running kernels are killed, the index records the reports finished so far, and
:class:`~analysis.errors.Interrupted` says how many. The others keep their last good page and
notebook; one stopped midway leaves ``<name>.failed.ipynb``, which shows how far it got.
"""

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from analysis import atomic, paths
from analysis.atomic import write_text
from analysis.errors import Interrupted, UserError
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
    given = ", ".join(f"{key}={value}" for key, value in params.items())
    description = f"{source.stem}, run by hand" + (f" with {given}" if given else "")
    name = name or default_name(source.stem, params)
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
#: Seconds between kills of the kernels of an interrupted batch, until its runs have all ended.
KILL_ROUND = 0.5

Outcomes = dict[str, index.Entry | Failure]


def _build(
    reports: list[Report],
    out_dir: Path,
    notebooks_dir: Path,
    domains: Domains | None,
    reorder: bool = False,
    jobs: int | None = None,
) -> int:
    """Check every report's parameters, run those that pass, update the index, print a summary.

    ``reorder`` puts ``reports`` first in the index, in their order; otherwise new reports are
    appended and known ones keep their place.
    """
    hooks = _domains(domains, [report.parameters for report in reports])
    planned, failures = _plan(reports, notebooks_dir, hooks)
    _prepare(out_dir)
    if planned:
        execution.require_kernel()
    provenance = collect()
    workers = max(1, min(jobs or os.cpu_count() or 1, MAX_JOBS, len(planned) or 1))
    outcomes, stopped = _run_all(planned, out_dir, provenance, workers)
    outcomes |= {failure.name: failure for failure in failures}
    try:
        _record(out_dir, reports, outcomes, provenance, reorder)
    finally:
        if not stopped:
            _summarise(reports, outcomes, out_dir)
    if stopped:
        built = sum(isinstance(outcome, index.Entry) for outcome in outcomes.values())
        raise Interrupted(
            f"{built} of {len(reports)} reports built; the others keep their last good version"
        )
    return 1 if _failures(reports, outcomes) else 0


def _prepare(out_dir: Path) -> None:
    """Before any kernel starts: check that the output folders can be written and the index
    read, and delete what runs killed outright left there (see atomic.remove_leftovers)."""
    for folder in (out_dir, out_dir / "notebooks"):
        atomic.output_folder(folder)
        atomic.remove_leftovers(folder)
    index.load(out_dir)


def _run_all(
    planned: list[Planned], out_dir: Path, provenance: Provenance, workers: int
) -> tuple[Outcomes, bool]:
    """Run the planned reports, ``workers`` at a time; return their outcomes, and whether
    Ctrl-C stopped the batch. Then only the reports built in full are returned: the others
    ended because their kernel was killed, or never started."""
    outcomes: Outcomes = {}
    running: dict[Future, str] = {}
    with (
        tqdm(total=len(planned), unit="report", desc="reports") as bar,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        try:
            for item in planned:
                running[pool.submit(_attempt, item, out_dir, provenance)] = item.report.name
            for done in as_completed(running):
                outcomes[running[done]] = done.result()
                bar.set_description(running[done])
                bar.update()
        except KeyboardInterrupt:
            _stop(pool, list(running))
            ended = {
                running[future]: future.result() for future in running if not future.cancelled()
            }
            built = {name: o for name, o in ended.items() if isinstance(o, index.Entry)}
            return {**outcomes, **built}, True
    return outcomes, False


def _stop(pool: ThreadPoolExecutor, futures: list[Future]) -> None:
    """Cancel the reports not started, and kill the running ones' kernels until all have ended.

    Each round kills again, for a kernel that was still starting at the previous one.
    """
    pool.shutdown(wait=False, cancel_futures=True)
    execution.kill_kernels()
    while wait(futures, timeout=KILL_ROUND).not_done:
        execution.kill_kernels()


def _record(
    out_dir: Path,
    reports: list[Report],
    outcomes: Outcomes,
    provenance: Provenance,
    reorder: bool,
) -> None:
    """Merge the outcomes into the index as it is on disk now (other runs may have added
    theirs since this one started), in catalogue order."""
    names = [report.name for report in reports]

    def merge(entries: dict[str, index.Entry]) -> dict[str, index.Entry]:
        for report in reports:
            outcome = outcomes.get(report.name)
            if isinstance(outcome, Failure):
                index.failed(entries, report.name, report.description, outcome.reason)
            elif outcome is not None:
                entries[report.name] = outcome
        return index.ordered(entries, names) if reorder else entries

    index.update(out_dir, merge, provenance)


def _failures(reports: list[Report], outcomes: Outcomes) -> list[Failure]:
    """The failures among ``outcomes``, in catalogue order."""
    return [
        outcome for report in reports if isinstance(outcome := outcomes.get(report.name), Failure)
    ]


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


def _summarise(reports: list[Report], outcomes: Outcomes, out_dir: Path) -> None:
    """Print what was built and, for each failure, one line saying why."""
    total, failures = len(reports), _failures(reports, outcomes)
    print(
        f"Built {total - len(failures)} of {total} reports in {out_dir}; see {out_dir / index.PAGE}"
    )
    for failure in failures:
        kept = f" (executed notebook: {failure.kept})" if failure.kept else ""
        print(f"FAILED {failure.name}: {failure.reason}{kept}")
