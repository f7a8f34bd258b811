"""reports/index.html: every report with its description, thumbnail and state.

The index is rebuilt from ``manifest.json`` beside it, which remembers each report across
runs: a batch restricted with ``only``, or one ad-hoc report, updates its own entries and
keeps the others. A failed report keeps its last good title, thumbnail and HTML link.
"""

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from analysis.atomic import write_text
from analysis.errors import UserError
from analysis.reports.html import TEMPLATES
from analysis.reports.provenance import Provenance

MANIFEST = "manifest.json"
PAGE = "index.html"
TITLE = "CNRS research cooperation: reports"


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


def write(out_dir: Path, entries: dict[str, Entry], provenance: Provenance) -> Path:
    """Save the manifest and render the index page from it; return the page's path."""
    write_text(out_dir / MANIFEST, json.dumps({n: asdict(e) for n, e in entries.items()}, indent=1))
    page = out_dir / PAGE
    cards = [(entry, (out_dir / f"{entry.name}.html").exists()) for entry in entries.values()]
    write_text(page, _template().render(title=TITLE, cards=cards, provenance=provenance))
    return page


def _template():
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES / "report"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("listing.html.j2")
