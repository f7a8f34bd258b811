"""Atomic file output: write beside the target, then rename over it.

A failure half-way (bad row, full disk, interrupted build) then never leaves a
truncated file, and never destroys the last good one.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``target`` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
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


def _umask() -> int:
    """The process umask: mkstemp makes owner-only files, but outputs are for sharing."""
    current = os.umask(0)
    os.umask(current)
    return current
