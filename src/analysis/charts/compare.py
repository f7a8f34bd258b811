"""Charts that put several institutions side by side: a heat map of their ties with each
country, their agreements and offices on one time axis, and their PhD students stacked.

Each chart sizes itself from what it draws (rows, columns, lanes), so ten institutions
and fifteen countries stay as legible as one institution and three. Each has a
companion ``*_alt`` that says in one sentence what the chart shows, for its alt text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex, to_rgb, to_rgba_array
from matplotlib.figure import Figure
from matplotlib.ticker import MultipleLocator
from matplotlib.transforms import Affine2D

from analysis import compare
from analysis.charts.maps import legend_handles
from analysis.charts.style import (
    CATEGORICAL,
    FONT_SIZES,
    NEUTRAL,
    finish,
    new_figure,
    offset_text,
    strip_axes,
)
from analysis.charts.timeline import CHAR_WIDTH_IN, MARKERS, event_markers

#: One colour per strength, light to dark (sequential blues read in greyscale too).
STRENGTH_COLOURS = [
    to_hex(colour) for colour in colormaps["Blues"](np.linspace(0.3, 0.95, len(compare.KINDS)))
]
#: Heat map cells and timeline lanes, in inches.
CELL_IN, LANE_IN = 0.52, 0.95
#: Timeline width, and the lane spacing when every label sits next to its lane.
TIMELINE_WIDTH_IN, NEAR_LANE_IN = 9.5, 0.7
#: Room for the year labels between the time axis and the legend below it, in inches.
LEGEND_GAP_IN = 0.3
#: How far apart events of one lane and year are drawn, in years.
DODGE_YEARS = 0.9
#: Width of the bar chart, in inches.
BARS_WIDTH_IN = 9.0
#: Figure margins beside the axis labels and the plot, in inches.
MARGINS_IN = 0.5
#: Narrowest figure, in inches, so that a title of a few words fits on one or two lines.
MIN_WIDTH_IN = 7.0
#: Average width of a character of an 11 pt axis label, in inches.
LABEL_CHAR_IN = 0.09
#: Longest name shown on an axis; longer ones end in "…".
LABEL_CHARS = 18
#: Label offsets from a timeline marker, in points: above, below, higher, lower. A label
#: takes the first that leaves it clear of the lane's other labels.
LABEL_SLOTS = (7, -7, 21, -21)
#: A line joins a label in a far slot to its marker: it stops this many points short of the
#: label and of the marker's centre.
LEADER_GAPS_PT = (4, 6)


def tie_matrix(ties: pd.DataFrame, *, names: Mapping[str, str], source: str) -> Figure:
    """Institutions (rows) by countries (columns), each cell coloured and numbered by the
    ``strength`` of their tie; both axes strongest first."""
    if ties.empty:
        raise ValueError("tie_matrix(): no ties to draw")
    institutions, countries = compare.tie_order(ties)
    grid = ties.pivot(index="institution", columns="country_iso3", values="strength")
    grid = grid.reindex(index=institutions, columns=countries).fillna(0).astype(int)
    rows = [_abbreviated(institution) for institution in institutions]
    columns = [_abbreviated(names[code]) for code in countries]
    cell_width, cell_height = _cell_size(rows, columns)
    rotation = 45 if _text_in(columns) > cell_width - 0.1 else 0
    fig, ax = new_figure(
        _text_in(rows) + MARGINS_IN + cell_width * len(columns),
        2.9 + _text_in(columns) * np.sin(np.radians(rotation)) + cell_height * len(rows),
    )
    strip_axes(ax, spines=())
    _draw_cells(ax, grid.to_numpy())
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks(
        range(len(columns)),
        columns,
        rotation=rotation,
        rotation_mode="anchor",
        ha="left" if rotation else "center",
    )
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", labelsize=FONT_SIZES["label"], labelcolor=NEUTRAL["text"])
    ax.legend(
        handles=legend_handles(
            [("none", NEUTRAL["no_data"])]
            + [(str(k), colour) for k, colour in enumerate(STRENGTH_COLOURS, start=1)]
        ),
        title="Kinds of tie",
        title_fontsize=FONT_SIZES["tick"],
        loc="upper left",
        bbox_to_anchor=(0, -0.03),
        ncol=len(STRENGTH_COLOURS) + 1,
        handlelength=1.2,
        columnspacing=0.9,
        alignment="left",
        frameon=False,
    )
    title = _tie_title(ties, names, countries[0])
    finish(fig, title=title, subtitle=_tie_subtitle(), source=source)
    return fig


def _text_in(labels: list[str]) -> float:
    """Width of the longest label, in inches."""
    return max(map(len, labels)) * LABEL_CHAR_IN


def _cell_size(rows: list[str], columns: list[str]) -> tuple[float, float]:
    """Cells of ``CELL_IN``, wider when few columns leave the figure room to spare, never
    much taller than wide; the figure is at least ``MIN_WIDTH_IN`` for the title."""
    width = max(MIN_WIDTH_IN, _text_in(rows) + MARGINS_IN + CELL_IN * len(columns))
    cell_width = (width - _text_in(rows) - MARGINS_IN) / len(columns)
    return cell_width, min(cell_width, 1.4 * CELL_IN)


def _draw_cells(ax, strengths: np.ndarray) -> None:
    """Coloured cells parted by white lines, each tie numbered with its strength."""
    fills = [[_strength_colour(value) for value in row] for row in strengths]
    # Bytes, not fractions: matplotlib scales an RGBA byte image as it is, in half the time.
    rgba = np.rint(to_rgba_array(np.ravel(fills)) * 255).astype(np.uint8)
    ax.imshow(rgba.reshape(*strengths.shape, 4), aspect="auto")
    rows, columns = strengths.shape
    # Lines rather than a grid on minor ticks: the same look without a tick per cell edge.
    ax.vlines(np.arange(columns + 1) - 0.5, -0.5, rows - 0.5, color="white", linewidth=2.5)
    ax.hlines(np.arange(rows + 1) - 0.5, -0.5, columns - 0.5, color="white", linewidth=2.5)
    for (row, column), value in np.ndenumerate(strengths):
        if value:
            ax.text(
                column,
                row,
                str(value),
                ha="center",
                va="center",
                fontsize=FONT_SIZES["label"],
                color=_text_colour(fills[row][column]),
            )


def _tie_title(ties: pd.DataFrame, names: Mapping[str, str], strongest: str) -> str:
    """The country with the ``strongest`` ties overall (ISO3), or the one institution's
    strongest."""
    top = names[strongest]
    institutions = ties.institution.nunique()
    if institutions == 1:
        return f"{ties.institution.iloc[0]}'s strongest tie is with {top}"
    linked = ties[(ties.country_iso3 == strongest) & (ties.strength > 0)].institution.nunique()
    every = "both" if institutions == 2 else f"all {institutions}"
    share = every if linked == institutions else f"{linked} of {institutions}"
    return f"{top} has the strongest ties overall, with {share} institutions"


def _tie_subtitle() -> str:
    return (
        f"Number in each cell: kinds of tie the documents report, of {len(compare.KINDS)}: "
        f"{', '.join(compare.KINDS.values())}"
    )


def tie_matrix_alt(ties: pd.DataFrame, names: Mapping[str, str]) -> str:
    """'Heat map of 3 institutions (A, B, C) by 6 countries, each cell counting the kinds of
    tie between them (of 7); the strongest is A with Vietnam, 5 kinds.'"""
    institutions, countries = compare.tie_order(ties)
    strongest = ties.sort_values(
        ["strength", "institution", "country_iso3"], ascending=[False, True, True]
    ).iloc[0]
    return (
        f"Heat map of {len(institutions)} institutions ({', '.join(institutions)}) by "
        f"{len(countries)} countries, each cell counting the kinds of tie between them "
        f"(of {len(compare.KINDS)}); the strongest is {strongest.institution} with "
        f"{names[strongest.country_iso3]}, {strongest.strength} kinds."
    )


def _strength_colour(strength: int) -> str:
    return STRENGTH_COLOURS[strength - 1] if strength else NEUTRAL["no_data"]


def _text_colour(fill: str) -> str:
    """Dark or white text, whichever contrasts more with ``fill`` (WCAG contrast ratio)."""
    return max((NEUTRAL["text"], "white"), key=lambda text: _contrast(text, fill))


def _contrast(one: str, other: str) -> float:
    darker, lighter = sorted([_luminance(one), _luminance(other)])
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _abbreviated(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def lanes_timeline(
    events: pd.DataFrame, *, lane_by: str, names: Mapping[str, str], source: str
) -> Figure:
    """One lane per institution or per country, each event a marker labelled with the
    other side of the tie; labels move to free slots above and below their lane, and
    lanes are spaced for the slots they use."""
    if events.empty:
        raise ValueError("lanes_timeline(): no events to draw")
    marks = compare.timeline_marks(events, lane_by, names)
    lanes = list(dict.fromkeys(marks.lane))
    lane_labels = [_abbreviated(lane) for lane in lanes]
    width = TIMELINE_WIDTH_IN
    span = marks.year.max() - marks.year.min() + 4
    placed = _placed(marks, years_per_inch=span / (width - _text_in(lane_labels) - MARGINS_IN))
    lane_in = LANE_IN if placed.slot.abs().max() > LABEL_SLOTS[0] else NEAR_LANE_IN
    fig, ax = new_figure(width, 2.3 + lane_in * len(lanes))
    strip_axes(ax, grid="x", spines=("bottom",), ticks=True)
    rows = placed.lane.map({lane: row for row, lane in enumerate(lanes)})
    for row in range(len(lanes)):
        ax.axhline(row, color=NEUTRAL["line"], linewidth=0.8, zorder=1)
    event_markers(ax, placed.x, rows, placed.event_type, size=9)
    _draw_leaders(ax, placed, rows)
    for mark, row in zip(placed.itertuples(), rows, strict=True):
        _draw_label(ax, mark, row)
    ax.set_xlim((placed.x - placed.half).min() - 1, (placed.x + placed.half).max() + 1)
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_yticks(range(len(lanes)), lane_labels)
    ax.tick_params(axis="y", labelsize=FONT_SIZES["label"], labelcolor=NEUTRAL["text"])
    ax.xaxis.set_major_locator(MultipleLocator(10 if span > 40 else 5))
    ax.legend(
        handles=_marker_handles(ax),
        loc="upper center",
        bbox_to_anchor=(0.5, -LEGEND_GAP_IN / (lane_in * len(lanes))),
        ncol=4,
        frameon=False,
    )
    first, last = marks.year.min(), marks.year.max()
    signed = marks[marks.event_type == "agreement_signed"]["count"].sum()
    finish(
        fig,
        title=f"{_oldest_tie(marks, lane_by)}; {_plural(signed, 'agreement')} signed in all",
        subtitle=f"Agreements, offices and networks by year, {first}–{last}; one lane per "
        f"{lane_by}, each mark labelled with the {compare.OTHER_SIDE[lane_by]}",
        source=source,
    )
    return fig


def _placed(marks: pd.DataFrame, years_per_inch: float) -> pd.DataFrame:
    """The marks with where to draw them: x (events of one lane and year side by side),
    text (wrapped), half (half its width, in years) and slot (label offset, points)."""
    by_year = marks.groupby(["lane", "year"])
    shift = by_year.cumcount() - (by_year.year.transform("size") - 1) / 2
    placed = marks.assign(
        x=marks.year + DODGE_YEARS * shift,
        text=marks.label.map(lambda label: textwrap.fill(label, LABEL_CHARS)),
    )
    widest_line = placed.text.map(lambda text: max(map(len, text.splitlines())))
    placed["half"] = widest_line * CHAR_WIDTH_IN * years_per_inch / 2 + 0.3
    slots = {}
    for _, lane in placed.groupby("lane", sort=False):
        taken: dict[int, list[tuple[float, float]]] = {slot: [] for slot in LABEL_SLOTS}
        for mark in lane.sort_values("x").itertuples():
            span = (mark.x - mark.half, mark.x + mark.half)
            slots[mark.Index] = slot = _free_slot(taken, span)
            taken[slot].append(span)
    return placed.assign(slot=pd.Series(slots, dtype=int))


def _free_slot(taken: dict[int, list[tuple[float, float]]], span: tuple[float, float]) -> int:
    """The first slot where ``span`` overlaps no label, else the least crowded one."""

    def overlap(slot: int) -> float:
        return sum(max(0.0, min(span[1], b) - max(span[0], a)) for a, b in taken[slot])

    return min(LABEL_SLOTS, key=lambda slot: (overlap(slot) > 0, overlap(slot)))


def _draw_leaders(ax, placed: pd.DataFrame, rows: pd.Series) -> None:
    """A line from each label in a far slot towards its marker, under the labels.

    One collection, its lines in points from the markers (so that no layout changes their
    length), rather than an arrow per label: matplotlib clips each arrow to its label's box
    by bisection, at the layout and again at the draw: over 10 ms a chart.
    """
    far = placed.slot.abs() > LABEL_SLOTS[0]
    label_gap, marker_gap = LEADER_GAPS_PT
    segments = [
        [(0.0, np.sign(slot) * (abs(slot) - label_gap)), (0.0, np.sign(slot) * marker_gap)]
        for slot in placed.slot[far]
    ]
    points = Affine2D().scale(1 / 72) + ax.get_figure().dpi_scale_trans
    leaders = LineCollection(
        segments,
        offsets=np.column_stack([placed.x[far], rows[far]]),
        offset_transform=ax.transData,
        transform=points,
        colors=NEUTRAL["other"],
        linewidths=1.0,
        capstyle="round",
        snap=False,  # drawn where they point, as the labels are
        zorder=3,  # the markers' and labels': drawn after the markers, before the labels
    )
    ax.add_collection(leaders, autolim=False)


def _draw_label(ax, mark, row: int) -> None:
    """The event's label in its slot (the far slots' lines are ``_draw_leaders``')."""
    offset_text(
        ax,
        (mark.x, row),
        mark.text,
        (0, mark.slot),
        ha="center",
        va="bottom" if mark.slot > 0 else "top",
        linespacing=1.0,
        fontsize=FONT_SIZES["tick"],
        color=NEUTRAL["text"],
    )


def _marker_handles(ax) -> list:
    """One legend entry per event type drawn, in the order of ``MARKERS``."""
    drawn = {line.get_label(): line for line in ax.get_lines()}
    return [drawn[label] for _, _, label in MARKERS.values() if label in drawn]


def _oldest_tie(marks: pd.DataFrame, lane_by: str) -> str:
    oldest = marks.iloc[marks.year.argmin()]
    owner = f"{oldest.lane}'s" if lane_by == "institution" else f"with {oldest.lane}"
    return f"The oldest tie, from {oldest.year}, is {owner}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def lanes_timeline_alt(events: pd.DataFrame, *, lane_by: str, names: Mapping[str, str]) -> str:
    """'Timeline 1983–2012, one lane per institution (A, B): 4 × agreement signed, ….'"""
    marks = compare.timeline_marks(events, lane_by, names)
    kinds = marks.groupby("event_type")["count"].sum()
    counted = ", ".join(
        f"{kinds[kind]} × {label.lower()}"
        for kind, (_, _, label) in MARKERS.items()
        if kind in kinds
    )
    return (
        f"Timeline {marks.year.min()}–{marks.year.max()}, one lane per {lane_by} "
        f"({', '.join(dict.fromkeys(marks.lane))}): {counted}."
    )


def phd_stacked(
    phd: pd.DataFrame, *, names: Mapping[str, str], source: str, top_n: int = 10
) -> Figure:
    """Horizontal bars per country of origin, largest first, stacked by institution, each
    segment numbered where it fits and each bar ending in its total."""
    if phd.empty:
        raise ValueError("phd_stacked(): no PhD students to draw")
    wide, years = compare.phd_by_country(phd, names, top_n, len(CATEGORICAL) - 1)
    totals = wide.sum(axis=1)
    fig, ax = new_figure(BARS_WIDTH_IN, 2.4 + 0.48 * len(wide))
    strip_axes(ax, spines=())
    students_across = totals.max() * 1.12  # room beside the longest bar for its total
    ax.set_xlim(0, students_across)
    inches_per_student = (BARS_WIDTH_IN - _text_in(list(wide.index)) - MARGINS_IN) / students_across
    left = np.zeros(len(wide))
    for institution, colour in zip(wide.columns, _institution_colours(wide, phd), strict=True):
        counts = wide[institution].to_numpy()
        ax.barh(wide.index, counts, left=left, color=colour, height=0.68, label=institution)
        if len(wide.columns) > 1:  # else the total at the bar's end says it
            _segment_labels(ax, counts, left, colour, inches_per_student)
        left += counts
    for position, total in enumerate(totals):
        offset_text(
            ax,
            (total, position),
            f"{total:,}",
            (5, 0),
            va="center",
            fontsize=FONT_SIZES["label"],
            color=NEUTRAL["text"],
        )
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.tick_params(axis="y", labelsize=FONT_SIZES["label"], labelcolor=NEUTRAL["text"])
    ax.legend(
        loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(len(wide.columns), 4), frameon=False
    )
    top = wide.index[0]
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    finish(
        fig,
        title=f"Most PhD students came from {top}: {totals[top]:,} of {totals.sum():,}",
        subtitle="PhD students by country of origin and host institution; each institution's "
        f"latest year with a count for the country ({span})",
        source=source,
    )
    return fig


def _institution_colours(wide: pd.DataFrame, phd: pd.DataFrame) -> list[str]:
    """Okabe-Ito colours in order; grey for the summed 'other institutions'."""
    named = set(phd.institution)
    return [
        colour if institution in named else NEUTRAL["other"]
        for institution, colour in zip(wide.columns, CATEGORICAL, strict=False)
    ]


def _segment_labels(
    ax, counts: np.ndarray, left: np.ndarray, colour: str, inches_per_student: float
) -> None:
    """The count inside each segment wide enough to hold it."""
    for position, (count, start) in enumerate(zip(counts, left, strict=True)):
        if count * inches_per_student > len(str(count)) * CHAR_WIDTH_IN + 0.12:
            ax.text(
                start + count / 2,
                position,
                str(count),
                ha="center",
                va="center",
                fontsize=FONT_SIZES["tick"],
                color=_text_colour(colour),
            )


def phd_stacked_alt(phd: pd.DataFrame, *, names: Mapping[str, str], top_n: int = 10) -> str:
    """'Bars of PhD students by country of origin, stacked by institution (A, B), each
    institution's latest year: Vietnam 170, Thailand 47.'"""
    wide, _ = compare.phd_by_country(phd, names, top_n, len(CATEGORICAL) - 1)
    totals = wide.sum(axis=1)
    return (
        f"Bars of PhD students by country of origin, stacked by institution "
        f"({', '.join(wide.columns)}), each institution's latest year: "
        + ", ".join(f"{country} {total}" for country, total in totals.items())
        + "."
    )
