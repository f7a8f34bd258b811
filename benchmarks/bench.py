"""Benchmarks for `make bench`: how long each stage takes, and how it scales.

Machines here are shared and noisy, so read the ratios within one run (extraction should
take the same seconds per MB at 0.25 and at 20 MB), not the absolute seconds. Each timing
is the median of several runs after one warm-up.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from analysis import data, paths
from analysis.charts import partners, phd, timeline
from analysis.clean import clean_all
from analysis.extract import extract, extract_document
from analysis.figures import to_png
from analysis.sources import credit

SEED = paths.DOCUMENTS / "cnrs_asean_profile.txt"
# Linear extraction means the same seconds per MB at every size (target: 20 MB under 60 s).
SIZES_MB = (0.25, 1, 4, 20)
BATCH = ["KHM", "LAO", "MYS", "SGP"]


def median_seconds(task: Callable[[], object], runs: int = 5) -> float:
    """Median wall time of ``runs`` calls, after one warm-up call."""
    task()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        task()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def document_of_size(folder: Path, megabytes: float) -> Path:
    """The seed's title, then its body repeated to about ``megabytes``: same genre, longer."""
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    repeats = max(1, round(megabytes * 1_000_000 / len(body)))
    path = folder / f"long_profile_{megabytes:g}mb.txt"
    path.write_text(title + "\n\n" + "\n\n".join([body] * repeats), encoding="utf-8")
    return path


# Extracting one document in a process of its own reports its time and peak memory.
EXTRACT_ONE = """
import resource, sys, time
from pathlib import Path
from analysis.extract import extract_document
started = time.perf_counter()
extract_document(Path(sys.argv[1]))
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def extraction_at_scale(path: Path) -> tuple[float, float]:
    """Seconds and peak MiB to extract one document, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", EXTRACT_ONE, str(path)], capture_output=True, text=True, check=True
    )
    seconds, peak_kib = result.stdout.split()
    return float(seconds), int(peak_kib) / 1024


def chart_tasks() -> dict[str, Callable[[], object]]:
    names = data.countries().name.to_dict()
    table, events, students = (
        data.load("partner_countries"),
        data.load("events"),
        data.load("phd_students"),
    )
    source = {
        "institution": data.institutions_label(table.institution),
        "source": credit(table.doc_id),
    }
    asia, asean = data.region("Asia"), data.region("ASEAN")
    return {
        "partner map (Asia)": lambda: to_png(
            partners.partner_map(
                table, region=asia, scope_codes=list(asean.members), names=names, **source
            )
        ),
        "timeline": lambda: to_png(
            timeline.timeline(events, names=names, start_year=1983, end_year=2006, **source)
        ),
        "phd bars": lambda: to_png(
            phd.phd_bars(students, names=names, year=2004, top_n=10, **source)
        ),
        "phd map (ASEAN)": lambda: to_png(
            phd.phd_map(students, names=names, year=2004, region=asean, **source)
        ),
    }


def report_seconds(out_dir: Path) -> float:
    """One report end to end: parameter check, kernel, notebook, HTML, index."""
    from analysis.reports import run_one

    started = time.perf_counter()
    status = run_one("phd_origins", {}, out_dir, name="bench_phd_origins")
    if status != 0:
        sys.exit("bench: the report failed")
    return time.perf_counter() - started


def batch_seconds(out_dir: Path, jobs: int) -> float:
    """Four country profiles built with ``jobs`` kernels at once."""
    from analysis.reports import build_all

    started = time.perf_counter()
    status = build_all(out_dir, only=[f"country_profile_{c}" for c in BATCH], jobs=jobs)
    if status != 0:
        sys.exit("bench: the batch failed")
    return time.perf_counter() - started


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        one = median_seconds(lambda: extract_document(SEED))
        rows.append(("extract seed document", one, f"{SEED.stat().st_size / 1024:.1f} KiB"))
        for megabytes in SIZES_MB:
            seconds, peak = extraction_at_scale(document_of_size(folder, megabytes))
            rows.append(
                (
                    f"extract a {megabytes:g} MB document",
                    seconds,
                    f"{seconds / megabytes:.1f} s per MB, peak {peak:.0f} MiB"
                    f" ({peak / megabytes:.0f} MiB per MB)",
                )
            )
        extract([SEED], folder / "raw")
        rows.append(("clean all tables", median_seconds(lambda: clean_all(folder / "raw")), ""))
        for name, task in chart_tasks().items():
            rows.append((f"chart: {name}", median_seconds(task, runs=3), "render to PNG"))
        report = statistics.median(report_seconds(folder / "reports") for _ in range(2))
        chart_total = sum(seconds for name, seconds, _ in rows if name.startswith("chart: phd"))
        rows.append(
            (
                "report: phd_origins",
                report,
                f"ratio to its two charts {report / chart_total:.1f} (kernel start + export)",
            )
        )
        serial = batch_seconds(folder / "serial", jobs=1)
        parallel = batch_seconds(folder / "parallel", jobs=2)
        rows += [
            ("batch of 4 reports, 1 job", serial, ""),
            (
                "batch of 4 reports, 2 jobs",
                parallel,
                f"speed-up {serial / parallel:.2f} (2 would be perfect)",
            ),
        ]
    width = max(len(name) for name, _, _ in rows)
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds * 1000:9.1f} ms  {note}")


if __name__ == "__main__":
    main()
