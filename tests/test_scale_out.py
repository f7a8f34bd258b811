"""The whole build as a user runs it (`python -m analysis build` in a subprocess), on the fixture
corpus: locally, again with nothing changed, and through a real dask.distributed LocalCluster
of two worker processes on 127.0.0.1, which must give the same pages.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import LocalCluster

from analysis.pipeline import BUILD_STAMP, TABLES_STAMP

FIXTURE = Path(__file__).parent / "fixtures" / "report_corpus"
BUILT_AT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")

pytestmark = pytest.mark.slow


def corpus_environment(root: Path) -> dict[str, str]:
    """The fixture corpus copied under ``root``, and the variables pointing a build at it."""
    documents = root / "documents"
    shutil.copytree(FIXTURE, documents, ignore=shutil.ignore_patterns("corrections"))
    return {
        "ANALYSIS_DOCUMENTS_DIR": str(documents),
        "ANALYSIS_CORRECTIONS_DIR": str(FIXTURE / "corrections"),
        "ANALYSIS_EXTRACTED_DIR": str(root / "extracted"),
        "ANALYSIS_PROCESSED_DIR": str(root / "processed"),
    }


def build(environment: dict[str, str], out: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(out), *args],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def pages(out: Path) -> dict[str, str]:
    """Every page under ``out``, without the minute it was built."""
    return {
        str(path.relative_to(out)): BUILT_AT.sub("<built>", path.read_text(encoding="utf-8"))
        for path in sorted(out.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> tuple[dict[str, str], Path, str]:
    root = tmp_path_factory.mktemp("scale_out")
    environment = corpus_environment(root)
    printed = build(environment, root / "local")
    return environment, root / "local", printed


def test_a_second_build_with_nothing_changed_returns_at_once(local):
    environment, out, printed = local
    assert printed.startswith("Built 24 of 24 reports in ")
    tables = Path(environment["ANALYSIS_PROCESSED_DIR"]) / TABLES_STAMP
    stamped = tables.stat().st_mtime_ns, (out / BUILD_STAMP).stat().st_mtime_ns
    assert build(environment, out).startswith("Nothing to build: every report in ")
    assert (tables.stat().st_mtime_ns, (out / BUILD_STAMP).stat().st_mtime_ns) == stamped


def test_a_dask_cluster_builds_the_same_pages_as_this_machine(local, monkeypatch):
    environment, local_out, _ = local
    for name, value in environment.items():  # the workers' kernels read the same corpus
        monkeypatch.setenv(name, value)
    cluster_out = local_out.parent / "cluster"
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        printed = build(environment, cluster_out, "--scheduler", cluster.scheduler_address)
        workers = len(cluster.workers)
    assert workers == 2
    assert printed.startswith("Built 24 of 24 reports in ")
    assert pages(cluster_out) == pages(local_out)


def test_an_unreachable_scheduler_is_one_line(local, tmp_path):
    environment, _, _ = local
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(tmp_path), "--force"],
        env={**os.environ, **environment, "ANALYSIS_SCHEDULER": "tcp://127.0.0.1:9"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("error: cannot reach the dask scheduler at tcp://127.0.0.1:9")
    )
    assert "Traceback" not in done.stderr
