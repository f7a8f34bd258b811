"""Dated milestones other than agreements: offices opened abroad and networks joined.

Agreements are events too; cleaning adds them to the timeline from the agreements table,
so each fact is extracted once. Years bind to places (offices) or to network names in
either order, as ``frames.bind`` does for every frame.
"""

import re

from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention
from analysis.extract.names import STOPWORDS, name_start

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
LABEL_END = re.compile(r"[,;:()]|\.(?:\s|$)|\s(?:in|since|from|with)\s+(?:19|20)\d\d")


def extract(context: Context) -> list[dict]:
    """Offices (with their place) and network memberships, each with its year."""
    rows = []
    for sentence in context.sentences:
        if office := frames.cues(sentence, "office"):
            rows += _offices(context, sentence, office)
        if network := frames.cues(sentence, "network"):
            rows += _networks(context, sentence, network)
    return rows


def _offices(context: Context, sentence: Sentence, offices: list[Mention]) -> list[dict]:
    years = frames.dated(context.mentions(sentence).years)
    opening = frames.cues(sentence, "opened") or [y for y in years if y.form == "since"]
    if not years or not opening or frames.cues(sentence, "joint_lab"):
        return []
    places = [c for c in context.standalone_countries(sentence) if c.start > offices[0].start - 60]
    if context.states_no_fact(sentence, offices[0].start):
        context.leave(years + places, "plan, possibility or negation")
        return []
    bound = frames.bind(years, places, sentence)
    context.leave(bound.ambiguous, "year could belong to either of two places")
    rows = []
    for binding in bound.bindings:
        if len(binding.group.members) > 1:
            context.leave(list(binding.group.members), "one year for several places")
            continue
        place = binding.group.members[0]
        start = min(offices[0].start, binding.start)
        rows.append(
            context.row(
                start,
                binding.end,
                [binding.item, place],
                event_type="office_opened",
                year=binding.item.key,
                place=place.text if place.form == "city" else "",
                country=place.text if place.form != "city" else "",
                region="",
                label=f"{_office_words(context, offices[0])} in {place.text}",
            )
        )
    return rows


def _office_words(context: Context, office: Mention) -> str:
    """The office as the text names it, with the word that qualifies it ('permanent
    Office'), capitalised for a chart label."""
    text = context.document.text
    qualifier = re.search(r"([A-Za-z-]+)\s+$", text[max(0, office.start - 30) : office.start])
    words = office.text
    if qualifier and qualifier[1].lower() not in STOPWORDS:
        words = f"{qualifier[1]} {office.text}"
    return words[:1].upper() + words[1:]


def _networks(context: Context, sentence: Sentence, networks: list[Mention]) -> list[dict]:
    if not frames.cues(sentence, "joined"):
        return []
    years = frames.dated(context.mentions(sentence).years)
    if context.states_no_fact(sentence, networks[0].start):
        context.leave(years, "plan, possibility or negation")
        return []
    bound = frames.bind(years, networks, sentence)
    rows = []
    for binding in bound.bindings:
        network = binding.group.members[0]
        start, end = _label_span(context, sentence, network)
        found = context.mentions(sentence)
        inside = [c for c in context.standalone_countries(sentence) if start <= c.start < end]
        regions = [r for r in found.regions if start <= r.start < end]
        rows.append(
            context.row(
                min(start, binding.item.start),
                max(end, binding.item.end),
                [binding.item, *inside, *regions],
                event_type="network_joined",
                year=binding.item.key,
                place="",
                country=inside[0].text if len(inside) == 1 else "",
                region=regions[0].text if regions else "",
                label=context.document.text[start:end].strip(),
            )
        )
    return rows


def _label_span(context: Context, sentence: Sentence, network: Mention) -> tuple[int, int]:
    """The network's name: from the words naming it to the end of its phrase."""
    local = network.start - sentence.start
    start = sentence.start + name_start(sentence.text, local)
    rest = LABEL_END.search(sentence.text, network.end - sentence.start)
    end = sentence.start + (rest.start() if rest else len(sentence.text))
    return start, min(end, network.end + 80)
