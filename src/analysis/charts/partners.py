"""Partner countries: a map coloured by how strong each tie is, and the ranking behind it."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.charts.maps import ASEAN_EXTENT, ASIA_EXTENT, draw_choropleth, legend_handles
from analysis.charts.style import FONT_SIZES, NEUTRAL, OKABE_ITO, finish, new_figure, source_line
from analysis.clean.partner_countries import TIERS

#: Strongest tie darkest; "other ASEAN member" a quiet tint, countries without ties grey.
TIER_COLOURS = {
    "main": OKABE_ITO["blue"],
    "significant": OKABE_ITO["sky_blue"],
    "strong": OKABE_ITO["bluish_green"],
    "lesser": OKABE_ITO["yellow"],
    "asean_other": "#F3E3C3",
}
TIER_LABELS = {
    "main": "Main partner",
    "significant": "Significant exchanges",
    "strong": "Strong involvement (ASEAN)",
    "lesser": "Lesser involvement (ASEAN)",
    "asean_other": "Other ASEAN member",
}
EXTENTS = {"asia": ASIA_EXTENT, "asean": ASEAN_EXTENT}
#: Where each map has open sea or land without data for the legend: the Arabian Sea and
#: Africa on the map of Asia, the western Pacific on the map of South-East Asia.
LEGEND_CORNERS = {"asia": "lower left", "asean": "upper right"}


def strongest_tiers(partners: pd.DataFrame) -> pd.DataFrame:
    """One row per country: its strongest tier over every scope, countries ranked by it.

    Columns: country_iso3, tier, rank (0 = strongest tier), tiers (all, e.g. 'main; strong').
    """
    order = {tier: rank for rank, tier in enumerate(TIERS)}
    ranked = partners.assign(rank=partners.tier.map(order)).sort_values(["rank", "country_iso3"])
    every = ranked.groupby("country_iso3", sort=False).tier.agg(
        lambda t: "; ".join(dict.fromkeys(t))
    )
    best = ranked.drop_duplicates("country_iso3")[["country_iso3", "tier", "rank"]]
    return best.assign(tiers=best.country_iso3.map(every)).reset_index(drop=True)


def partner_fills(
    partners: pd.DataFrame, region_codes: list[str], asean_codes: list[str]
) -> dict[str, str]:
    """ISO3 -> colour: the strongest tier, else 'other ASEAN member', for the region's countries."""
    best = strongest_tiers(partners)
    fills = {code: TIER_COLOURS["asean_other"] for code in asean_codes if code in region_codes}
    fills.update(
        {
            row.country_iso3: TIER_COLOURS[row.tier]
            for row in best.itertuples()
            if row.country_iso3 in region_codes
        }
    )
    return fills


def partner_map(
    partners: pd.DataFrame,
    *,
    region: str,
    region_codes: list[str],
    asean_codes: list[str],
    names: dict[str, str],
    highlight: str = "",
    institution: str,
    doc_id: str,
) -> Figure:
    """Map of the region with each partner country coloured by its strongest tie."""
    fills = partner_fills(partners, region_codes, asean_codes)
    best = strongest_tiers(partners)
    best = best[best.country_iso3.isin(region_codes)]
    fig, ax = new_figure(9.0, 6.2 if region == "asia" else 6.8)
    draw_choropleth(
        ax,
        fills,
        extent=EXTENTS[region],
        highlight=highlight or None,
        labels={code: names[code] for code in best.country_iso3},
    )
    used = [t for t in TIER_COLOURS if t in {*best.tier, "asean_other"}]
    ax.legend(
        handles=legend_handles([(TIER_LABELS[t], TIER_COLOURS[t]) for t in used]),
        loc=LEGEND_CORNERS[region],
        frameon=True,
        framealpha=0.92,
        edgecolor="none",
        fontsize=FONT_SIZES["tick"],
        labelcolor=NEUTRAL["text"],
    )
    closest = [names[c] for c in best[best["rank"] == best["rank"].min()].country_iso3]
    where = "in Asia" if region == "asia" else "among ASEAN members"
    partner = "partners" if len(closest) > 1 else "partner"
    title = f"{institution}'s closest {partner} {where}: {join_names(closest)}"
    finish(
        fig,
        title=title,
        subtitle=f"Strongest tie the profile gives each country; {len(best)} countries named",
        source=source_line(doc_id),
    )
    return fig


def partner_table(
    partners: pd.DataFrame, names: dict[str, str], region_codes: list[str]
) -> pd.DataFrame:
    """The ranking as a table a reader can scan: country, tie, scope, what it rests on."""
    order = {tier: rank for rank, tier in enumerate(TIERS)}
    table = partners[partners.country_iso3.isin(region_codes)].assign(
        rank=partners.tier.map(order), Country=partners.country_iso3.map(names)
    )
    table = table.sort_values(["rank", "Country"])
    return pd.DataFrame(
        {
            "Country": table.Country,
            "Tie": table.tier.map(TIER_LABELS).str.replace(" (ASEAN)", "", regex=False),
            "Among": table.scope.replace("", "—"),
            "The profile bases it on": table.basis,
        }
    ).reset_index(drop=True)


def join_names(words: list[str]) -> str:
    """'Japan, China and Vietnam'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
