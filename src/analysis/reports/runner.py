"""Build reports: check all parameters, run the reports whose inputs changed, index them all.

A report is rerun only when its notebook, its parameters, the ``analysis`` code, the library
versions that matter, or a file it read last time (recorded while it ran, see
:mod:`analysis.stamps`) changed; ``force`` reruns everything. Reports run in warm kernels,
several at once, in threads of this process or on a dask.distributed cluster
(:mod:`analysis.reports.workers`); this process writes every page.

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
from concurrent.futures import Future, as_completed
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from analysis import atomic, paths, stamps
from analysis.atomic import write_text
from analysis.errors import Interrupted, UserError
from analysis.pipeline import Options
from analysis.reports import catalogue, execution, index, parameters, workers
from analysis.reports.catalogue import Countries, Report
from analysis.reports.parameters import Domains
from analysis.reports.provenance import Provenance, collect
from analysis.reports.render import Job, Rendered

#: Where each report's stamp is kept, in the reports' folder.
STAMPS = ".stamps"


@dataclass(frozen=True)
class Planned:
    report: Report
    source: Path
    parameters: Mapping[str, object]

    def job(self) -> Job:
        return Job(self.report.name, self.source, dict(self.parameters))


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
    options: Options | None = None,
    pool: workers.Workers | None = None,
) -> int:
    """Build every report in ``report_list`` (or those matching ``only``); return exit status.

    ``options.jobs`` reports run at once, each thread in its own kernel (default: one per CPU,
    at most 4), on ``pool`` if given (see :func:`open_workers`).
    """
    reports = catalogue.select(catalogue.load(report_list, countries), only)
    options = options or Options()
    return _build(
        reports, Path(out_dir), notebooks_dir, domains, options, reorder=only is None, pool=pool
    )


def run_one(
    notebook: str,
    params: Mapping[str, str],
    out_dir: Path = paths.REPORTS,
    *,
    name: str | None = None,
    domains: Domains | None = None,
    notebooks_dir: Path = paths.NOTEBOOKS,
    options: Options | None = None,
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
    return _build([report], Path(out_dir), notebooks_dir, domains, options or Options())


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

Outcomes = dict[str, index.Entry | Failure]


def _build(
    reports: list[Report],
    out_dir: Path,
    notebooks_dir: Path,
    domains: Domains | None,
    options: Options,
    reorder: bool = False,
    pool: workers.Workers | None = None,
) -> int:
    """Check every report's parameters, run those that pass and are out of date, update the
    index, print a summary.

    ``reorder`` puts ``reports`` first in the index, in their order; otherwise new reports are
    appended and known ones keep their place. ``pool`` runs them: workers the caller started
    early (see :func:`open_workers`), else workers started here if any report is out of date.
    """
    hooks = _domains(domains, [report.parameters for report in reports])
    planned, failures = _plan(reports, notebooks_dir, hooks)
    _prepare(out_dir)
    digests = stamps.Digests()
    stale = planned if options.force else [p for p in planned if not _fresh(p, out_dir, digests)]
    if stale:
        execution.require_kernel()
    provenance = collect()
    up_to_date = len(planned) - len(stale)
    with _workers(pool, options, out_dir, len(stale)) as running_on:
        outcomes, stopped = _run_all(stale, running_on, out_dir, provenance, digests, up_to_date)
    outcomes |= {failure.name: failure for failure in failures}
    try:
        _record(out_dir, reports, outcomes, provenance, reorder)
    finally:
        if not stopped:
            _summarise(reports, outcomes, out_dir, up_to_date)
    if stopped:
        built = sum(isinstance(outcome, index.Entry) for outcome in outcomes.values())
        skipped = f", {up_to_date} up to date" if up_to_date else ""
        raise Interrupted(
            f"{built} of {len(reports)} reports built{skipped}; "
            "the others keep their last good version"
        )
    return 1 if _failures(reports, outcomes) else 0


def _prepare(out_dir: Path) -> None:
    """Before any kernel starts: check that the output folders can be written and the index
    read, and delete what runs killed outright left there (see atomic.remove_leftovers)."""
    for folder in (out_dir, out_dir / "notebooks"):
        atomic.output_folder(folder)
        atomic.remove_leftovers(folder)
    index.load(out_dir)


def _outputs(out_dir: Path, name: str) -> tuple[Path, Path, Path]:
    """A report's page, its executed notebook, and the notebook kept when it fails."""
    notebook = out_dir / "notebooks" / f"{name}.ipynb"
    return out_dir / f"{name}.html", notebook, notebook.with_name(f"{name}.failed.ipynb")


def _inputs(item: Planned, reads: Mapping[str, str]) -> str:
    """What a report's page is made from, as one digest: see :mod:`analysis.stamps`."""
    return stamps.combined(
        {
            "notebook": stamps.file_digest(item.source),
            "parameters": dict(item.parameters),
            "code": stamps.code_digest(),
            "reads": dict(reads),
        }
    )


def _stamp_path(out_dir: Path, name: str) -> Path:
    return out_dir / STAMPS / f"{name}.json"


def _fresh(item: Planned, out_dir: Path, digests: stamps.Digests) -> bool:
    """Whether the report's page was built from exactly what it would be built from now."""
    path = _stamp_path(out_dir, item.report.name)
    reads = stamps.read(path).get("reads")
    if not isinstance(reads, list) or not all(isinstance(read, str) for read in reads):
        return False
    return stamps.up_to_date(path, _inputs(item, digests.of(reads)))


def open_workers(
    options: Options, out_dir: Path, reports: int = MAX_JOBS
) -> AbstractContextManager[workers.Workers]:
    """The workers a batch of ``reports`` runs on, their kernels starting at once: at most
    ``options.jobs`` threads here (default: one per CPU, at most MAX_JOBS), or the cluster."""
    threads = max(1, min(options.jobs or os.cpu_count() or 1, MAX_JOBS, reports))
    return workers.started(workers.scheduler(options.scheduler), threads, out_dir / "notebooks")


def _workers(
    pool: workers.Workers | None, options: Options, out_dir: Path, reports: int
) -> AbstractContextManager[workers.Workers | None]:
    """``pool`` if given; else new workers, if there is any report to run."""
    if pool is not None or not reports:
        return nullcontext(pool)
    return open_workers(options, out_dir, reports)


def _run_all(
    planned: list[Planned],
    pool: workers.Workers | None,
    out_dir: Path,
    provenance: Provenance,
    digests: stamps.Digests,
    up_to_date: int = 0,
) -> tuple[Outcomes, bool]:
    """Run the planned reports on ``pool``; return their outcomes, and whether Ctrl-C
    stopped the batch. Then only the reports built in full are returned: the others ended
    because their kernel was killed, or never started."""
    if not planned or pool is None:
        return {}, False
    by_name = {item.report.name: item for item in planned}
    outcomes: Outcomes = {}

    def keep(rendered: Rendered) -> None:
        item = by_name[rendered.name]
        outcomes[rendered.name] = _keep(item, rendered, out_dir, digests, provenance.built)

    running: list[Future] = []
    try:
        with tqdm(
            total=len(planned) + up_to_date,
            initial=up_to_date,
            unit="report",
            desc=f"reports ({up_to_date} up to date)" if up_to_date else "reports",
        ) as bar:
            running = [pool.submit(item.job(), provenance) for item in planned]
            for done in as_completed(running):
                keep(done.result())
                bar.set_description(done.result().name)
                bar.update()
    except KeyboardInterrupt:
        pool.stop(running)
        for future in running:
            if future.done() and not future.cancelled() and future.result().name not in outcomes:
                keep(future.result())
        return {name: o for name, o in outcomes.items() if isinstance(o, index.Entry)}, True
    return outcomes, False


def _keep(
    item: Planned, rendered: Rendered, out_dir: Path, digests: stamps.Digests, built: str
) -> index.Entry | Failure:
    """Write what a worker rendered: the page, its notebook and stamp; or the failed notebook.

    A failure forgets the stamp, so that the next build runs the report again.
    """
    name = item.report.name
    page, good, failed = _outputs(out_dir, name)
    try:
        if rendered.failure is not None:
            _stamp_path(out_dir, name).unlink(missing_ok=True)
            if rendered.notebook is not None:
                write_text(failed, rendered.notebook)
            return Failure(name, rendered.failure, failed if failed.exists() else None)
        write_text(page, rendered.page)
        write_text(good, rendered.notebook)
        failed.unlink(missing_ok=True)
        inputs = _inputs(item, digests.of(rendered.reads))
        stamps.record(_stamp_path(out_dir, name), inputs, [page, good], reads=rendered.reads)
    except OSError as error:
        return Failure(name, execution.reason(error))
    return index.Entry(name, rendered.title, item.report.description, built, rendered.preview)


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


def _summarise(reports: list[Report], outcomes: Outcomes, out_dir: Path, up_to_date: int) -> None:
    """Print what was built, what was already up to date and, for each failure, why."""
    total, failures = len(reports), _failures(reports, outcomes)
    skipped = f", {up_to_date} up to date (skipped)" if up_to_date else ""
    print(
        f"Built {total - len(failures) - up_to_date} of {total} reports{skipped} in {out_dir}; "
        f"see {out_dir / index.PAGE}"
    )
    for failure in failures:
        kept = f" (executed notebook: {failure.kept})" if failure.kept else ""
        print(f"FAILED {failure.name}: {failure.reason}{kept}")
