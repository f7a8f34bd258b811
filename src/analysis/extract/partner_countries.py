"""How strong each partner country's tie is: 'the main partners ... are Japan, China',
'Japan is the NWO's main partner in Asia', 'works most closely with Indonesia, and to a
lesser extent with the Philippines'.

A tier cue is a tier word qualifying a partnership noun ('main partners', 'strong
involvement') or a tier phrase ('second only to'); cues bind to lists of countries in
either order. The basis is the reason the document gives ('referring to the number of
visits ...', 'for historical reasons'), else the tier phrase itself.
"""

import re
from functools import cache

from analysis import vocabulary
from analysis.extract import frames, names
from analysis.extract.context import Context, single_country
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

POSSESSOR = re.compile(r"(?P<owner>[\w-]+)(?:'s|’s)\s+$")
SECOND_ONLY = re.compile(r"second\s+only\s+to", re.IGNORECASE)
COLUMNS = ["doc_id", "institution", "scope", "country", "tier", "basis", "quote", "start", "end"]


@cache
def tier_cue() -> re.Pattern[str]:
    """A tier word up to two words before a partnership noun, or a tier phrase."""
    words = vocabulary.alternation(vocabulary.spellings("tier"))
    nouns = vocabulary.alternation(vocabulary.spellings("partnership"))
    phrases = vocabulary.alternation(vocabulary.spellings("tier_phrase"))
    return re.compile(
        rf"(?<![\w-])(?:(?P<phrase>{phrases})|(?P<word>{words})\s+(?:[\w'’-]+\s+){{0,2}}?"
        rf"(?:{nouns}))(?![\w-])",
        re.IGNORECASE,
    )


#: How much a predicate's tier word may be qualified: 'a very close', 'a strategically important'.
DEGREE = (
    r"(?:a\s+|an\s+|one\s+of\s+(?:the|its|their|our)\s+)?(?:already\s+|now\s+|still\s+)?"
    r"(?:very\s+|particularly\s+|especially\s+|[a-z]+ly\s+)?"
)


@cache
def predicate_tiers() -> tuple[re.Pattern[str], ...]:
    """A tier said of a partnership or of a country: 'the cooperation with the Indonesian
    partners is close', 'cooperation between the SNSF and China is already well
    established', 'Japan is one of the key countries', 'the relationship with
    Indonesia is a close one', 'partnerships with institutions in China play a significant
    role'; 'China is a strategically important country for TUM' (the cue is the tier word)."""
    words = vocabulary.alternation(vocabulary.spellings("tier"))
    nouns = vocabulary.alternation(vocabulary.spellings("partnership"))
    of_a_partnership = (
        rf"(?<![\w-])(?:{nouns})\s+(?:with|in|between)\s+[^.;:]{{1,60}}?\s+(?:is|are|was|were|remains?|"
        rf"has\s+been|have\s+been|plays?|played)\s+{DEGREE}(?P<word>{words})(?![\w-])"
    )
    of_a_country = (
        rf"\b(?:is|remains|was)\s+{DEGREE}(?P<word>{words})\s+(?:partner\s+)?countr(?:y|ies)\b"
    )
    return tuple(re.compile(p, re.IGNORECASE) for p in (of_a_partnership, of_a_country))


@cache
def basis_pattern() -> re.Pattern[str]:
    lead = vocabulary.alternation(vocabulary.spellings("cue", "basis"))
    return re.compile(
        rf"\b(?:{lead})\s+(?P<basis>[^,.;:()]+)|\bfor\s+(?P<reasons>[\w\s-]{{0,30}}?reasons)\b",
        re.IGNORECASE,
    )


def tier_of(cue_text: str) -> str:
    """The canonical tier of a cue: its tier phrase, else its tier word."""
    phrases = vocabulary.canonical_of("tier_phrase")
    lowered = re.sub(r"\s+", " ", cue_text.lower())
    if lowered in phrases:
        return phrases[lowered]
    words = vocabulary.canonical_of("tier")
    for spelling in sorted(words, key=len, reverse=True):
        if lowered.startswith(spelling + " ") or lowered == spelling:
            return words[spelling]
    raise ValueError(f"no tier in {cue_text!r}")


def extract(context: Context) -> list[dict]:
    """One row per country and tier, with the region the statement is about."""
    rows = []
    for sentence in context.sentences:
        cues = [
            Mention("cue", sentence.start + m.start(), sentence.start + m.end(), m.group(), "tier")
            for m in tier_cue().finditer(sentence.text)
            if not _qualifies_an_agreement(m.group())
        ] + [
            Mention("cue", sentence.start + m.start("word"), sentence.start + m.end(), m["word"])
            for pattern in predicate_tiers()
            for m in pattern.finditer(sentence.text)
        ]
        if cues:
            rows += _tiers(context, sentence, names.outermost(cues))
    return rows


def _qualifies_an_agreement(cue: str) -> bool:
    """'an active agreement ties CNR to ...': the tier word is the agreement's, not a tie's."""
    return bool(vocabulary.pattern("cue", "agreement").search(cue))


def _tiers(context: Context, sentence: Sentence, cues: list[Mention]) -> list[dict]:
    countries = context.standalone_countries(sentence) or _partners_countries(context, sentence)
    live = [c for c in cues if not context.states_no_fact(sentence, c.start)]
    if len(live) < len(cues):
        context.leave(countries, "plan, possibility or negation")
        return []
    bound = frames.bind(live, countries, sentence)
    context.leave(bound.ambiguous, "tier could belong to either of two countries")
    bound.bindings.extend(_second_only_to(context, sentence, bound.bindings, countries))
    scope = _scope(context, sentence)
    rows = []
    for binding in bound.bindings:
        if _another_partys_tie(context, binding):
            context.leave(list(binding.group.members), "a tier another party gives")
            continue
        basis = basis_pattern().search(sentence.text, binding.end - sentence.start)
        reason = (basis["basis"] or basis["reasons"]).strip() if basis else binding.item.text
        end = sentence.start + basis.end() if basis else binding.end
        for country in binding.group.members:
            rows.append(
                context.row(
                    binding.start,
                    max(end, binding.end),
                    [country],
                    scope=scope,
                    country=country.text,
                    tier=tier_of(binding.item.text),
                    basis=reason,
                )
            )
    return rows


def _another_partys_tie(context: Context, binding: frames.Binding) -> bool:
    """'called Ghent the council's most important partner': a tier owned by someone other
    than the institution describes their tie, not the institution's."""
    before = context.document.text[max(0, binding.item.start - 40) : binding.item.start]
    owner = POSSESSOR.search(before)
    return (
        bool(owner)
        and owner["owner"] not in context.own_names
        and not _the_institution(context, before[: owner.end("owner")])
    )


def _the_institution(context: Context, words: str) -> bool:
    """'the Institute's main partner': the document's institution, called by the kind its
    name says it is ('the council's' is another party in a university's document)."""
    head = vocabulary.alternation(vocabulary.spellings("institution_head"))
    kind = re.search(rf"\bthe\s+({head})$", words, re.IGNORECASE)
    return bool(kind) and any(
        re.search(rf"\b{re.escape(kind[1])}\b", name, re.IGNORECASE) for name in context.own_names
    )


def _partners_countries(context: Context, sentence: Sentence) -> list[Mention]:
    """The one foreign country of the partners named, when no country stands on its own
    ('With the Lao ministry, ... the well established tie')."""
    found = single_country(context.countries_of(sentence, context.mentions(sentence).institutions))
    return [found] if found else []


def _second_only_to(
    context: Context, sentence: Sentence, bindings: list[frames.Binding], countries: list[Mention]
) -> list[frames.Binding]:
    """'Vietnam is second only to New Caledonia': both are main partners; the country before
    the phrase binds to it too."""
    extra = []
    for binding in bindings:
        if not SECOND_ONLY.fullmatch(binding.item.text):
            continue
        before = [c for c in countries if c.end <= binding.item.start]
        if before and before[-1] not in binding.group.members:
            extra.append(frames.Binding(binding.item, frames.Group((before[-1],))))
    return extra


def _scope(context: Context, sentence: Sentence) -> str:
    """The region this sentence, or the paragraph leading to it, is about."""
    for earlier in reversed(context.paragraph_before(sentence)):
        found = context.mentions(earlier).regions
        if found:
            return found[0].text
    return ""
