"""The agreement timeline: one lane per country (plus one for region-wide items), each
event a marker labelled directly, so no legend lookup is needed to read it."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.charts.style import FONT_SIZES, NEUTRAL, OKABE_ITO, finish, new_figure, offset_text

REGION_LANE = "Region-wide"
#: Average width of a label character in inches, to know whether a label fits in a gap.
CHAR_WIDTH_IN = 0.085
INLINE_WRAP, STACKED_WRAP = 40, 20
# Room below the lowest lane, in lanes, for labels stacked under its markers (up to four
# lines) to clear the year ticks.
BELOW_LOWEST = 0.6
MARKERS = {
    "agreement_signed": ("o", OKABE_ITO["blue"], "Agreement signed"),
    "agreement_renewed": ("o", "white", "Agreement renewed"),
    "office_opened": ("s", OKABE_ITO["vermillion"], "Office opened"),
    "network_joined": ("D", OKABE_ITO["bluish_green"], "Network joined"),
}


def short_label(event: pd.Series) -> str:
    """A label that fits beside a marker: 'VAST (1983)', 'TRF renewed (2003)'."""
    label = str(event.label)
    if event.event_type.startswith("agreement_"):
        partner = label.split(" with ", 1)[1]
        acronym = partner[partner.rfind("(") + 1 : -1] if partner.endswith(")") else partner
        label = acronym + (" renewed" if event.event_type == "agreement_renewed" else "")
    return f"{label} ({event.year})"


def select_events(
    events: pd.DataFrame, start_year: int, end_year: int, countries: list[str]
) -> pd.DataFrame:
    """Events in the window, for the given countries (all when empty) and region-wide ones."""
    window = events[(events.year >= start_year) & (events.year <= end_year)]
    if countries:
        window = window[window.country_iso3.isin(countries) | (window.country_iso3 == "")]
    return window.reset_index(drop=True)


def timeline(
    events: pd.DataFrame,
    *,
    names: dict[str, str],
    start_year: int,
    end_year: int,
    institution: str,
    source: str,
) -> Figure:
    """Lanes ordered by first event; labels alternate above and below to stay apart."""
    lanes = _lanes(events, names)
    fig, ax = new_figure(9.0, 1.9 + 0.95 * (len(lanes) + BELOW_LOWEST))
    first, last = int(events.year.min()), int(events.year.max())
    ax.set_xlim(first - 1.5, last + 3)
    low, high = ax.get_xlim()
    years_per_char = CHAR_WIDTH_IN * (high - low) / (ax.get_position().width * fig.get_figwidth())
    rows = pd.concat(frame.assign(row=row) for row, frame in enumerate(lanes.values()))
    event_markers(ax, rows.year, rows.row, rows.event_type, size=10)
    for lane, lane_events in enumerate(lanes.values()):
        ax.axhline(lane, color=NEUTRAL["line"], linewidth=0.8, zorder=0)
        years = [low, *lane_events.year, high]
        for index, event in enumerate(lane_events.itertuples(index=False), start=1):
            gaps = (event.year - years[index - 1], years[index + 1] - event.year)
            _label(ax, event, lane, _placement(short_label(event), gaps, years_per_char, index))
    ax.set_yticks(range(len(lanes)), list(lanes), fontsize=FONT_SIZES["label"])
    ax.set_ylim(len(lanes) - 0.5 + BELOW_LOWEST, -0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines["left"].set_visible(False)
    ax.legend(
        handles=_legend(events),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=4,
        frameon=False,
        fontsize=FONT_SIZES["tick"],
    )
    finish(
        fig,
        title=_title(events, names, institution),
        subtitle=f"Agreements, offices and networks by year, {start_year}–{end_year}",
        source=source,
    )
    return fig


def _lanes(events: pd.DataFrame, names: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Events by lane; one event two documents state (the same year, kind and label) is
    drawn once."""
    keyed = events.assign(
        lane=events.country_iso3.map(lambda c: names.get(c, REGION_LANE)),
        shown=events.apply(short_label, axis=1),
    ).drop_duplicates(["lane", "year", "event_type", "shown"])
    order = keyed.groupby("lane").year.min().sort_values(kind="stable").index
    return {lane: keyed[keyed.lane == lane].sort_values("year") for lane in order}


def _placement(label: str, gaps: tuple[float, float], years_per_char: float, index: int) -> tuple:
    """Beside the marker where the lane is free on that side, else above or below in turn.

    Returns (text, horizontal alignment, offset in points)."""
    inline = textwrap.fill(label, INLINE_WRAP)
    width = max(map(len, inline.splitlines())) * years_per_char + 1
    if gaps[0] > width:
        return inline, "right", (-9, 0)
    if gaps[1] > width:
        return inline, "left", (9, 0)
    return textwrap.fill(label, STACKED_WRAP), "center", (0, 9 if index % 2 else -9)


def event_markers(ax, years, rows, kinds, *, size: float) -> None:
    """Each event's marker at (year, row), in its type's shape and colour (``MARKERS``) and
    labelled with the type, for a legend: one line of markers per type rather than one
    per event, which matplotlib builds and draws much faster."""
    marks = pd.DataFrame({"year": list(years), "row": list(rows), "kind": list(kinds)})
    for kind, group in marks.groupby("kind", sort=False):
        marker, colour, label = MARKERS[kind]
        ax.plot(
            group.year,
            group.row,
            marker=marker,
            markersize=size,
            color=colour,
            markeredgecolor=OKABE_ITO["blue"] if colour == "white" else colour,
            markeredgewidth=2,
            zorder=3,
            linestyle="none",
            label=label,
        )


def _label(ax, event, lane: int, placement: tuple) -> None:
    """The event's label beside its marker, or above or below it (see ``_placement``)."""
    text, align, offset = placement
    vertical = "center" if offset[1] == 0 else "bottom" if offset[1] > 0 else "top"
    offset_text(
        ax,
        (event.year, lane),
        text,
        offset,
        ha=align,
        va=vertical,
        linespacing=1.1,
        fontsize=FONT_SIZES["tick"],
        color=NEUTRAL["text"],
    )


def _legend(events: pd.DataFrame) -> list[Line2D]:
    return [
        Line2D(
            [],
            [],
            marker=marker,
            color=colour,
            linestyle="none",
            markersize=9,
            markeredgecolor=OKABE_ITO["blue"] if colour == "white" else colour,
            markeredgewidth=2,
            label=label,
        )
        for kind, (marker, colour, label) in MARKERS.items()
        if kind in set(events.event_type)
    ]


def _title(events: pd.DataFrame, names: dict[str, str], institution: str) -> str:
    """Since when the ties go back: in the first country named, else in the region."""
    dated = events.sort_values("year", kind="stable")
    in_countries = dated[dated.country_iso3 != ""]
    first = (in_countries if len(in_countries) else dated).iloc[0]
    where = names.get(first.country_iso3, "the region")
    signed = events[events.event_type == "agreement_signed"]
    plural = "s" if len(signed) != 1 else ""
    return (
        f"{institution}'s ties go back to {int(first.year)} in {where}; "
        f"{len(signed)} agreement{plural} signed"
    )
