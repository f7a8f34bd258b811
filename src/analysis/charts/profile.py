"""The opening chart of a country profile: where the country is, and what the profile
says about it in one line."""

from __future__ import annotations

from matplotlib.figure import Figure

from analysis.charts.maps import ASEAN_EXTENT, ASIA_EXTENT, draw_choropleth
from analysis.charts.style import OKABE_ITO, finish, new_figure, source_line


def locator_map(iso3: str, *, name: str, in_asean: bool, summary: list[str], doc_id: str) -> Figure:
    """The country filled and outlined on a map of ASEAN (for members) or Asia; the title
    lists what the profile holds about it (``summary``, e.g. ['main partner', ...])."""
    fig, ax = new_figure(9.0, 5.8)
    draw_choropleth(
        ax,
        {iso3: OKABE_ITO["vermillion"]},
        extent=ASEAN_EXTENT if in_asean else ASIA_EXTENT,
        highlight=iso3,
        labels={iso3: name},
    )
    finish(
        fig,
        title=f"{name}: {', '.join(summary)}" if summary else name,
        subtitle=f"What the profile says about {name}; details and sources below",
        source=source_line(doc_id),
    )
    return fig
