"""Atomic file output: write beside the target, then rename over it.

A failure half-way (bad row, full disk, interrupted build) then never leaves a
truncated file, and never destroys the last good one. Temporary names carry the id of the
process writing them, so that what a killed process (kill -9, power cut) left behind can be
told from what another run is writing right now (see :func:`remove_leftovers`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import UserError

if TYPE_CHECKING:  # pandas costs a quarter second to import; a build with nothing to do skips it
    import pandas as pd

# ".<name>.tmp<pid>-" then tempfile's eight random characters.
TEMPORARY = re.compile(r"\..+\.tmp(?P<pid>\d+)-[a-z0-9_]{8}")


def temporary_prefix(name: str) -> str:
    """The start of a temporary name for ``name``, for ``tempfile``: ``.<name>.tmp<pid>-``."""
    return f".{name}.tmp{os.getpid()}-"


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``target`` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=temporary_prefix(target.name), dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def write_csv(target: Path, frame: pd.DataFrame) -> None:
    """Write a table as UTF-8 CSV without the index, atomically."""
    with atomic_path(target) as temporary:
        frame.to_csv(temporary, index=False)


def output_folder(folder: Path, create: bool = True) -> Path:
    """``folder``, once a file could be written in it; created if missing, unless ``create``
    is false (then its nearest existing parent must be a writable folder, and the folder is
    made by the first write, so a command refused later leaves nothing behind).

    A file given as a folder, or a read-only folder, is then one clear error before any work
    is done, instead of a traceback at the first write.
    """
    folder = Path(folder)
    existing = next(p for p in (folder, *folder.absolute().parents) if p.exists())
    if not existing.is_dir():
        if existing == folder:
            raise UserError(f"{folder}: is a file, not a folder")
        raise UserError(f"{folder}: cannot write files there (Not a directory)")
    if not create and existing != folder:
        if not os.access(existing, os.W_OK | os.X_OK):
            raise UserError(f"{folder}: cannot write files there (Permission denied)")
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=temporary_prefix("probe")):
            pass
    except OSError as error:
        raise UserError(f"{folder}: cannot write files there ({error.strerror})") from None
    return folder


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files and folders in ``folder`` whose writing process is gone.

    A process killed outright cannot clean up after itself and nothing else would; files a
    live process is writing are left alone.
    """
    for path in Path(folder).glob(".*"):
        match = TEMPORARY.fullmatch(path.name)
        if match is None or _running(int(match["pid"])):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, but belongs to another user
        return True
    return True


def _umask() -> int:
    """The process umask: mkstemp makes owner-only files, but outputs are for sharing."""
    current = os.umask(0)
    os.umask(current)
    return current
