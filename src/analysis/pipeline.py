"""``python -m analysis build``: tables, review pages and reports, each redone only when its
inputs changed (see :mod:`analysis.stamps`).

The build as a whole is stamped too, with everything any of its steps reads: a build with
nothing to do is recognised from file digests alone, before pandas, papermill or spaCy are
even imported, and returns at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis import paths, stamps
from analysis.atomic import output_folder

#: The stamps of the build as a whole and of its review pages, in the reports' folder.
BUILD_STAMP = Path(".stamps") / "build.json"
REVIEW_STAMP = Path(".stamps") / "review.json"
#: The stamp of the extracted and processed tables, beside the processed ones.
TABLES_STAMP = ".stamp.json"


@dataclass(frozen=True)
class Options:
    """How to run a batch: at most ``jobs`` reports at once here, or on the dask cluster at
    ``scheduler``; ``force`` reruns reports whose inputs did not change."""

    jobs: int | None = None
    scheduler: str | None = None
    force: bool = False


def build(out_dir: Path, only: Sequence[str] | None, options: Options) -> int:
    """Build every report (or those in ``only``) into ``out_dir``; return the exit status.

    ``options.force`` redoes everything, whatever the stamps say.
    """
    inputs = _build_inputs(only)
    if not options.force and stamps.up_to_date(out_dir / BUILD_STAMP, inputs):
        print(f"Nothing to build: every report in {out_dir} is up to date (--force rebuilds)")
        return 0
    from analysis.reports import build_all, catalogue
    from analysis.reports.runner import open_workers

    catalogue.check(paths.REPORT_LIST, only)
    output_folder(out_dir)
    with open_workers(options, out_dir) as pool:  # kernels start while the tables are made
        tables = _tables(options.force)
        _review_pages(out_dir, tables, options.force)
        status = build_all(
            out_dir,
            only=only,
            report_list=paths.REPORT_LIST,
            notebooks_dir=paths.NOTEBOOKS,
            options=options,
            pool=pool,
        )
    if status == 0:
        stamps.record(out_dir / BUILD_STAMP, _build_inputs(only), out_dir.glob("*.html"))
    return status


def _build_inputs(only: Sequence[str] | None) -> str:
    """Everything a build reads, as one digest: documents, corrections, code and versions,
    the processed tables, the notebooks, the report list, and which reports were asked for."""
    return stamps.combined(
        {
            "tables": stamps.tables_inputs(),
            "processed": stamps.tree_digest(paths.PROCESSED, "*.csv"),
            "notebooks": stamps.tree_digest(paths.NOTEBOOKS, "*.ipynb"),
            "report_list": stamps.file_digest(paths.REPORT_LIST),
            "only": sorted(only or []),
        }
    )


def _tables(force: bool) -> str:
    """Extract and clean, unless the tables were made from the same documents, corrections
    and code; return the digest of those inputs. A forced build extracts every document
    again; otherwise only those changed since they were kept. (pandera is imported only
    when the tables are made, spaCy only when a document is read.)"""
    inputs = stamps.tables_inputs()
    stamp = paths.PROCESSED / TABLES_STAMP
    if force or not stamps.up_to_date(stamp, inputs):
        from analysis.clean import clean
        from analysis.extract import extract

        extract(out=paths.EXTRACTED, reuse_kept=not force)
        clean(paths.EXTRACTED, paths.PROCESSED)
        tables = [*paths.EXTRACTED.glob("*.csv"), *paths.PROCESSED.glob("*.csv")]
        stamps.record(stamp, inputs, tables)
    return inputs


def _review_pages(out_dir: Path, tables: str, force: bool) -> None:
    """Write a review page per document, unless they were written from the same tables."""
    stamp = out_dir / REVIEW_STAMP
    if force or not stamps.up_to_date(stamp, tables):
        from analysis.reports.index import REVIEW_DIR
        from analysis.reports.review import write_review_pages

        pages = write_review_pages(paths.DOCUMENTS, paths.EXTRACTED, out_dir / REVIEW_DIR)
        stamps.record(stamp, tables, pages)
