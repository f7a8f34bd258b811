import os
import stat

import pytest

from analysis import atomic


def test_a_failed_write_keeps_the_last_good_file(tmp_path):
    target = tmp_path / "table.csv"
    atomic.write_text(target, "good\n")

    with pytest.raises(RuntimeError), atomic.atomic_path(target) as temporary:
        temporary.write_text("half a ta")
        raise RuntimeError("disk full")
    assert target.read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_outputs_are_readable_by_others_as_the_umask_allows(tmp_path):
    previous = os.umask(0o022)
    try:
        atomic.write_bytes(tmp_path / "report.html", b"<html></html>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644
