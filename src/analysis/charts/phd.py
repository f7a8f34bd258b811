"""PhD students by country of origin: ranked bars with counts and shares, and a map."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure

from analysis.charts.maps import draw_choropleth, region_extent
from analysis.charts.style import (
    FONT_SIZES,
    NEUTRAL,
    OKABE_ITO,
    finish,
    new_figure,
    offset_text,
    strip_axes,
)
from analysis.reference import Region

#: Sequential blues, light to dark, distinguishable in greyscale too.
BIN_COLOURS = ["#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]


def ranked_counts(phd: pd.DataFrame, names: dict[str, str], top_n: int) -> pd.DataFrame:
    """Countries by students, largest first; those beyond ``top_n`` summed into one row.

    Columns: country_iso3 (empty for the summed row), country, students, share (of the
    total, 0-1).
    """
    ranked = phd.assign(country=phd.country_iso3.map(names)).sort_values(
        ["students", "country"], ascending=[False, True]
    )
    shown = ranked.head(top_n)[["country_iso3", "country", "students"]]
    rest = ranked.iloc[top_n:]
    if len(rest):
        other = f"{len(rest)} other countr{'y' if len(rest) == 1 else 'ies'}"
        summed = pd.DataFrame(
            {"country_iso3": [""], "country": [other], "students": [rest.students.sum()]}
        )
        shown = pd.concat([shown, summed])
    total = ranked.students.sum()
    return shown.assign(share=shown.students / total).reset_index(drop=True)


def phd_bars(
    phd: pd.DataFrame,
    *,
    names: dict[str, str],
    year: int,
    top_n: int,
    institution: str,
    source: str,
    highlight: str = "",
) -> Figure:
    """Sorted horizontal bars, each labelled with its count and share of the total; with
    ``highlight``, that country stands out and the title is about it."""
    ranked = ranked_counts(phd, names, top_n)
    fig, ax = new_figure(9.0, 1.4 + 0.5 * len(ranked))
    strip_axes(ax, spines=())
    ax.barh(ranked.country, ranked.students, color=_bar_colours(ranked, highlight), height=0.68)
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.tick_params(axis="y", labelsize=FONT_SIZES["label"], labelcolor=NEUTRAL["text"])
    for position, row in enumerate(ranked.itertuples()):
        offset_text(
            ax,
            (row.students, position),
            f"{row.students}  ({row.share:.0%})",
            (5, 0),
            va="center",
            fontsize=FONT_SIZES["label"],
            color=NEUTRAL["text"],
        )
    ax.set_xlim(0, ranked.students.max() * 1.2)
    picked = ranked[ranked.country_iso3 == highlight]
    first = picked.iloc[0] if len(picked) else ranked.iloc[0]
    finish(
        fig,
        title=f"{first.share:.0%} of the PhD students came from {first.country}",
        subtitle=f"PhD students hosted in {institution} laboratories by country of origin, "
        f"{year} (number and share of {ranked.students.sum()})",
        source=source,
    )
    return fig


def _bar_colours(ranked: pd.DataFrame, highlight: str) -> list[str]:
    """Blue for countries (only the highlighted one when there is one), grey for the rest."""
    return [
        OKABE_ITO["blue"] if code and (not highlight or code == highlight) else NEUTRAL["other"]
        for code in ranked.country_iso3
    ]


def count_bins(counts: pd.Series) -> list[float]:
    """Class edges for the map: data-driven, at most four classes, whole numbers."""
    high = int(counts.max())
    edges = np.unique(np.round(np.geomspace(1, high + 1, 5))).astype(int)
    return [0.5, *[float(e) - 0.5 for e in edges[1:-1]], high + 0.5]


def phd_map(
    phd: pd.DataFrame,
    *,
    names: dict[str, str],
    year: int,
    region: Region,
    institution: str,
    source: str,
) -> Figure:
    """Choropleth of counts in a few classes, each country labelled with its count."""
    edges = count_bins(phd.students)
    colours = (
        BIN_COLOURS[-(len(edges) - 1) :] if len(edges) - 1 <= len(BIN_COLOURS) else BIN_COLOURS
    )
    norm = BoundaryNorm(edges, len(colours))
    cmap = ListedColormap(colours)
    fills = {
        row.country_iso3: mpl.colors.to_hex(cmap(norm(row.students))) for row in phd.itertuples()
    }
    labels = {
        row.country_iso3: f"{names[row.country_iso3]}\n{row.students}" for row in phd.itertuples()
    }
    fig, ax = new_figure(9.0, 6.4)
    draw_choropleth(
        ax, fills, extent=region_extent(region.members, region.map_extent), labels=labels
    )
    bar = fig.colorbar(
        mpl.cm.ScalarMappable(norm=norm, cmap=cmap),
        ax=ax,
        orientation="horizontal",
        fraction=0.04,
        pad=0.02,
        aspect=40,
        shrink=0.6,
    )
    bar.set_ticks(
        [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)],
        labels=[_class_label(a, b) for a, b in zip(edges, edges[1:], strict=False)],
    )
    bar.outline.set_visible(False)
    bar.ax.tick_params(length=0, labelsize=FONT_SIZES["tick"])
    bar.set_label("PhD students", fontsize=FONT_SIZES["tick"], color=NEUTRAL["text_muted"])
    top = phd.sort_values("students", ascending=False).iloc[0]
    finish(
        fig,
        title=f"Most PhD students came from {names[top.country_iso3]}, {len(phd)} countries in all",
        subtitle=f"PhD students hosted in {institution} laboratories, by country of origin, {year}",
        source=source,
    )
    return fig


def _class_label(low: float, high: float) -> str:
    low, high = int(low + 0.5), int(high - 0.5)
    return str(low) if low == high else f"{low}–{high}"
