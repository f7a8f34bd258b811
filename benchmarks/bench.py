"""Benchmarks for `make bench`: extraction at scale, every chart, and whole builds.

Machines here are shared and noisy, so read the ratios within one run, not the seconds
across runs. Each timing is the median of several runs after one warm-up. The results are
printed and written to benchmarks/results.md.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import builds
import chart_timings

from analysis import paths
from analysis.atomic import write_text

SEED = paths.DOCUMENTS / "cnrs_asean_profile.txt"
# Linear extraction means the same seconds per MB at every size (target: 20 MB under 60 s).
SIZES_MB = (0.25, 1, 4, 20)
RESULTS = Path(__file__).with_name("results.md")

# Extracting one document in a process of its own reports its time and peak memory.
EXTRACT_ONE = """
import resource, sys, time
from pathlib import Path
from analysis.extract import extract_document
started = time.perf_counter()
extract_document(Path(sys.argv[1]))
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def document_of_size(folder: Path, megabytes: float) -> Path:
    """The seed's title, then its body repeated to about ``megabytes``: same genre, longer."""
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    repeats = max(1, round(megabytes * 1_000_000 / len(body)))
    path = folder / f"long_profile_{megabytes:g}mb.txt"
    path.write_text(title + "\n\n" + "\n\n".join([body] * repeats), encoding="utf-8")
    return path


def extraction_rows(folder: Path) -> list[str]:
    rows = ["| document | seconds | per MB | peak memory |", "|---|---|---|---|"]
    for megabytes in SIZES_MB:
        path = document_of_size(folder, megabytes)
        result = subprocess.run(
            [sys.executable, "-c", EXTRACT_ONE, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, peak_kib = map(float, result.stdout.split())
        rows.append(
            f"| {megabytes:g} MB | {seconds:.1f} | {seconds / megabytes:.1f} s | "
            f"{peak_kib / 1024:.0f} MiB |"
        )
    return rows


def chart_rows() -> list[str]:
    rows = ["| chart | warm seconds (build + encode) |", "|---|---|"]
    for name, seconds in chart_timings.chart_seconds().items():
        rows.append(f"| {name} | {seconds:.3f} |")
    return rows


def build_rows(folder: Path, runs: int) -> list[str]:
    results = builds.measure_all(folder, runs)
    naive = results["naive loop (papermill + nbconvert CLIs)"].median
    floor = results["warm floor (one IPython shell)"].median
    forced = results["cold build --force"].median
    rows = [
        "| measure | median s | min–max s | peak memory | notes |",
        "|---|---|---|---|---|",
    ]
    for name, measure in results.items():
        peak = f"{measure.peak_mib:.0f} MiB" if measure.peak_mib else ""
        rows.append(
            f"| {name} | {measure.median:.3f} | {min(measure.seconds):.3f}–"
            f"{max(measure.seconds):.3f} | {peak} | {measure.note} |"
        )
    total, mean, index = builds.page_sizes(folder / "seed" / "out")
    sizes = {n: results[f"country profiles, N = {n}"].beyond_start_up for n in builds.SIZES}
    spread = max(sizes.values()) / min(sizes.values()) - 1
    rows += [
        "",
        f"- `build --force`: **{naive / forced:.1f}×** faster per report than the naive loop, "
        f"**{forced / floor:.2f}×** the warm floor.",
        f"- Pages of the default build: {total:.0f} KiB in all, **{mean:.0f} KiB** per report "
        f"on average; index.html {index:.0f} KiB.",
        "- Country profiles, seconds each report adds beyond the build's start-up (the time "
        "of one profile alone): "
        + ", ".join(f"{seconds:.3f} at N = {n}" for n, seconds in sizes.items())
        + f"; the largest is **{spread:.0%}** above the smallest.",
    ]
    return rows


def main() -> None:
    """``make bench``; ``bench.py RUNS`` counts RUNS runs of each build (default 3)."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sections = {
            "Whole builds (per report unless said)": build_rows(folder, runs),
            "Charts": chart_rows(),
            "Extraction at scale (each size in a fresh process)": extraction_rows(folder),
        }
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}. "
        "Medians of several runs after a warm-up; compare within this run.",
    ]
    for title, rows in sections.items():
        lines += ["", f"## {title}", "", *rows]
    text = "\n".join(lines) + "\n"
    print(text)
    write_text(RESULTS, text)


if __name__ == "__main__":
    main()
