"""Dated milestones other than agreements: offices opened abroad and networks joined.

Agreements are events too; cleaning adds them to the timeline from the agreements table,
so each fact is extracted once. Years bind to places (offices) or to network names in
either order, as ``frames.bind`` does for every frame.
"""

import re
from dataclasses import dataclass

from analysis import vocabulary
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
# A place named to compare, not to locate: 'the second office abroad after Brussels'.
COMPARED = re.compile(
    r"\b(?:after|before|besides|than|like|apart from|outside)\s+(?:the\s+)?$", re.I
)
# A body joined by its name: 'member of the Incheon Global Campus', 'joined the ASEA-UNINET',
# 'has coordinated TRAC', 'one of the founders of the European university alliance YUFE',
# 'the national coordinating universities of the Sino-Finnish JoLII'.
_PROPER = r"[A-Z][\w'’&-]*"
JOINED_NAME = re.compile(
    r"\b(?:member(?:\s+(?:organisation|organization|institution|country|state))?\s+of|joined|"
    r"part\s+of|coordinat(?:es|ed|ing)(?:\s+(?:universit(?:y|ies)|institutions?|partners?)\s+of)?|"
    r"initiated|founders?\s+of(?:\s+the\s+[a-z][\w\s-]*?)?|"
    r"Leading\s+House\s+(?:of|for))"
    rf"\s+(?:the\s+)?(?P<name>{_PROPER}(?:\s+(?:(?:of|for|and|on|in)\s+)?{_PROPER})*)"
)
# '... was created', '... (SEC) is inaugurated today': the subject right before it (a few
# words, no comma or 'and'; its acronym in brackets) is what was opened.
OPENED_AFTER = re.compile(
    r"(?:\s*\([^()]{1,20}\))?(?:\s+(?!(?:and|or|but)\b)[\w'’-]+){0,5}?\s+(?:is|was|were|are|has\s+been|had\s+been)\s+"
    r"(?:officially\s+)?"
    r"(?:opened|inaugurated|created|founded|established|set\s+up|launched)\b",
    re.IGNORECASE,
)
# Between an institution and the verb it does: 'Zhejiang University has now set up'.
ACTIVE_SUBJECT = re.compile(r"\s+(?:(?:has|have|had|also|now|recently|then|itself)\s+)*")
# 'inauguration of the TUM CREATE Centre': the opening named before what was opened.
OPENED_BEFORE = re.compile(r"\s+of\s+(?:the\s+|its\s+|a\s+)?")
QUALIFIER_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]*)\s+$")
FACILITY_ABROAD = re.compile(
    r"(?P<facility>(?:research\s+)?(?:centre|center|facility|campus|node|institute))\s+"
    r"(?:[\w\s]{0,40}?\s)?(?:outside\s+(?P<country>[A-Z][\w-]*)|abroad)\b"
)
NAME_OF = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
LABEL_END = re.compile(r"[,;:()]|\.(?:\s|$)|\s(?:in|since|from|with)\s+(?:19|20)\d\d")


def extract(context: Context) -> list[dict]:
    """Offices (with their place) and network memberships, each with its year."""
    rows, offices = [], []
    for sentence in context.sentences:
        office = _outside_names(context, sentence, frames.cues(sentence, "office"))
        if office := office or _own_branches(context, sentence) or _abroad(context, sentence):
            offices += _offices(context, sentence, office)
        if network := frames.cues(sentence, "network") + _joined_names(context, sentence):
            rows += _networks(context, sentence, sorted(network, key=lambda m: m.start))
    return _opened_once(context, offices) + rows


@dataclass(frozen=True)
class _Office:
    row: dict
    year: Mention
    country: str  # ISO3 of its place
    since_only: bool  # its opening read from 'since <year>' alone, with no opening verb


def _opened_once(context: Context, offices: list[_Office]) -> list[dict]:
    """An office the document says was opened ('In 2007 FU opened an office ... in the
    Chinese capital') is not opened again where a 'since' only dates what it does ('Since
    2008 the Beijing office has recruited candidates')."""
    stated = {office.country for office in offices if not office.since_only}
    again = [office for office in offices if office.since_only and office.country in stated]
    context.leave([office.year for office in again], "what an office opened earlier does")
    return [office.row for office in offices if office not in again]


def _outside_names(context: Context, sentence: Sentence, cues: list[Mention]) -> list[Mention]:
    """Cue words that are not part of a name ('the Office of China Postdoctoral Council',
    a partner's name the name rules found)."""
    names = context.mentions(sentence).institutions
    text = context.document.text
    return [
        c
        for c in cues
        if not any(c.within(n.start, n.end) for n in names) and not NAME_OF.match(text, c.end)
    ]


def _own_branches(context: Context, sentence: Sentence) -> list[Mention]:
    """The institution itself, or a branch named after it ('the Institut Pasteur of
    Shanghai', 'the Singapore-ETH Centre'), in a sentence that says it was opened or
    created: 'In Saigon, in 1891, the first Institut Pasteur outside France was created',
    'inauguration of the TUM CREATE Centre'."""
    found = context.mentions(sentence)
    branches = [i for i in found.institutions if context.named_after_itself(i.text)]
    text = context.document.text
    opened = frames.cues(sentence, "opened")
    return [
        m
        for m in sorted(found.own + branches, key=lambda m: m.start)
        if opened
        and (
            OPENED_AFTER.match(text, m.end)
            or any(OPENED_BEFORE.fullmatch(text, c.end, m.start) for c in opened)
        )
    ][:1]


def _abroad(context: Context, sentence: Sentence) -> list[Mention]:
    """A facility of the institution's own outside its country: 'its first research centre
    outside Sweden', 'the first campus of a German university abroad'."""
    found = []
    for match in FACILITY_ABROAD.finditer(sentence.text):
        outside = [
            c
            for c in context.mentions(sentence).countries
            if c.start - sentence.start == match.start("country")
        ]
        if match["country"] is None or (outside and outside[0].key == context.profile.country_iso3):
            start = sentence.start + match.start("facility")
            found.append(Mention("cue", start, start + len(match["facility"]), match["facility"]))
    return found[:1]


def _offices(context: Context, sentence: Sentence, offices: list[Mention]) -> list[_Office]:
    """Offices opened in a place, each with its year, within the clause that names the
    office: 'created its China Platform in 2006; in 2008, an office was opened in Beijing'
    gives only Beijing 2008. The date heading a timeline's line counts in all its clauses."""
    clause = context.clause_of(sentence, offices[0].start)
    found = context.mentions(sentence)
    heading = context.date_heading(sentence)
    years = [
        y
        for y in frames.dated(found.years)
        if context.in_clause(sentence, offices[0].start, y) or y == heading
    ]
    verbs = [
        c
        for c in frames.cues(sentence, "opened")
        if context.in_clause(sentence, offices[0].start, c)
    ]
    opening = verbs or [y for y in years if y.form == "since" or y == heading]
    if not years or not opening or frames.cues(sentence, "joint_lab"):
        return []
    if context.states_no_fact(sentence, offices[0].start):
        context.leave(years, "plan, possibility or negation")
        return []
    if _opened_by_another(context, sentence, offices[0]):
        context.leave(years, "an office another institution opened")
        return []
    voided = [y for y in years if context.states_no_fact_around(sentence, y)]
    context.leave(voided, "plan, possibility or negation")
    years = [y for y in years if y not in voided]
    places = _places(context, sentence, offices[0], clause)
    bound = frames.bind(years, places, sentence)
    context.leave(bound.ambiguous, "year could belong to either of two places")
    rows = []
    for binding in _one_year_per_place(bound.bindings):
        if len(binding.group.members) > 1:
            context.leave(list(binding.group.members), "one year for several places")
            continue
        place = binding.group.members[0]
        since_only = not verbs and heading is None
        row = _office_row(context, offices[0], binding)
        rows.append(_Office(row, binding.item, place.key, since_only))
    return rows


def _opened_by_another(context: Context, sentence: Sentence, office: Mention) -> bool:
    """'Last year Zhejiang University set up its Nordic Centre on our campus': another
    institution opens the office, as the subject right before the opening verb ('the South
    Asia Institute was founded together with a branch office' is the institution's own)."""
    text = context.document.text
    verbs = [v for v in frames.cues(sentence, "opened") if v.end <= office.start]
    return any(
        ACTIVE_SUBJECT.fullmatch(text, i.end, verb.start)
        for i in context.mentions(sentence).institutions
        if not context.named_after_itself(i.text)
        for verb in verbs
    )


def _places(
    context: Context, sentence: Sentence, office: Mention, clause: tuple[int, int]
) -> list[Mention]:
    """The foreign place in a branch's name ('Institut Pasteur of Shanghai'); else foreign
    places of the clause from just before the office on, not those it is compared with
    ('the second representation abroad after Brussels'); else the country of the
    institution that hosts the office ('at the Vietnamese-German Centre of HUST')."""
    text = context.document.text
    in_name = context.foreign(
        [c for c in context.mentions(sentence).countries if c.within(office.start, office.end)]
    )
    if in_name:
        return in_name
    places = [
        c
        for c in context.standalone_countries(sentence)
        if max(clause[0], office.start - 60) <= c.start < clause[1]
        and not COMPARED.search(text[max(0, c.start - 20) : c.start])
    ]
    if places:
        return places
    in_clause = [
        i for i in context.mentions(sentence).institutions if clause[0] <= i.start < clause[1]
    ]
    return context.countries_of(sentence, in_clause)[:1]


def _one_year_per_place(bindings: list[frames.Binding]) -> list[frames.Binding]:
    """An office opens once: of two years bound to one place, the first stated (a
    milestone's date, before the details) is its opening."""
    kept: dict[tuple, frames.Binding] = {}
    for binding in sorted(bindings, key=lambda b: b.item.start):
        kept.setdefault(tuple(m.key for m in binding.group.members), binding)
    return list(kept.values())


def _office_row(context: Context, office: Mention, binding: frames.Binding) -> dict:
    place = binding.group.members[0]
    quoted = [m for m in (office, binding.item, place) if m.start >= 0]
    return context.row(
        min(m.start for m in quoted),
        max(m.end for m in quoted),
        [binding.item, place],
        event_type="office_opened",
        year=binding.item.key,
        place=place.text if place.form == "city" else "",
        country=place.text if place.form != "city" else "",
        region="",
        label=f"{_office_words(context, office)} in {place.text}",
    )


def _office_words(context: Context, office: Mention) -> str:
    """The office as the text names it, with the word that qualifies it ('permanent
    Office'), capitalised for a chart label."""
    text = context.document.text
    qualifier = QUALIFIER_BEFORE.search(text[max(0, office.start - 30) : office.start])
    words = office.text
    if qualifier and qualifier[1].lower() not in STOPWORDS:
        words = f"{qualifier[1]} {office.text}"
    return words[:1].upper() + words[1:]


def _joined_names(context: Context, sentence: Sentence) -> list[Mention]:
    """Bodies joined by name: 'became member of the Incheon Global Campus (IGC)', 'the
    national member organisation of the International Institute for Applied Systems
    Analysis'."""
    return [
        Mention(
            "network",
            sentence.start + m.start("name"),
            sentence.start + m.end("name"),
            m["name"],
            "named",
        )
        for m in JOINED_NAME.finditer(sentence.text)
    ]


def _networks(context: Context, sentence: Sentence, networks: list[Mention]) -> list[dict]:
    if not frames.cues(sentence, "joined"):
        return []
    heading = context.date_heading(sentence)
    years = (
        [heading]
        if heading
        else frames.dated(context.mentions(sentence).years)
        or _year_referred_back(context, sentence)
    )
    if context.states_no_fact(sentence, networks[0].start):
        context.leave(years, "plan, possibility or negation")
        return []
    bound = frames.bind(years, networks, sentence)
    return [_network_row(context, sentence, binding) for binding in bound.bindings]


def _year_referred_back(context: Context, sentence: Sentence) -> list[Mention]:
    """'UGent has joined the network programme X ... The first phase of this network was
    starting on 1 April 2013': the one year of the next sentence, when it speaks of 'this
    network'."""
    following = context.next_sentence(sentence)
    if following is None or following.paragraph != sentence.paragraph:
        return []
    if not re.search(rf"\b(?:this|that|the)\s+(?:{_network_words()})\b", following.text, re.I):
        return []
    years = frames.dated(context.mentions(following).years)
    return years if len({y.key for y in years}) == 1 else []


def _network_words() -> str:
    return vocabulary.alternation(vocabulary.spellings("cue", "network"))


def _network_row(context: Context, sentence: Sentence, binding: frames.Binding) -> dict:
    network = binding.group.members[0]
    if network.key == "named":
        start, end = network.start, network.end
    else:
        start, end = _label_span(context, sentence, network)
    found = context.mentions(sentence)
    inside = [c for c in context.standalone_countries(sentence) if start <= c.start < end]
    regions = [r for r in found.regions if start <= r.start < end]
    return context.row(
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


def _label_span(context: Context, sentence: Sentence, network: Mention) -> tuple[int, int]:
    """The network's name: from the words naming it to the end of its phrase."""
    local = network.start - sentence.start
    start = sentence.start + name_start(sentence.text, local)
    rest = LABEL_END.search(sentence.text, network.end - sentence.start)
    end = sentence.start + (rest.start() if rest else len(sentence.text))
    return start, min(end, network.end + 80)
