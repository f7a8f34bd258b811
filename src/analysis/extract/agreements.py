"""Agreements signed with partner institutions, with the year signed and any renewals.

A sentence qualifies when it speaks of agreements and names institutions. Each
institution takes the years that follow it up to the next institution or country; a year
after 'renewed' is a renewal. An institution without a year of its own is left for review.
"""

import re

from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

COLUMNS = [
    "doc_id",
    "institution",
    "partner",
    "country",
    "year_signed",
    "years_renewed",
    "quote",
    "start",
    "end",
]

TRIGGER = re.compile(
    r"\b(?:agreements?|memorand(?:um|a) of understanding|MoUs?|accords?|signed)\b", re.I
)
RENEWAL = re.compile(r"\b(?:renew(?:ed|al)?|extended|prolonged)\b[\w\s]{0,12}$", re.I)
# '... renewed in 2004 and 2010': a year joined to a renewal year is a renewal too.
JOINED = re.compile(r"^\s*(?:,|and|,\s*and)\s*(?:in\s+)?$")


def extract(context: Context) -> list[dict]:
    """One row per partner institution with a year, in sentences about agreements."""
    rows = []
    for sentence in context.factual_sentences:
        trigger = TRIGGER.search(sentence.text)
        if trigger:
            after = sentence.start + trigger.start()
            rows.extend(_agreements(context, sentence, after))
    return rows


def _agreements(context: Context, sentence: Sentence, after: int) -> list[dict]:
    partners = [
        m
        for m in mentions.institutions(sentence)
        if m.start >= after and not _is_profiled(context, m)
    ]
    countries = [c for c in context.foreign_countries(sentence) if c.start >= after]
    standalone = [c for c in countries if not any(p.start <= c.start < p.end for p in partners)]
    years = mentions.years(sentence)
    rows = []
    for index, partner in enumerate(partners):
        stop = _next_start(partner, partners[index + 1 :] + standalone, sentence.end)
        own_years = [y for y in years if partner.end <= y.start < stop]
        if not own_years:
            continue
        country = _governing_country(partner, partners, countries)
        signed, renewed = _split_renewals(context, own_years)
        if len(signed) != 1:
            continue
        start = min(country.start, partner.start) if country else partner.start
        rows.append(
            context.row(
                start,
                own_years[-1].end,
                partner=partner.text,
                country=country.text if country else "",
                year_signed=signed[0].text,
                years_renewed=";".join(y.text for y in renewed),
            )
        )
    return rows


def _is_profiled(context: Context, mention: Mention) -> bool:
    profile = context.profile
    return mention.text in (profile.name, profile.acronym)


def _next_start(mention: Mention, others: list[Mention], default: int) -> int:
    return min([o.start for o in others if o.start >= mention.end], default=default)


def _governing_country(
    partner: Mention, partners: list[Mention], countries: list[Mention]
) -> Mention | None:
    """The country in the partner's name ('Thailand Research Fund'), else the last country
    named on its own before it ('Vietnam, Academy of ...'); a country inside another
    partner's name governs only that partner."""
    inside = [c for c in countries if partner.start <= c.start and c.end <= partner.end]
    if inside:
        return inside[0]
    standalone = [
        c
        for c in countries
        if c.end <= partner.start and not any(p.start <= c.start < p.end for p in partners)
    ]
    return standalone[-1] if standalone else None


def _split_renewals(context: Context, years: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    text = context.document.text
    renewed: list[Mention] = []
    for previous, year in zip([None, *years], years, strict=False):
        lead = text[max(0, year.start - 30) : year.start]
        chained = previous in renewed and JOINED.match(text[previous.end : year.start])
        if RENEWAL.search(lead) or chained:
            renewed.append(year)
    return [y for y in years if y not in renewed], renewed
