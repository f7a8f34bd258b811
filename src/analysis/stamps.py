"""What each output was built from, kept beside it, so that a build redoes only what changed.

A stamp is a small JSON file holding a digest of each input of one output, like the
dependency files compilers write: for the extracted and processed tables, the documents,
their corrections and the reference maps; for a report, its notebook, its parameters and the
files it actually read while it ran; for all of them, the code of the ``analysis`` package
and the versions of the libraries that shape what it writes. A missing or unreadable stamp
means "build it", never an error.

This module imports only the standard library: a build with nothing to do is decided here,
before pandas, papermill or spaCy are imported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from analysis import paths
from analysis.atomic import write_text

PACKAGE = Path(__file__).resolve().parent
#: Libraries whose version can change a table, a chart or a page.
LIBRARIES = (
    "numpy",
    "pandas",
    "pandera",
    "spacy",
    "en-core-web-sm",
    "text2num",
    "pycountry",
    "matplotlib",
    "shapely",
    "pillow",
    "jinja2",
    "bleach",
    "nbformat",
    "nbclient",
    "nbconvert",
    "papermill",
    "ipykernel",
)
MISSING = "missing"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, or ``missing``: a file that disappears is a change too."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return MISSING


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """One digest for every file under ``folder`` matching ``pattern``: names and contents."""
    folder = Path(folder)
    files = sorted(
        path
        for path in folder.rglob(pattern)
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )
    return combined({str(path.relative_to(folder)): file_digest(path) for path in files})


def combined(parts: Mapping[str, object]) -> str:
    """One digest for named parts (digests, parameters, names), independent of their order."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_digest() -> str:
    """The ``analysis`` package (code, templates, assets), the reference maps and the library
    versions: what turns the same inputs into the same outputs. Read once per process."""
    return combined(
        {
            "package": tree_digest(PACKAGE),
            "reference": tree_digest(paths.REFERENCE),
            "libraries": {name: _version(name) for name in LIBRARIES},
        }
    )


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return MISSING


def tables_inputs() -> str:
    """What the extracted and processed tables are made from."""
    return combined(
        {
            "documents": tree_digest(paths.DOCUMENTS),
            "corrections": tree_digest(paths.CORRECTIONS),
            "code": code_digest(),
        }
    )


def read(path: Path) -> dict:
    """The stamp at ``path``; empty when it is missing, unreadable or not a stamp."""
    try:
        stamp = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def up_to_date(path: Path, inputs: str) -> bool:
    """Whether the stamp at ``path`` records ``inputs`` and every output it lists exists."""
    stamp = read(path)
    outputs = stamp.get("outputs")
    return (
        stamp.get("inputs") == inputs
        and isinstance(outputs, list)
        and all(isinstance(output, str) and Path(output).exists() for output in outputs)
    )


def record(path: Path, inputs: str, outputs: Iterable[Path], **more: object) -> None:
    """Stamp ``outputs`` as built from ``inputs`` (with ``more`` to read back next time)."""
    stamp = {"inputs": inputs, "outputs": sorted(str(output) for output in outputs), **more}
    write_text(Path(path), json.dumps(stamp, indent=1, sort_keys=True) + "\n")


class Digests:
    """File digests memoised for one build: many reports read the same tables."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, path: str | Path) -> str:
        key = str(path)
        if key not in self._known:
            self._known[key] = file_digest(Path(key))
        return self._known[key]

    def of(self, files: Iterable[str]) -> dict[str, str]:
        return {str(path): self(path) for path in files}
