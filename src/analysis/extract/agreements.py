"""Agreements signed or renewed with partner institutions, each with its year.

A sentence qualifies when it speaks of an agreement (MoU, memorandum, accord...). Years
bind to partners in either order ('In 1999, ... with Kyoto University', 'with the
National Research Council of Thailand in 1998'); a year after 'renewed' or 'extended' is a
renewal of the agreement bound just before it. Partners are institutions, or a country
when no institution is named ('an agreement with Vietnam').

A sentence with no year of its own takes the date heading its timeline line, the year a
time anaphor refers back to ('on that occasion'), or, in a news text, its paragraph's or
dateline's year.
"""

import math
import re

from analysis import vocabulary
from analysis.extract import frames
from analysis.extract.context import Context, single_country
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

COLUMNS = [
    "doc_id",
    "institution",
    "partner",
    "country",
    "action",
    "year",
    "quote",
    "start",
    "end",
]
# A renewal year is one that a renewal word leads up to ('renewed in 2004 and 2010').
RENEWAL_REACH = 30
CHAINED = re.compile(r"^\s*(?:,|and|,\s*and)\s*(?:in\s+)?$")
# An institution after these words is where or what the agreement is about, not a party to
# it: 'a memorandum within the SDDDC', 'the Directorate (DRCS) of the Ministry', 'signed
# to found the Centre', 'the agreement to realise the Sino-Finnish Centre'.
NOT_A_PARTY = re.compile(
    r"\b(?:within|inside|under|through|via|of|"
    r"to\s+(?:found|create|set\s+up|establish|launch|realise|realize|build|develop))"
    r"\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
ACRONYM_AFTER = re.compile(r"\s*\(")
# A party introduced as such, or listed after one: 'with the NRF', 'between the Vietnam
# Academy of Sciences (the former name of VAST) and CNRS', 'with the government of Vietnam',
# 'with the city-state's National Research Foundation'.
WITH_PARTY = re.compile(
    r"\b(?:with|between)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+['’]s\s+)?"
    r"(?:government\s+of\s+)?$",
    re.I,
)
LISTED_PARTY = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:,|and|,\s*and|as well as|,\s*as well as)\s*(?:with\s+)?"
    r"(?:the\s+)?"
)
# The two sides as the subject of the signing: 'the two signed', 'both universities have
# concluded'.
SIGNING_SUBJECT = re.compile(r"\s+(?:[a-z]+\s+){0,2}")
# 'the memorandum', 'this agreement': one the text has already spoken of.
DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)
# 'signed the renewal of their agreement': the signing is the renewal.
SIGNED_RENEWAL = 25


def extract(context: Context) -> list[dict]:
    """One row per partner and year: signed, or renewed."""
    rows = []
    for sentence in context.sentences:
        if cue := (
            frames.cues(sentence, "agreement")
            or frames.cues(sentence, "signing")
            or _sequel(context, sentence)
        ):
            rows += _agreements(context, sentence, cue[0])
    return rows


def _sequel(context: Context, sentence: Sentence) -> list[Mention]:
    """'In 2010 followed the Capital Normal University': more agreements of the kind the
    sentence before signed, at the words that say so."""
    if _agreement_before(context, sentence) is None:
        return []
    return frames.cues(sentence, "sequel")


def _agreement_before(context: Context, sentence: Sentence) -> Sentence | None:
    """The sentence before, in the same paragraph, when it speaks of an agreement."""
    previous = context.sentence_before(sentence)
    return previous if previous and frames.cues(previous, "agreement") else None


def _agreements(context: Context, sentence: Sentence, cue: Mention) -> list[dict]:
    found = context.mentions(sentence)
    heading = context.date_heading(sentence)
    years = [heading] if heading else frames.dated(found.years)
    signers = _the_two_signing(context, sentence)
    partners = (
        signers
        if signers is not None
        else (
            _parties(context, found.institutions)
            or _countries_after_with(context, sentence)
            or _both_parties(context, sentence)
            or _partner_referred_back(context, sentence, cue)
        )
    )
    if context.states_no_fact(sentence, cue.start):
        context.leave(years + partners, "plan, possibility or negation")
        return []
    if not years and (implied := _implied_year(context, sentence)):
        years = [implied]
    renewals = _renewal_years(context, sentence, years)
    signed = [y for y in years if y not in renewals]
    bound = _bind(context, sentence, signed, partners)
    bindings = _signed_side(context, sentence, bound.bindings)
    rows = _rows(context, sentence, bindings, "signed")
    return rows + _renewal_rows(context, sentence, renewals, bindings, partners)


def _signed_side(
    context: Context, sentence: Sentence, bindings: list[frames.Binding]
) -> list[frames.Binding]:
    """A partner given a year on each side keeps the one nearer its signing verb: in
    'membership came in 2011, and an agreement with Southeast University was signed in
    December 2016', 2011 dates something else; in 'In 2004 the two signed a memorandum
    that the ministry approved in 2005', 2005 does."""
    signing = frames.cues(sentence, "signed")
    kept = []
    for binding in bindings:
        group = binding.group
        other_side = [
            b
            for b in bindings
            if b.group is group
            and (b.item.start < group.start) != (binding.item.start < group.start)
        ]
        if other_side and _distance_to(signing, binding.item) > min(
            _distance_to(signing, b.item) for b in other_side
        ):
            context.leave([binding.item], "a year of another clause")
            continue
        kept.append(binding)
    return kept


def _distance_to(cues: list[Mention], year: Mention) -> float:
    """Characters between the year and the nearest of the cues (infinite with none)."""
    return min(
        (max(cue.start - year.end, year.start - cue.end, 0) for cue in cues), default=math.inf
    )


def _implied_year(context: Context, sentence: Sentence) -> Mention | None:
    """A news text that reports an agreement signed or renewed without its year means the
    one year its paragraph has named so far, else the year of its dateline ('Lausanne, 31
    January 2013 - ... where the two sides renewed their memorandum'). The year stands at
    the verb, so that it binds to the partners the verb is about."""
    actions = frames.cues(sentence, "renewed") or frames.cues(sentence, "signed")
    if not actions or sentence is context.title:
        return None
    year = _year_referred_back(context, sentence)
    if year is None and context.dateline_date is not None:
        paragraph = context.paragraph_before(sentence)
        earlier = [y for s in paragraph for y in frames.dated(context.mentions(s).years)]
        if len({y.key for y in earlier}) > 1:
            return None
        year = earlier[0] if earlier else context.dateline_date
    if year is None:
        return None
    verb = actions[0]
    return Mention("year", verb.start, verb.end, verb.text, year.key, "implied")


def _year_referred_back(context: Context, sentence: Sentence) -> Mention | None:
    """'On that occasion', 'during his stay', 'that year': the one year of the sentence
    before, in any kind of document."""
    opening = sentence.text[:40]
    previous = context.sentence_before(sentence)
    if previous is None or not vocabulary.pattern("cue", "time_anaphor").search(opening):
        return None
    return frames.single_year(context.mentions(previous).years, previous.start, previous.end)


def _parties(context: Context, institutions: list[Mention]) -> list[Mention]:
    """The institutions party to the agreement. An acronym in brackets right after its name
    ('the Beijing University of Aeronautics and Astronautics (BUAA)') is that name; a unit
    named after the institution ('the CSIC Institute of Mathematical Sciences') is its own.
    When partners are introduced by 'with', they are the parties: 'the Centre was founded
    under an agreement with the NRF', 'Inserm, the Institut Pasteur and ... entered into a
    memorandum with the China CDC'."""
    text = context.document.text
    parties = [i for i in _others(context, institutions) if not _not_a_party(text, i)]
    with_partners = _listed_after_with(text, parties)
    return with_partners or parties


def _others(context: Context, institutions: list[Mention]) -> list[Mention]:
    """The institutions other than the document's own, each once: not an acronym in
    brackets after its name, nor a unit named after the institution."""
    text = context.document.text
    return [
        i
        for i in institutions
        if not any(ACRONYM_AFTER.fullmatch(text[n.end : i.start]) for n in institutions)
        and not context.named_after_itself(i.text)
    ]


def _listed_after_with(text: str, parties: list[Mention]) -> list[Mention]:
    """The parties after 'with' or 'between' ('with the government of Vietnam'), and those
    listed after them ('with the Philippines and Laos')."""
    found: list[Mention] = []
    for party in parties:
        after_with = WITH_PARTY.search(text[max(0, party.start - 40) : party.start])
        listed = found and LISTED_PARTY.fullmatch(text[found[-1].end : party.start])
        if after_with or listed:
            found.append(party)
    return found


def _not_a_party(text: str, institution: Mention) -> bool:
    """Named as where or what the agreement is about; but 'the president of the CAAS'
    signs for the CAAS."""
    before = text[max(0, institution.start - 40) : institution.start]
    found = NOT_A_PARTY.search(before)
    if not found or not found.group().lower().startswith("of"):
        return bool(found)
    signatory = vocabulary.pattern("cue", "signatory")
    return not any(m.end() + 1 >= found.start() for m in signatory.finditer(before))


def _both_parties(context: Context, sentence: Sentence) -> list[Mention]:
    """'the two sides signed a memorandum': the partner those words refer to
    (``_antecedent``), at the words."""
    return _references(context, sentence, frames.cues(sentence, "both_parties"))


def _references(context: Context, sentence: Sentence, words: list[Mention]) -> list[Mention]:
    """Partner mentions at ``words`` that refer to a partner named elsewhere, for those
    whose partner can be told."""
    found = []
    for word in words:
        if (antecedent := _antecedent(context, sentence, word.start)) is not None:
            key = antecedent[1].key or antecedent[1].text
            found.append(Mention("institution", word.start, word.end, word.text, key, "reference"))
    return found


def _antecedent(
    context: Context, sentence: Sentence, before: int
) -> tuple[Sentence, Mention] | None:
    """The partner 'the two sides' refers to: the one named in the sentence before those
    words, else in the sentence before it, else the partner the document is about."""
    named = [
        (sentence, party)
        for party in _others(context, context.mentions(sentence).institutions)
        if party.end <= before
    ]
    previous = context.sentence_before(sentence)
    if not named and previous is not None:
        named = [(previous, p) for p in _others(context, context.mentions(previous).institutions)]
    if not named:
        return context.focus_partner
    return named[0] if len({party.key or party.text for _, party in named}) == 1 else None


def _the_two_signing(context: Context, sentence: Sentence) -> list[Mention] | None:
    """'in 1966 the two signed the first agreement between a German and an Indian
    university': when the two sides are who signs, the parties are the two the text spoke
    of, whoever else the sentence names; no party when the partner cannot be told, so that
    nobody else takes its place. None when no such words sign."""
    text = context.document.text
    signing = frames.cues(sentence, "signed")
    subjects = [
        cue
        for cue in frames.cues(sentence, "both_parties")
        if any(SIGNING_SUBJECT.fullmatch(text[cue.end : verb.start]) for verb in signing)
    ]
    return _references(context, sentence, subjects) if subjects else None


def _partner_referred_back(context: Context, sentence: Sentence, cue: Mention) -> list[Mention]:
    """'Renewed in 2016, the memorandum now aims at ...': the one partner of the agreement
    the sentence before spoke of, at the words that refer to it."""
    if not DEFINITE_BEFORE.search(context.document.text[max(0, cue.start - 8) : cue.start]):
        return []
    previous = _agreement_before(context, sentence)
    if previous is None:
        return []
    parties = _parties(context, context.mentions(previous).institutions)
    if len({party.key or party.text for party in parties}) != 1:
        return []
    named = parties[0].key or parties[0].text
    return [Mention("institution", cue.start, cue.end, cue.text, named, "referred")]


def _bind(context, sentence, years, partners) -> frames.Bound:
    bound = frames.bind(years, partners, sentence)
    context.leave(bound.ambiguous, "year could belong to either of two partners")
    return bound


def _rows(context, sentence, bindings, action) -> list[dict]:
    """One row per partner of each binding: a year shared by a list of partners holds for
    each of them."""
    return [
        _row(context, sentence, partner, binding.item, action, binding)
        for binding in bindings
        for partner in binding.group.members
    ]


def _renewal_rows(context, sentence, renewals, bindings, partners) -> list[dict]:
    """Each renewal year goes with the agreement bound just before it, else binds alone."""
    rows, loose = [], []
    for year in renewals:
        earlier = [b for b in bindings if b.item.start < year.start]
        if earlier:
            for partner in earlier[-1].group.members:
                rows.append(_row(context, sentence, partner, year, "renewed", earlier[-1]))
        else:
            loose.append(year)
    bound = _bind(context, sentence, loose, partners)
    return rows + _rows(context, sentence, bound.bindings, "renewed")


def _row(context, sentence, partner, year, action, binding) -> dict:
    country = _partner_country(context, sentence, partner)
    used = [partner, year] + ([country] if country else [])
    in_sentence = [m for m in used if sentence.start <= m.start < sentence.end]
    start = min(m.start for m in in_sentence + [binding.group.members[0]])
    end = max(m.end for m in in_sentence)
    return context.row(
        start,
        end,
        used,
        partner=partner.key or partner.text,
        country=country.text if country else "",
        action=action,
        year=year.key,
    )


def _renewal_years(context: Context, sentence: Sentence, years: list[Mention]) -> list[Mention]:
    text = context.document.text
    renewal_cues = frames.cues(sentence, "renewed")
    signing_cues = [
        s
        for s in frames.cues(sentence, "signed")
        if not any(0 <= r.start - s.end <= SIGNED_RENEWAL for r in renewal_cues)
    ]
    renewed: list[Mention] = []
    for previous, year in zip([None, *years], years, strict=False):
        lead = [c for c in renewal_cues if 0 <= year.start - c.end <= RENEWAL_REACH]
        chained = previous in renewed and CHAINED.match(text[previous.end : year.start])
        only_renewal = renewal_cues and not signing_cues
        if lead or chained or only_renewal:
            renewed.append(year)
    return renewed


def _countries_after_with(context: Context, sentence: Sentence) -> list[Mention]:
    """Countries as partners: 'an agreement with Vietnam', 'with the Philippines and Laos'."""
    countries = [
        c for c in context.standalone_countries(sentence) if c.form not in ("demonym", "city")
    ]
    return _listed_after_with(context.document.text, countries)


def _partner_country(context: Context, sentence: Sentence, partner: Mention) -> Mention | None:
    """The country a partner belongs to, from the strongest evidence: a country named on its
    own before it ('Vietnam, Academy of ...'), unless the partner's own words say otherwise
    ('Chinese Academy of Sciences', 'CAS', '(DST) of India', or the institution map: a city
    in the name, as in 'Nanyang Technological University', is weaker); then the one foreign
    country of the sentence, of the section heading, or of the document."""
    if partner.kind == "country":
        return partner
    if partner.form == "reference":
        sentence, partner = _antecedent(context, sentence, partner.start)
    own_words = context.institution_country(sentence, partner)
    before = [c for c in context.standalone_countries(sentence) if c.end <= partner.start]
    governing = before[-1] if before else None
    weak = own_words is None or own_words.form == "city"
    if governing and (weak or own_words.key == governing.key):
        return governing
    return (
        own_words
        or _only_country(context, sentence)
        or context.section_country(sentence)
        or context.focus_country_mention()
    )


def _only_country(context: Context, sentence: Sentence) -> Mention | None:
    """The one foreign country the sentence names for itself: 'Peking' of 'Peking
    University' places that partner, not the one listed before it."""
    return single_country(context.standalone_countries(sentence))
