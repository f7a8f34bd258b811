"""reports/index.html: every report with its description, thumbnail and state.

The index is rebuilt from ``manifest.json`` beside it, which remembers each report across
runs: a batch restricted with ``only``, or one ad-hoc report, updates its own entries and
keeps the others. A failed report keeps its last good title, thumbnail and HTML link.
Runs at the same time update the manifest one after the other (:func:`update`).
"""

import fcntl
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from analysis.atomic import write_text
from analysis.errors import UserError
from analysis.reports.html import TEMPLATES
from analysis.reports.provenance import Provenance

MANIFEST = "manifest.json"
LOCK = "manifest.lock"
PAGE = "index.html"
# Review pages, one per document, beside the reports: reports/review/<doc_id>.html.
REVIEW_DIR = "review"
#: The index's title when no processed documents say whose cooperation it covers.
UNTITLED = "Research cooperation with Asia: reports"


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    description: str
    built: str | None  # when the current HTML was built; None if there never was one
    preview: str | None = None  # data: URI of the thumbnail
    failure: str | None = None  # one-line reason if the last run failed


def load(out_dir: Path) -> dict[str, Entry]:
    """The entries recorded so far, in index order."""
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return {name: Entry(**fields) for name, fields in json.loads(path.read_text()).items()}
    except (ValueError, TypeError, AttributeError) as error:
        raise UserError(f"{path}: unreadable ({error}); delete it to start a new index") from error


def failed(entries: dict[str, Entry], name: str, description: str, reason: str) -> None:
    """Record a failure, keeping what the last good build left (title, thumbnail, date)."""
    previous = entries.get(name, Entry(name, name, description, built=None))
    entries[name] = replace(previous, description=description, failure=reason)


def ordered(entries: dict[str, Entry], names: list[str]) -> dict[str, Entry]:
    """``entries`` with ``names`` first, in that order (reports.toml's), then the others."""
    return {name: entries[name] for name in names if name in entries} | entries


def update(
    out_dir: Path,
    change: Callable[[dict[str, Entry]], dict[str, Entry]],
    provenance: Provenance,
) -> Path:
    """Apply ``change`` to the manifest as it is on disk now, then render the index; return it.

    Both happen under :func:`locked`: two runs at once each add their entries to what the
    other recorded, where saving the entries read at start would erase the other's.
    """
    try:
        with locked(out_dir):
            return write(out_dir, change(load(out_dir)), provenance)
    except OSError as error:
        raise UserError(f"{out_dir / PAGE}: not updated ({error.strerror or error})") from None


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``manifest.lock``, waiting for any other run to release it.

    The system releases a flock when its holder exits, even killed with kill -9, so a killed
    run never leaves a stale lock behind.
    """
    with open(out_dir / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def write(out_dir: Path, entries: dict[str, Entry], provenance: Provenance) -> Path:
    """Save the manifest and render the index page from it; return the page's path."""
    write_text(out_dir / MANIFEST, json.dumps({n: asdict(e) for n, e in entries.items()}, indent=1))
    page = out_dir / PAGE
    cards = [(entry, (out_dir / f"{entry.name}.html").exists()) for entry in entries.values()]
    reviews = sorted(path.stem for path in (out_dir / REVIEW_DIR).glob("*.html"))
    title, documents = _corpus()
    html = _template().render(
        title=title,
        cards=cards,
        reviews=reviews,
        documents=documents,
        review_dir=REVIEW_DIR,
        provenance=provenance,
    )
    write_text(page, html)
    return page


def _corpus() -> tuple[str, dict[str, dict[str, str]]]:
    """The index's title, naming the institutions the documents are about, and each
    document's institution, title, publisher and date from its sidecar."""
    from analysis import data, paths

    if not (paths.PROCESSED / "documents.csv").exists():
        return UNTITLED, {}
    try:
        documents = data.documents()
    except UserError:
        return UNTITLED, {}
    who = data.institutions_label(documents.institution)
    listed = documents[["institution", "title", "publisher", "date"]].to_dict("index")
    return f"{who}: research cooperation with Asia, reports", listed


def _template():
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES / "report"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("listing.html.j2")
