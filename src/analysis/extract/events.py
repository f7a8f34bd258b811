"""Dated milestones other than agreements: offices opened and networks joined.

Agreements are events too; cleaning adds them to the timeline from the agreements table,
so each fact is extracted once.
"""

import re

from analysis import reference
from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import Sentence

COLUMNS = [
    "doc_id",
    "institution",
    "event_type",
    "year",
    "place",
    "country",
    "region",
    "label",
    "quote",
    "start",
    "end",
]

OFFICE = re.compile(
    r"(?:\b[a-z]+\s+)?\b(?:office|representation|bureau|branch)\s+in\s+(?P<place>[A-Z][\w-]+)",
    re.IGNORECASE,
)
NETWORK = re.compile(r"\b(?i:networks?)\b[^,.;:()]*")
NETWORK_MEMBERSHIP = re.compile(r"\b(?:since|joined|member|part of|participat\w*|belongs?)\b", re.I)


def extract(context: Context) -> list[dict]:
    """Offices (with their city) and network memberships, each with the one year given."""
    rows = []
    for sentence in context.factual_sentences:
        years = mentions.years(sentence)
        if len(years) != 1:
            continue
        rows.extend(_offices(context, sentence, years[0]))
        rows.extend(_networks(context, sentence, years[0]))
    return rows


def _year_span(context: Context, year: mentions.Mention) -> tuple[int, int]:
    """The year with the words that date the event: 'Since 2003', '(2006)'."""
    text = context.document.text
    lead = re.search(r"(?:\b(?:since|in)\s+|\()$", text[: year.start], re.IGNORECASE)
    start = lead.start() if lead else year.start
    closes = text.startswith(")", year.end) and text[start] == "("
    return start, year.end + closes


def _offices(context: Context, sentence: Sentence, year: mentions.Mention) -> list[dict]:
    rows = []
    for match in OFFICE.finditer(sentence.text):
        place = match["place"]
        if place not in reference.city_countries():
            continue
        start, end = sentence.start + match.start(), sentence.start + match.end()
        rows.append(
            _event(context, start, end, year, "office_opened", place, "", "", match.group())
        )
    return rows


def _networks(context: Context, sentence: Sentence, year: mentions.Mention) -> list[dict]:
    if not NETWORK_MEMBERSHIP.search(sentence.text):
        return []
    rows = []
    for match in NETWORK.finditer(sentence.text):
        label_start = mentions.name_start(sentence.text, match.start())
        label = sentence.text[label_start : match.end()].strip()
        start, end = sentence.start + label_start, sentence.start + match.end()
        inside = [c for c in context.foreign_countries(sentence) if start <= c.start < end]
        regions = [r for r in mentions.regions(sentence) if start <= r.start < end]
        country = inside[0].text if len(inside) == 1 else ""
        region = regions[0].text if regions else ""
        rows.append(_event(context, start, end, year, "network_joined", "", country, region, label))
    return rows


def _event(
    context: Context,
    start: int,
    end: int,
    year: mentions.Mention,
    event_type: str,
    place: str,
    country: str,
    region: str,
    label: str,
) -> dict:
    """An event row quoting its phrase together with the words that date it."""
    year_start, year_end = _year_span(context, year)
    return context.row(
        min(start, year_start),
        max(end, year_end),
        event_type=event_type,
        year=year.text,
        place=place,
        country=country,
        region=region,
        label=label,
    )
