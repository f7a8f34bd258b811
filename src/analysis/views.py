"""What each notebook shows: a chart (or table) with its alt text, then its sources.

Notebooks call these with their parameters; each view loads the processed tables,
draws with :mod:`analysis.charts`, and puts the document passages behind the numbers
under the chart. ``institution`` is one institution's name, or empty for all of them:
titles and source lines come from the documents' sidecars. Use them interactively too:

>>> from analysis import views
>>> views.phd_origins(region="asean", top_n=3)   # doctest: +SKIP
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import compare, data
from analysis.charts import compare as compare_charts
from analysis.charts import partners, phd, profile, timeline
from analysis.charts.maps import has_shape, region_extent
from analysis.figures import show
from analysis.sources import credit, show_sources


def _names() -> dict[str, str]:
    return data.countries().name.to_dict()


def _who(frame: pd.DataFrame, institution: str) -> str:
    """The institution a chart is about: the one asked for, else those in its rows."""
    return institution or data.institutions_label(frame.institution)


def _note(text: str) -> None:
    display(Markdown(f"*{text}*"))


def heading(subject: str, institution: str = "") -> None:
    """The report's title, naming the institution(s) from the data: 'CNRS: cooperation with
    Asia at a glance'. Printed by code, so it becomes the page title."""
    who = institution or data.institutions_label(data.institutions())
    display(Markdown(f"# {who}: {subject}"))


def _mappable(region: data.reference.Region) -> bool:
    """Whether the shipped shapes can draw the region; if not, say so instead of a map."""
    if region_extent(region.members, region.map_extent) is None:
        _note(f"No map of {region.name}: the country shapes shipped cover Asia only.")
        return False
    return True


def _graded_groupings(table: pd.DataFrame, region: data.reference.Region) -> list[str]:
    """Members of the groupings the tiers are graded among (ASEAN), inside the region."""
    codes = set()
    for scope in set(table.scope) - {""}:
        grouping = data.reference.regions().get(scope)
        if grouping and grouping.is_grouping:
            codes |= set(grouping.members) & set(region.members)
    return sorted(codes)


def partner_countries(region: str = "Asia", highlight: str = "", institution: str = "") -> None:
    """Map of partner countries coloured by tie, the ranked table, and their sources.

    Example: ``partner_countries(region="ASEAN", highlight="VNM", institution="CNRS")``.
    """
    table = data.facts("partner_countries", institution)
    chosen = data.region(region)
    names, codes = _names(), list(chosen.members)
    shown = _in_region(table, chosen)
    if shown.empty:
        _note(f"The documents grade no partner countries in {chosen.name}.")
        return
    who = _who(shown, institution)
    if _mappable(chosen):
        best = partners.strongest_tiers(shown)
        described = [
            f"{partners.TIER_LABELS[tier].lower()}: "
            + partners.join_names([names[c] for c in group.country_iso3])
            for tier, group in best.groupby("tier", sort=False)
        ]
        figure = partners.partner_map(
            shown,
            region=chosen,
            scope_codes=_graded_groupings(shown, chosen),
            names=names,
            highlight=highlight,
            institution=who,
            source=credit(shown.doc_id),
        )
        show(
            figure,
            alt=f"Map of {chosen.name} with partner countries coloured by their tie with "
            f"{who}. " + "; ".join(described),
        )
    display(
        HTML(
            partners.partner_table(shown, names, codes).to_html(
                index=False, escape=True, classes="ranking"
            )
        )
    )
    show_sources(shown, "this map and table")


def agreement_timeline(
    start_year: int | None = None,
    end_year: int | None = None,
    countries: list[str] | None = None,
    institution: str = "",
) -> None:
    """Agreements, offices and networks along a time axis, one lane per country.

    Example: ``agreement_timeline(start_year=1995, countries=["THA", "SGP"])``.
    """
    events = data.facts("events", institution)
    chosen = timeline.select_events(
        events, start_year or 0, end_year or 9999, list(countries or [])
    )
    start = int(chosen.year.min()) if start_year is None and len(chosen) else start_year
    end = int(chosen.year.max()) if end_year is None and len(chosen) else end_year
    if chosen.empty:
        _note(f"No events between {start} and {end} for the countries chosen.")
        return
    names = _names()
    who = _who(chosen, institution)
    if chosen.institution.nunique() > 1:  # lanes by country, each mark naming its institution
        figure = compare_charts.lanes_timeline(
            chosen, lane_by="country", names=names, source=credit(chosen.doc_id)
        )
        alt = compare_charts.lanes_timeline_alt(chosen, lane_by="country", names=names)
    else:
        figure = timeline.timeline(
            chosen,
            names=names,
            start_year=start,
            end_year=end,
            institution=who,
            source=credit(chosen.doc_id),
        )
        steps = [
            f"{row.year}: {row.label}"
            + (f" ({names[row.country_iso3]})" if row.country_iso3 else "")
            for row in chosen.itertuples()
        ]
        alt = f"Timeline of {who}'s cooperation milestones, {start}–{end}. " + "; ".join(steps)
    show(figure, alt=alt)
    show_sources(chosen, "this timeline")


def phd_origins(
    year: int | None = None,
    region: str = "ASEAN",
    top_n: int = 10,
    highlight: str = "",
    institution: str = "",
) -> None:
    """PhD students by country of origin: ranked bars (one country picked out if
    ``highlight`` names it), then a map. ``year`` defaults to the latest with data.

    Example: ``phd_origins(year=2004, region="Asia", top_n=3, highlight="THA")``.
    """
    students = data.facts("phd_students", institution)
    if students.empty:
        _note("The documents give no PhD students by country of origin.")
        return
    year = int(students.year.max()) if year is None else year
    chosen = students[students.year == year]
    if chosen.empty:
        _note(f"The documents give no PhD students by country of origin for {year}.")
        return
    counts = _one_count_per_country(chosen)
    names = _names()
    who = _who(chosen, institution)
    ranked = phd.ranked_counts(counts, names, top_n)
    listed = "; ".join(f"{r.country} {r.students} ({r.share:.0%})" for r in ranked.itertuples())
    source = credit(chosen.doc_id)
    show(
        phd.phd_bars(
            counts,
            names=names,
            year=year,
            top_n=top_n,
            institution=who,
            source=source,
            highlight=highlight,
        ),
        alt=f"Bar chart of PhD students hosted in {who} laboratories in {year} by "
        f"country of origin, largest first: {listed}",
    )
    chosen_region = data.region(region)
    if _mappable(chosen_region):
        show(
            phd.phd_map(
                counts,
                names=names,
                year=year,
                region=chosen_region,
                institution=who,
                source=source,
            ),
            alt=f"Map of {chosen_region.name} shaded by the number "
            f"of PhD students from each country in {year}: {listed}",
        )
    show_sources(chosen, "these charts")


def _one_count_per_country(students: pd.DataFrame) -> pd.DataFrame:
    """One count per country: each institution's count summed. Where one institution's
    documents give several counts for a country and year, the largest is charted and the
    others are listed, never dropped in silence."""
    largest = students.sort_values("students", ascending=False).drop_duplicates(
        ["institution", "country_iso3"]
    )
    others = students.drop(largest.index)
    if len(others):
        _note(
            "Several counts for one country and year; the chart shows the largest of each: "
            + "; ".join(
                f"{r.institution} {r.country_iso3} {r.students} ({r.doc_id})"
                for r in others.itertuples()
            )
        )
    return largest.groupby("country_iso3", as_index=False).students.sum()


def key_figures(institution: str = "") -> None:
    """The institutions' key figures as large numbers with what they count (and whose,
    when several institutions are shown).

    Example: ``key_figures(institution="CNRS")``.
    """
    figures = data.facts("key_figures", institution)
    if figures.empty:
        _note("The documents give no key figures.")
        return
    several = figures.institution.nunique() > 1
    cards = "".join(
        f'<div class="figure-card"><span class="figure-value">{escape(format_value(row))}</span>'
        f' <span class="figure-label">{escape(row.metric)}'
        f"{escape(f' ({row.institution})') if several else ''}</span></div>"
        for row in figures.itertuples()
    )
    display(HTML(f'<div class="key-figures">{cards}</div>'))
    show_sources(figures, "these figures")


def format_value(row) -> str:
    """'26 000', 'about 1 300', 'more than 20 000 a year', '82.5 %'."""

    def number(value: float) -> str:
        return f"{value:,.1f}".rstrip("0").rstrip(".").replace(",", "\u202f")

    unit = {"percent": "\u202f%", "count": "", "count per year": " a year"}.get(
        row.unit, " " + row.unit.replace(" per year", " a year")
    )
    if row.qualifier == "range":
        return f"{number(row.value_min)}–{number(row.value_max)}{unit}"
    prefix = {"approx": "about ", "at_least": "more than ", "at_most": "up to "}.get(
        row.qualifier, ""
    )
    return f"{prefix}{number(row.value)}{unit}"


def country_profile(country: str, institution: str = "") -> None:
    """Everything the documents say about one country, institution by institution, with
    where the sources disagree, then the country on the charts.

    Example: ``country_profile("SGP")``.
    """
    name = data.country_name(country)
    facts = data.country_facts(country, institution)
    if not facts:
        display(Markdown(f"# {name}"))
        _note(f"The documents state no facts about {name}.")
        return
    rows = pd.concat(facts.values())
    summary = country_summary(name, facts)
    display(Markdown(f"# {summary}"))
    if not has_shape(country):
        _note(f"No map of {name}: the country shapes shipped cover Asia and its neighbours.")
    else:
        _locate(country, name, summary, rows)
    for who in sorted(set(rows.institution)):
        own = {t: f[f.institution == who] for t, f in facts.items() if (f.institution == who).any()}
        if rows.institution.nunique() > 1:
            display(Markdown(f"## {who}"))
        for table, heading in FACT_HEADINGS.items():
            if table in own:
                items = "".join(
                    f"<li>{escape(text)}</li>" for text in fact_sentences(table, own[table])
                )
                display(HTML(f"<h3>{heading}</h3><ul>{items}</ul>"))
                show_sources(own[table], f"these {heading.lower()}")
    conflicts(country=country, institution=institution)
    display(Markdown("## On the charts"))
    regions = _around(country)
    widest = max(
        (r for r in regions if r.map_extent), key=lambda r: len(r.members), default=regions[0]
    )
    partner_countries(region=widest.name, highlight=country, institution=institution)
    if "events" in facts:
        agreement_timeline(countries=[country], institution=institution)
    if "phd_students" in facts and rows.institution.nunique() > 1:
        phd_by_institution(region=regions[0].name)
    elif "phd_students" in facts:
        phd_origins(
            year=int(facts["phd_students"].year.max()),
            region=regions[0].name,
            highlight=country,
            institution=institution,
        )


def _locate(country: str, name: str, summary: str, rows: pd.DataFrame) -> None:
    """The opening map: the country on the smallest mapped region it belongs to."""
    show(
        profile.locator_map(
            country,
            name=name,
            region=_around(country)[0],
            title=summary,
            subtitle=f"What the documents say about {name}; details and sources below",
            source=credit(rows.doc_id),
        ),
        alt=f"Map locating {name}. {summary}.",
    )


def _around(country: str) -> list[data.reference.Region]:
    """The regions a country belongs to, smallest first, those with a map frame of their
    own first: ASEAN, then Asia, for Vietnam."""
    holding = [r for r in data.reference.regions().values() if country in r.members]
    framed = sorted((r for r in holding if r.map_extent), key=lambda r: len(r.members))
    others = sorted((r for r in holding if not r.map_extent), key=lambda r: len(r.members))
    return framed + others or list(data.reference.regions().values())[:1]


def country_summary(name: str, facts: dict[str, pd.DataFrame]) -> str:
    """The title of a country profile. One institution: what it says ('Vietnam: main
    partner, 2 agreements, 161 PhD students (2004)'); several: the corpus in one line
    ('Vietnam: 3 institutions, 5 agreements since 1983, 166 PhD students (2004–2025)'),
    an agreement two documents state counted once, each institution's latest PhD count."""
    rows = pd.concat(facts.values())
    if rows.institution.nunique() == 1:
        parts = fact_summary(facts)
        return f"{name}: {', '.join(parts)}" if parts else name
    parts = [f"{rows.institution.nunique()} institutions"]
    if "agreements" in facts:
        signed = compare.distinct(facts["agreements"].query("action == 'signed'"))
        if len(signed):
            plural = "s" if len(signed) != 1 else ""
            parts.append(f"{len(signed)} agreement{plural} since {int(signed.year.min())}")
    if "phd_students" in facts:
        latest = compare.latest_phd(facts["phd_students"])
        first, last = int(latest.year.min()), int(latest.year.max())
        years = str(first) if first == last else f"{first}–{last}"
        parts.append(f"{int(latest.students.sum())} PhD students ({years})")
    return f"{name}: {', '.join(parts)}"


FACT_HEADINGS = {
    "partner_countries": "How strong the tie is",
    "agreements": "Agreements",
    "events": "Milestones",
    "phd_students": "PhD students",
    "copublications": "Co-publications",
    "joint_labs": "Joint laboratories",
    "activities": "Training activities",
}


def fact_summary(facts: dict[str, pd.DataFrame]) -> list[str]:
    """A few words per kind of fact: 'main partner', '2 agreements', '161 PhD students (2004)'."""
    parts = []
    if "partner_countries" in facts:
        best = partners.strongest_tiers(facts["partner_countries"]).tier.iloc[0]
        parts.append(partners.TIER_LABELS[best].lower())
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


def tie_matrix(region: str = "Asia", institution: str = "") -> None:
    """Institutions × countries of the region: a heat map of how many kinds of tie each
    pair has, then the same as a table, then the passages behind it."""
    chosen = data.region(region)
    tables = {
        name: _in_region(data.facts(name, institution), chosen) for name in compare.TIE_TABLES
    }
    linked = compare.ties(tables)
    if linked.empty:
        _note(f"The documents link no institution to a country of {chosen.name}.")
        return
    names = _names()
    rows = pd.concat([t for t in tables.values() if len(t)])
    show(
        compare_charts.tie_matrix(linked, names=names, source=credit(rows.doc_id)),
        alt=compare_charts.tie_matrix_alt(linked, names),
    )
    table = compare.tie_table(linked, names).T  # countries down the page: 15 rows read better
    display(HTML(table.to_html(escape=True, classes="ranking")))
    show_sources(rows, "this matrix and table")


def institutions_timeline(lane_by: str = "institution", institution: str = "") -> None:
    """Agreements, offices and networks of every institution on one time axis, one lane
    per institution (or per country), with the passages behind them."""
    events = data.facts("events", institution)
    if events.empty:
        _note("The documents date no agreements, offices or networks.")
        return
    names = _names()
    show(
        compare_charts.lanes_timeline(
            events, lane_by=lane_by, names=names, source=credit(events.doc_id)
        ),
        alt=compare_charts.lanes_timeline_alt(events, lane_by=lane_by, names=names),
    )
    show_sources(events, "this timeline")


def phd_by_institution(region: str = "Asia", top_n: int = 10, institution: str = "") -> None:
    """PhD students by country of origin, stacked by the institution hosting them (each
    institution's latest year with a count)."""
    students = _in_region(data.facts("phd_students", institution), data.region(region))
    if students.empty:
        _note(f"The documents give no PhD students from {data.region(region).name}.")
        return
    names = _names()
    show(
        compare_charts.phd_stacked(
            students, names=names, source=credit(students.doc_id), top_n=top_n
        ),
        alt=compare_charts.phd_stacked_alt(students, names=names, top_n=top_n),
    )
    show_sources(students, "this chart")


def _in_region(frame: pd.DataFrame, region: data.reference.Region) -> pd.DataFrame:
    return frame[frame.country_iso3.isin(region.members)]


def conflicts(country: str = "", institution: str = "") -> None:
    """Where two documents disagree on a fact (an office's year, a count), both statements
    side by side with their quotes and sources; nothing is averaged or chosen."""
    table = data.facts("conflicts", institution, **({"country_iso3": country} if country else {}))
    if len(data.rows("documents", columns=["doc_id"])) < 2:
        return  # one document cannot disagree with another
    display(Markdown("## Where the sources disagree"))
    if table.empty:
        _note("No two documents give different values for the same fact here.")
        return
    items = []
    for _, statements in table.groupby("conflict_id", sort=False):
        first = statements.iloc[0]
        said = "".join(
            f"<li><strong>{escape(str(r.value))}</strong> says {escape(r.doc_id)}: "
            f"<q>{escape(r.quote)}</q></li>"
            for r in statements.itertuples()
        )
        items.append(
            f"<li>{escape(first.institution)}, {escape(first.subject)} ({escape(first.field)})"
            f"<ul>{said}</ul></li>"
        )
    display(HTML(f'<ul class="conflicts">{"".join(items)}</ul>'))
    show_sources(table, "these disagreements")


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
