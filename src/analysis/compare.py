"""Several institutions side by side: which countries each one is tied to, and how.

The comparison report reads the processed tables of every institution at once; these
functions shape them into what its heat map, tables and bar charts draw. Pure pandas:
loaded frames in, frames out, nothing read or drawn here.

Typical use::

    tables = {name: data.load(name) for name in compare.TIE_TABLES}
    linked = compare.ties(tables)
    compare.tie_table(linked, data.countries().name.to_dict())
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.charts.partners import strongest_tiers
from analysis.charts.timeline import REGION_LANE
from analysis.clean import SCHEMAS
from analysis.clean.common import PROVENANCE

KEY = ["institution", "country_iso3"]
#: The kinds of tie a country can have with an institution, as columns of ``ties``, with
#: the words a reader sees. ``strength`` counts how many of them a pair has.
KINDS = {
    "tier": "partner tier",
    "agreements": "signed agreement",
    "offices": "office",
    "phd_students": "PhD students",
    "joint_labs": "joint lab",
    "activities": "other activity",
    "copublications": "co-publications",
}
#: What a timeline mark is labelled with, for each kind of lane.
OTHER_SIDE = {"institution": "country", "country": "institution"}
#: The processed tables ``ties`` reads; any of them may be left out when it has no rows.
TIE_TABLES = [
    "partner_countries",
    "agreements",
    "events",
    "phd_students",
    "joint_labs",
    "activities",
    "copublications",
]


def ties(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per institution and country that any table links, with what links them.

    Primary key: institution, country_iso3. Columns: tier (strongest stated tier, or
    ""), agreements (signed), offices (opened), phd_students (in the institution's latest
    year with a count for the country, 0 if none), joint_labs, activities (counts),
    copublications (bool), and ``strength``: how many of the ``KINDS`` of tie the
    documents report for the pair (0-7), the one number the heat map colours by.
    A fact stated by several documents of one institution is counted once; region-wide
    facts (no country) are left out.
    """
    unknown = sorted(set(tables) - set(TIE_TABLES))
    if unknown:
        raise ValueError(f"ties(): unknown table(s) {', '.join(unknown)}; known: {TIE_TABLES}")
    facts = {name: _facts(tables, name) for name in TIE_TABLES}
    agreements, events = facts["agreements"], facts["events"]
    columns = {
        "tier": _tiers(facts["partner_countries"]),
        "agreements": _counts(agreements[agreements.action == "signed"]),
        "offices": _counts(events[events.event_type == "office_opened"]),
        "phd_students": latest_phd(facts["phd_students"]).set_index(KEY).students,
        "joint_labs": _counts(facts["joint_labs"]),
        "activities": _counts(facts["activities"]),
        "copublications": _counts(facts["copublications"]) > 0,
    }
    linked = pd.concat(columns, axis=1).sort_index()
    counts = [kind for kind in KINDS if kind not in ("tier", "copublications")]
    linked = linked.fillna({"tier": "", "copublications": False, **dict.fromkeys(counts, 0)})
    linked = linked.astype({"tier": str, "copublications": bool, **dict.fromkeys(counts, "int64")})
    strength = sum(linked[kind].astype(bool).astype("int64") for kind in KINDS)
    return linked.assign(strength=strength).rename_axis(KEY).reset_index()


def distinct(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts without their provenance (the institution kept), each once: two documents
    of one institution stating the same agreement give one agreement."""
    kept = [c for c in facts.columns if c not in PROVENANCE or c == "institution"]
    return facts[kept].drop_duplicates().reset_index(drop=True)


def _facts(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """The distinct facts of one table that name a country; an absent table is empty."""
    frame = distinct(tables.get(name, pd.DataFrame(columns=list(SCHEMAS[name].columns))))
    return frame[frame.country_iso3 != ""]


def _counts(facts: pd.DataFrame) -> pd.Series:
    return facts.groupby(KEY).size()


def _tiers(partners: pd.DataFrame) -> pd.Series:
    """The strongest tier each institution states for each country."""
    per_institution = {
        institution: strongest_tiers(rows).set_index("country_iso3").tier
        for institution, rows in partners.groupby("institution")
    }
    if not per_institution:
        return pd.Series(dtype=str, index=pd.MultiIndex.from_tuples([], names=KEY))
    return pd.concat(per_institution, names=KEY)


def latest_phd(phd: pd.DataFrame) -> pd.DataFrame:
    """Each institution's PhD students per country in its latest year with a count.

    Columns: institution, country_iso3, year, students. Older years are dropped so a
    country counted in 2004 and 2010 is not counted twice; when documents give different
    counts for that year, the largest is kept.
    """
    latest = phd.groupby(KEY).year.transform("max")
    current = phd[phd.year == latest]
    return current.groupby([*KEY, "year"], as_index=False).students.max()


def tie_order(ties: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Institutions and countries, each strongest first (summed ``strength``; ties by name),
    so the heat map and the table list them the same way."""

    def ranked(column: str) -> list[str]:
        totals = ties.groupby(column).strength.sum().reset_index()
        ordered = totals.sort_values(["strength", column], ascending=[False, True])
        return ordered[column].tolist()

    return ranked("institution"), ranked("country_iso3")


def tie_table(ties: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The heat map as text: institutions as rows, countries as columns, each cell a
    compact summary ("main · 3 agr · 161 PhD · office"), empty where nothing links them."""
    institutions, countries = tie_order(ties)
    cells = ties.assign(cell=[tie_summary(tie) for tie in ties.itertuples()])
    table = cells.pivot(index="institution", columns="country_iso3", values="cell")
    table = table.reindex(index=institutions, columns=countries).fillna("")
    table.columns = [names[code] for code in countries]
    return table.rename_axis(index="Institution")


def tie_summary(tie) -> str:
    """'main · 3 agr · 161 PhD · office': the tie's kinds, those absent left out."""
    parts = [
        tie.tier,
        _counted(tie.agreements, "1 agr", "agr"),
        f"{tie.phd_students} PhD" if tie.phd_students else "",
        _counted(tie.offices, "office", "offices"),
        _counted(tie.joint_labs, "lab", "labs"),
        _counted(tie.activities, "activity", "activities"),
        "co-pub" if tie.copublications else "",
    ]
    return " · ".join(part for part in parts if part)


def _counted(count: int, one: str, many: str) -> str:
    return "" if not count else one if count == 1 else f"{count} {many}"


def phd_by_country(
    phd: pd.DataFrame, names: Mapping[str, str], top_n: int, top_institutions: int
) -> tuple[pd.DataFrame, list[int]]:
    """Students per country of origin (rows) and institution (columns), latest year each.

    Countries come largest total first, those beyond ``top_n`` summed into a last row
    ("4 other countries"); institutions likewise beyond ``top_institutions`` (a chart has
    only so many distinguishable colours). Also returns the distinct years the counts
    come from, for the subtitle.
    """
    latest = latest_phd(phd)
    wide = latest.pivot_table(
        index="country_iso3", columns="institution", values="students", aggfunc="sum"
    )
    wide = wide.fillna(0).astype("int64").rename(index=dict(names))
    wide = _fold(wide, top_n, ("country", "countries"))
    wide = _fold(wide.T, top_institutions, ("institution", "institutions")).T
    years = sorted(int(year) for year in set(latest.year))
    return wide.rename_axis(index="country", columns="institution"), years


def _fold(wide: pd.DataFrame, keep: int, noun: tuple[str, str]) -> pd.DataFrame:
    """Rows largest total first; beyond ``keep``, summed into one row ('3 other countries')."""
    totals = wide.sum(axis=1)
    wide = wide.loc[sorted(wide.index, key=lambda label: (-totals[label], label))]
    if len(wide) <= keep:
        return wide
    rest = wide.iloc[keep:]
    label = f"{len(rest)} other {noun[0] if len(rest) == 1 else noun[1]}"
    return pd.concat([wide.iloc[:keep], rest.sum().rename(label).to_frame().T])


def timeline_marks(events: pd.DataFrame, lane_by: str, names: Mapping[str, str]) -> pd.DataFrame:
    """The events as marks on a lane timeline: one lane per institution or per country.

    Columns: lane, year, event_type, label (the other side of the tie: the country in an
    institution's lane, the institution in a country's; "Vietnam ×2" when a lane has the
    same event twice in a year) and count (events behind the mark). Lanes come in order
    of their first event; region-wide events (no country) get a lane or label of their own.
    """
    if lane_by not in OTHER_SIDE:
        raise ValueError(f"lane_by must be 'institution' or 'country', not {lane_by!r}")
    facts = distinct(events)
    sides = {
        "institution": facts.institution,
        "country": facts.country_iso3.map(lambda code: names[code] if code else REGION_LANE),
    }
    marks = (
        facts.assign(lane=sides[lane_by], other=sides[OTHER_SIDE[lane_by]])
        .groupby(["lane", "year", "event_type", "other"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
    )
    marks["label"] = marks.other + marks["count"].map(lambda n: f" ×{n}" if n > 1 else "")
    marks["first"] = marks.groupby("lane").year.transform("min")
    ordered = marks.sort_values(["first", "lane", "year", "event_type", "label"])
    return ordered[["lane", "year", "event_type", "label", "count"]].reset_index(drop=True)
