"""Per-chart timings: how long each chart the reports draw takes to build and encode.

Target of the "fast builds" issue: every chart at most 0.1 s warm (after one warm-up in the
same process, as in a report kernel that draws several charts), maps included. Each chart
is fed as ``analysis.views`` feeds it, from the processed tables of the report corpus
(``tests/fixtures/report_corpus``: five documents, four institutions), built into a
temporary folder first, so the comparison charts have several institutions to compare.

Run ``.venv/bin/python benchmarks/chart_timings.py``; machines here are shared and noisy,
so compare charts within one run rather than seconds across runs. Each chart's PNG size is
printed too, since the pages embed the PNGs and must stay small.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr
from pathlib import Path
from unittest import mock

from matplotlib.figure import Figure

from analysis import compare, data, paths
from analysis.charts import compare as compare_charts
from analysis.charts import partners, phd, profile, timeline
from analysis.clean import clean
from analysis.extract import extract
from analysis.figures import to_png
from analysis.sources import credit

CORPUS = paths.PROJECT_ROOT / "tests" / "fixtures" / "report_corpus"
#: The most a chart may take, warm, to build and encode (seconds).
TARGET_SECONDS = 0.1
#: The institution whose single-institution charts are timed: the corpus's seed profile's.
INSTITUTION = "CNRS"
#: A small country and a big one, each on the map a country profile opens with.
LOCATED = {"SGP": "ASEAN", "CHN": "Asia"}


def median_seconds(task: Callable[[], object], runs: int = 5) -> float:
    """Median wall time of ``runs`` calls, after one warm-up call."""
    task()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        task()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextmanager
def corpus_tables() -> Iterator[Path]:
    """The report corpus extracted and cleaned into a temporary folder, which the data layer
    reads while the block runs (as the test session redirects it)."""
    with tempfile.TemporaryDirectory() as folder:
        extracted, processed = Path(folder) / "extracted", Path(folder) / "processed"
        with redirect_stderr(io.StringIO()):  # cleaning notes are for the corpus's authors
            extract(sorted(CORPUS.glob("*.txt")), extracted, CORPUS / "corrections")
            clean(extracted, processed)
        with mock.patch.object(paths, "PROCESSED", processed):
            yield processed


def chart_builders() -> dict[str, Callable[[], Figure]]:
    """Every chart the reports draw, by name, each fed from the current processed tables."""
    names = data.countries().name.to_dict()
    asia, asean = data.region("Asia"), data.region("ASEAN")
    ties = data.facts("partner_countries")
    events = data.facts("events")
    own_events = data.facts("events", INSTITUTION)
    students = data.facts("phd_students")
    own_students = data.facts("phd_students", INSTITUTION)
    own_students = own_students[own_students.year == own_students.year.max()]
    tie_tables = {name: data.facts(name) for name in compare.TIE_TABLES}
    linked = compare.ties(
        {name: frame[frame.country_iso3.isin(asia.members)] for name, frame in tie_tables.items()}
    )
    year = int(own_students.year.max())

    def partner_map(region) -> Figure:
        shown = ties[ties.country_iso3.isin(region.members)]
        return partners.partner_map(
            shown,
            region=region,
            scope_codes=[c for c in asean.members if c in region.members],
            names=names,
            highlight="VNM",
            institution=data.institutions_label(shown.institution),
            source=credit(shown.doc_id),
        )

    def locator_map(code: str) -> Figure:
        return profile.locator_map(
            code,
            name=names[code],
            region=data.region(LOCATED[code]),
            title=f"{names[code]}: a finding in one line",
            subtitle=f"What the documents say about {names[code]}; details and sources below",
            source=credit(ties.doc_id),
        )

    own = {"institution": INSTITUTION, "source": credit(own_students.doc_id)}
    return {
        "partner map (Asia)": lambda: partner_map(asia),
        "partner map (ASEAN)": lambda: partner_map(asean),
        "timeline": lambda: timeline.timeline(
            own_events,
            names=names,
            start_year=int(own_events.year.min()),
            end_year=int(own_events.year.max()),
            institution=INSTITUTION,
            source=credit(own_events.doc_id),
        ),
        "phd bars": lambda: phd.phd_bars(
            own_students, names=names, year=year, top_n=10, highlight="THA", **own
        ),
        "phd map (ASEAN)": lambda: phd.phd_map(
            own_students, names=names, year=year, region=asean, **own
        ),
        **{
            f"locator map ({code})": (lambda code=code: locator_map(code))
            for code in LOCATED  # bound now: one builder per country
        },
        "tie matrix": lambda: compare_charts.tie_matrix(
            linked, names=names, source=credit(ties.doc_id)
        ),
        "lanes timeline": lambda: compare_charts.lanes_timeline(
            events, lane_by="institution", names=names, source=credit(events.doc_id)
        ),
        "phd stacked": lambda: compare_charts.phd_stacked(
            students, names=names, source=credit(students.doc_id)
        ),
    }


def chart_seconds(runs: int = 5) -> dict[str, float]:
    """Warm median seconds to build each chart and encode it as PNG (``figures.to_png``)."""
    return {name: seconds for name, (seconds, _) in chart_measures(runs).items()}


def chart_measures(runs: int = 5) -> dict[str, tuple[float, int]]:
    """Each chart's warm median seconds (as ``chart_seconds``) and its PNG's size in bytes:
    a faster encoding must not make the pages it is embedded in heavier."""
    with corpus_tables():
        return {
            name: (
                median_seconds(lambda build=build: to_png(build()), runs),
                len(to_png(build())),
            )
            for name, build in chart_builders().items()
        }


def main() -> None:
    measures = chart_measures()
    width = max(map(len, measures))
    for name, (seconds, size) in measures.items():
        verdict = "ok" if seconds <= TARGET_SECONDS else f"over {TARGET_SECONDS * 1000:.0f} ms"
        print(f"{name:<{width}}  {seconds * 1000:7.1f} ms  {size / 1024:6.1f} KiB  {verdict}")
    total = sum(size for _, size in measures.values())
    print(f"{'all charts':<{width}}  {'':>10}  {total / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
