"""One report from notebook to page, in the calling thread's warm kernel: a worker's whole job.

It returns everything as values (the page, the executed notebook, the files the report read)
and writes nothing where the reports go. So the same function runs in a thread of the build
or on a dask worker on another machine, and the build that asked for it writes every file,
atomically, in one place.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from analysis.reports import execution, html, preview
from analysis.reports.provenance import Provenance


@dataclass(frozen=True)
class Job:
    """A report to run: its name, its notebook and its checked parameters."""

    name: str
    source: Path
    parameters: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Rendered:
    """What running a report gave: the page, or the one-line reason it failed."""

    name: str
    notebook: str | None  # the executed notebook (JSON), as far as the kernel got; None if not
    page: str | None = None
    title: str = ""
    preview: str | None = None
    reads: tuple[str, ...] = ()  # the processed tables and documents the report read
    failure: str | None = None


def render(job: Job, provenance: Provenance, scratch: Path | None = None) -> Rendered:
    """Run ``job`` and export its page; whatever breaks it becomes a failure, not an error.

    ``scratch`` holds the notebook while it runs (default: the system's temporary folder).
    """
    try:
        notebook, reads = execution.execute(job.source, job.parameters, scratch)
    except execution.ReportFailed as failed:
        return Rendered(job.name, failed.notebook, failure=str(failed))
    executed = nbformat.writes(notebook)
    try:
        title = html.title_of(notebook, fallback=job.name)
        note = f"The code behind this page is in notebooks/{job.name}.ipynb, beside this file."
        page = html.export(notebook, title=title, provenance=provenance, code_note=note)
        thumbnail = preview.preview(notebook)
    except Exception as error:
        return Rendered(job.name, executed, failure=execution.reason(error))
    return Rendered(job.name, executed, page, title, thumbnail, reads)
