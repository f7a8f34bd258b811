"""Choropleth maps of Asia: what the charts and views import to draw one.

The work is split by concern: ``geometry`` (the shipped shapes and shapely geometry: frames,
areas, label points, which country lies under a point), ``basemap`` (drawing the countries
of a frame, filled, with markers for the small ones) and ``labels`` (placing the country
labels when the map is drawn). This module gathers the few names the rest of the package
needs, so a chart does not depend on that split.

Typical use::

    fig, ax = new_figure()
    draw_choropleth(ax, {"VNM": OKABE_ITO["blue"], "SGP": OKABE_ITO["orange"]},
                    extent=(88.0, 146.0, -13.0, 30.0), labels=names_by_iso3)
    ax.legend(handles=legend_handles([("Joint lab", OKABE_ITO["blue"])]))
"""

from analysis.charts.basemap import draw_choropleth, legend_handles
from analysis.charts.geometry import Extent, has_shape, region_extent

__all__ = ["Extent", "draw_choropleth", "has_shape", "legend_handles", "region_extent"]
