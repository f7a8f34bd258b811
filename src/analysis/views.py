"""What each notebook shows: a chart (or table) with its alt text, then its sources.

Notebooks call these with their parameters; each view loads the processed tables,
draws with :mod:`analysis.charts`, and puts the document passages behind the numbers
under the chart. Use them interactively too:

>>> from analysis import views
>>> views.phd_origins(year=2004, region="asean", top_n=3)   # doctest: +SKIP
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import data
from analysis.charts import partners, phd, profile, timeline
from analysis.charts.style import show
from analysis.sources import show_sources


def _names() -> dict[str, str]:
    return data.countries().name.to_dict()


def _profile(frame: pd.DataFrame) -> tuple[str, str]:
    """(institution, doc_id) the rows come from, for titles and source lines."""
    return str(frame.institution.iloc[0]), ", ".join(sorted(set(frame.doc_id)))


def _region_name(region: str) -> str:
    return "ASEAN" if region == "asean" else "Asia"


def partner_countries(region: str = "asia", highlight: str = "") -> None:
    """Map of partner countries coloured by tie, the ranked table, and their sources.

    Example: ``partner_countries(region="asean", highlight="VNM")``.
    """
    table = data.load("partner_countries")
    names, codes = _names(), data.region_members(region)
    institution, doc_id = _profile(table)
    figure = partners.partner_map(
        table,
        region=region,
        region_codes=codes,
        asean_codes=data.region_members("asean"),
        names=names,
        highlight=highlight,
        institution=institution,
        doc_id=doc_id,
    )
    best = partners.strongest_tiers(table)
    described = [
        f"{partners.TIER_LABELS[tier].lower()}: "
        + partners.join_names([names[c] for c in group.country_iso3])
        for tier, group in best[best.country_iso3.isin(codes)].groupby("tier", sort=False)
    ]
    show(
        figure,
        alt=f"Map of {_region_name(region)} with partner "
        f"countries coloured by their tie with {institution}. " + "; ".join(described),
    )
    display(
        HTML(
            partners.partner_table(table, names, codes).to_html(
                index=False, escape=True, classes="ranking"
            )
        )
    )
    show_sources(table[table.country_iso3.isin(codes)], "this map and table")


def agreement_timeline(
    start_year: int | None = None, end_year: int | None = None, countries: list[str] | None = None
) -> None:
    """Agreements, offices and networks along a time axis, one lane per country.

    Example: ``agreement_timeline(start_year=1995, countries=["THA", "SGP"])``.
    """
    events = data.load("events")
    chosen = timeline.select_events(
        events, start_year or 0, end_year or 9999, list(countries or [])
    )
    start = int(chosen.year.min()) if start_year is None and len(chosen) else start_year
    end = int(chosen.year.max()) if end_year is None and len(chosen) else end_year
    if chosen.empty:
        display(Markdown(f"*No events between {start} and {end} for the countries chosen.*"))
        return
    names = _names()
    institution, doc_id = _profile(chosen)
    figure = timeline.timeline(
        chosen, names=names, start_year=start, end_year=end, institution=institution, doc_id=doc_id
    )
    steps = [
        f"{row.year}: {row.label}" + (f" ({names[row.country_iso3]})" if row.country_iso3 else "")
        for row in chosen.itertuples()
    ]
    show(
        figure,
        alt=f"Timeline of {institution}'s cooperation milestones, {start}–{end}. "
        + "; ".join(steps),
    )
    show_sources(chosen, "this timeline")


def phd_origins(
    year: int | None = None, region: str = "asean", top_n: int = 10, highlight: str = ""
) -> None:
    """PhD students by country of origin: ranked bars (one country picked out if
    ``highlight`` names it), then a map.

    Example: ``phd_origins(year=2004, region="asia", top_n=3, highlight="THA")``.
    """
    students = data.load("phd_students")
    year = int(students.year.max()) if year is None else year
    chosen = students[students.year == year]
    names = _names()
    institution, doc_id = _profile(chosen)
    counts = phd.ranked_counts(chosen, names, top_n)
    listed = "; ".join(f"{r.country} {r.students} ({r.share:.0%})" for r in counts.itertuples())
    show(
        phd.phd_bars(
            chosen,
            names=names,
            year=year,
            top_n=top_n,
            institution=institution,
            doc_id=doc_id,
            highlight=highlight,
        ),
        alt=f"Bar chart of PhD students hosted in {institution} laboratories in {year} by "
        f"country of origin, largest first: {listed}",
    )
    show(
        phd.phd_map(
            chosen, names=names, year=year, region=region, institution=institution, doc_id=doc_id
        ),
        alt=f"Map of {_region_name(region)} shaded by the number "
        f"of PhD students from each country in {year}: {listed}",
    )
    show_sources(chosen, "these charts")


def key_figures() -> None:
    """The institution's key figures as large numbers with what they count.

    Example: ``key_figures()``.
    """
    figures = data.load("key_figures")
    cards = "".join(
        f'<div class="figure-card"><span class="figure-value">{escape(format_value(row))}</span>'
        f' <span class="figure-label">{escape(row.metric)}</span></div>'
        for row in figures.itertuples()
    )
    display(HTML(f'<div class="key-figures">{cards}</div>'))
    show_sources(figures, "these figures")


def format_value(row) -> str:
    """'26 000', 'about 1 300', 'more than 20 000 a year', '82.5 %'."""

    def number(value: float) -> str:
        return f"{value:,.1f}".rstrip("0").rstrip(".").replace(",", "\u202f")

    unit = {"percent": "\u202f%", "count": "", "count per year": " a year"}[row.unit]
    if row.qualifier == "range":
        return f"{number(row.value_min)}–{number(row.value_max)}{unit}"
    prefix = {"approx": "about ", "at_least": "more than ", "at_most": "up to "}.get(
        row.qualifier, ""
    )
    return f"{prefix}{number(row.value)}{unit}"


FACT_HEADINGS = {
    "partner_countries": "How strong the tie is",
    "agreements": "Agreements",
    "events": "Milestones",
    "phd_students": "PhD students",
    "copublications": "Co-publications",
    "joint_labs": "Joint laboratories",
    "activities": "Training activities",
}


def country_profile(country: str) -> None:
    """Everything the data holds about one country, with its charts and sources.

    Example: ``country_profile("SGP")``.
    """
    name = data.country_name(country)
    facts = data.country_facts(country)
    display(Markdown(f"## {name}"))
    if not facts:
        display(Markdown(f"*The documents state no facts about {name}.*"))
        return
    summary = fact_summary(facts)
    in_asean = bool(data.countries().loc[country, "asean_member"])
    doc_id = ", ".join(sorted({d for rows in facts.values() for d in rows.doc_id}))
    show(
        profile.locator_map(country, name=name, in_asean=in_asean, summary=summary, doc_id=doc_id),
        alt=f"Map locating {name}. The profile says: {'; '.join(summary)}.",
    )
    for table, heading in FACT_HEADINGS.items():
        if table in facts:
            items = "".join(
                f"<li>{escape(text)}</li>" for text in fact_sentences(table, facts[table])
            )
            display(HTML(f"<h3>{heading}</h3><ul>{items}</ul>"))
            show_sources(facts[table], f"these {heading.lower()}")
    partner_countries(region="asia", highlight=country)
    if "events" in facts:
        agreement_timeline(countries=[country])
    if "phd_students" in facts:
        phd_origins(year=int(facts["phd_students"].year.max()), highlight=country)


def fact_summary(facts: dict[str, pd.DataFrame]) -> list[str]:
    """A few words per kind of fact: 'main partner', '2 agreements', '161 PhD students (2004)'."""
    parts = []
    if "partner_countries" in facts:
        best = partners.strongest_tiers(facts["partner_countries"]).tier.iloc[0]
        parts.append(partners.TIER_LABELS[best].split(" (")[0].lower())
    if "agreements" in facts:
        count = int((facts["agreements"].action == "signed").sum())
        parts.append(f"{count} agreement{'s' if count != 1 else ''}")
    if "phd_students" in facts:
        latest = facts["phd_students"].sort_values("year").iloc[-1]
        parts.append(f"{latest.students} PhD students ({latest.year})")
    labels = {
        "joint_labs": "joint laboratories",
        "copublications": "co-publications",
        "activities": "training activities",
    }
    parts += [label for table, label in labels.items() if table in facts]
    return parts


def fact_sentences(table: str, rows: pd.DataFrame) -> list[str]:
    """Plain sentences for a country's rows of one table."""
    writers = {
        "partner_countries": lambda r: (
            f"{r.tier.capitalize()} partner"
            + (f" among {r.scope} countries" if r.scope else "")
            + f", based on {r.basis}."
        ),
        "agreements": lambda r: (
            f"Agreement with {r.partner}"
            + (f" ({r.partner_acronym})" if r.partner_acronym else "")
            + f", {r.action} in {r.year}."
        ),
        "events": lambda r: f"{r.year}: {r.label}.",
        "phd_students": lambda r: f"{r.students} PhD students in {r.year}.",
        "copublications": lambda r: (
            f"{_share(r)} of its publications are co-publications"
            + (
                f"; it publishes {r.intl_pubs_min:.0f}–{r.intl_pubs_max:.0f} international "
                "publications a year"
                if pd.notna(r.intl_pubs_min)
                else ""
            )
            + "."
        ),
        "joint_labs": lambda r: f"Joint laboratories in {r.fields.replace('; ', ', ')}.",
        "activities": lambda r: f"{r.activity.capitalize()} in {r.fields.replace('; ', ', ')}.",
    }
    return [writers[table](row) for row in rows.itertuples()]


def _share(row) -> str:
    words = {"at_least": "More than ", "approx": "About ", "at_most": "Up to "}
    return f"{words.get(row.share_qualifier, '')}{row.share_min_pct:g} %"
