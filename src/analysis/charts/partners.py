"""Partner countries: a map coloured by how strong each tie is, and the ranking behind it."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.charts.maps import draw_choropleth, legend_handles, region_extent
from analysis.charts.style import FONT_SIZES, NEUTRAL, OKABE_ITO, finish, new_figure
from analysis.clean.partner_countries import TIERS
from analysis.reference import Region

#: Strongest tie darkest; "other member" (of the grouping a tier is graded among) a quiet
#: tint, countries without ties grey.
TIER_COLOURS = {
    "main": OKABE_ITO["blue"],
    "significant": OKABE_ITO["sky_blue"],
    "strong": OKABE_ITO["bluish_green"],
    "lesser": OKABE_ITO["yellow"],
    "other_member": "#F3E3C3",
}
TIER_LABELS = {
    "main": "Main partner",
    "significant": "Significant exchanges",
    "strong": "Strong involvement",
    "lesser": "Lesser involvement",
    "other_member": "Other member",
}


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


def tier_label(tier: str, scopes: list[str]) -> str:
    """'Strong involvement (ASEAN)': a tier graded among a grouping names it."""
    label = TIER_LABELS[tier]
    if tier == "other_member":
        return f"Other {' / '.join(scopes)} member" if scopes else label
    return f"{label} ({' / '.join(scopes)})" if scopes else label


def partner_fills(
    partners: pd.DataFrame, region_codes: list[str], scope_codes: list[str]
) -> dict[str, str]:
    """ISO3 -> colour: the strongest tier, else 'other member' of the grouping the tiers are
    graded among (``scope_codes``), for the region's countries."""
    return _fills(strongest_tiers(partners), region_codes, scope_codes)


def _fills(best: pd.DataFrame, region_codes: list[str], scope_codes: list[str]) -> dict[str, str]:
    """``partner_fills`` from the strongest tiers already ranked."""
    fills = {code: TIER_COLOURS["other_member"] for code in scope_codes if code in region_codes}
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
    region: Region,
    scope_codes: list[str],
    names: dict[str, str],
    highlight: str = "",
    institution: str,
    source: str,
) -> Figure:
    """Map of the region with each partner country coloured by its strongest tie."""
    codes = list(region.members)
    best = strongest_tiers(partners)
    fills = _fills(best, codes, scope_codes)
    best = best[best.country_iso3.isin(codes)]
    fig, ax = new_figure(9.0, 6.5)
    draw_choropleth(
        ax,
        fills,
        extent=region_extent(codes, region.map_extent),
        highlight=highlight or None,
        labels={code: names[code] for code in best.country_iso3},
    )
    used = [
        t for t in TIER_COLOURS if t in {*best.tier, *(["other_member"] if scope_codes else [])}
    ]
    scopes = {t: sorted(set(partners.scope[partners.tier == t]) - {""}) for t in TIERS}
    scopes["other_member"] = sorted({s for found in scopes.values() for s in found})
    ax.legend(
        handles=legend_handles([(tier_label(t, scopes[t]), TIER_COLOURS[t]) for t in used]),
        loc=region.legend_corner,
        frameon=True,
        framealpha=0.92,
        edgecolor="none",
        fontsize=FONT_SIZES["tick"],
        labelcolor=NEUTRAL["text"],
    )
    closest = [names[c] for c in best[best["rank"] == best["rank"].min()].country_iso3]
    partner = "partners" if len(closest) > 1 else "partner"
    title = f"{institution}'s closest {partner} in {region.name}: {join_names(closest)}"
    finish(
        fig,
        title=title,
        subtitle=f"Strongest tie the documents give each country; {len(best)} countries named",
        source=source,
    )
    return fig


def partner_table(
    partners: pd.DataFrame, names: dict[str, str], region_codes: list[str]
) -> pd.DataFrame:
    """The ranking as a table a reader can scan: country, tie, scope, what it rests on, and
    whose tie it is when several institutions are shown."""
    order = {tier: rank for rank, tier in enumerate(TIERS)}
    table = partners[partners.country_iso3.isin(region_codes)].assign(
        rank=partners.tier.map(order), Country=partners.country_iso3.map(names)
    )
    table = table.sort_values(["rank", "Country", "institution"])
    columns = {
        "Country": table.Country,
        "Tie": table.tier.map(TIER_LABELS),
        "Among": table.scope.replace("", "—"),
        "Institution": table.institution,
        "Based on": table.basis,
    }
    if partners.institution.nunique() < 2:
        del columns["Institution"]
    return pd.DataFrame(columns).reset_index(drop=True)


def join_names(words: list[str]) -> str:
    """'Japan, China and Vietnam'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
