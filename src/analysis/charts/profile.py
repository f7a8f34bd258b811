"""The opening chart of a country profile: where the country is, and what the documents
say about it in one line."""

from __future__ import annotations

from matplotlib.figure import Figure

from analysis.charts.maps import draw_choropleth, region_extent
from analysis.charts.style import OKABE_ITO, finish, new_figure
from analysis.reference import Region


def locator_map(
    iso3: str, *, name: str, region: Region, title: str, subtitle: str, source: str
) -> Figure:
    """The country filled and outlined on a map of the region around it; the title sums up
    what the documents hold about it."""
    fig, ax = new_figure(9.0, 5.8)
    draw_choropleth(
        ax,
        {iso3: OKABE_ITO["vermillion"]},
        extent=region_extent(region.members, region.map_extent),
        highlight=iso3,
        labels={iso3: name},
    )
    finish(
        fig,
        title=title,
        subtitle=subtitle,
        source=source,
    )
    return fig
