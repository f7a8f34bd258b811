"""Fields of science named after 'in the field(s) of' or in parentheses after 'fields', and
the rows of facts that take place in countries and fields (joint labs, training)."""

import re

from analysis import vocabulary
from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

# A place after these words is where the lab or activity is ('held in Makassar').
LOCATED = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
# A member of a compound names a pair, not a place: 'the France-Vietnam schools'.
COMPOUND = re.compile(r"^-|-$")
# A place where a document was signed is not where the lab is ('signed in Paris in 2013').
SIGNED_IN = re.compile(r"\bsigned\s+(?:\w+\s+){0,2}in\s+$", re.IGNORECASE)
FIELDS = re.compile(
    r"\bin\s+(?:the\s+)?(?:fields?|areas?|domains?)\s+of\s+(?P<of>[^.;:()]+)"
    r"|\b(?:fields?|areas?)\s*\((?P<listed>[^)]+)\)",
    re.IGNORECASE,
)


def find_fields(text: str, position: int = 0) -> re.Match[str] | None:
    """The first fields phrase at or after ``position``; its 'of' or 'listed' group is the list."""
    return FIELDS.search(text, position)


def fields_text(match: re.Match[str]) -> str:
    """The list of fields as written."""
    return (match["of"] or match["listed"]).strip()


def rows_per_country(
    context: Context, sentence: Sentence, cue: Mention, **values: str
) -> list[dict]:
    """One row per country where the cue's lab or activity is (e.g. 'summer schools ... in
    Vietnam'), each quoting from the cue through the country and the fields it lists."""
    countries = _located(context, sentence, cue)
    if context.states_no_fact(sentence, cue.start):
        context.leave(countries, "plan, possibility or negation")
        return []
    fields = find_fields(sentence.text, cue.end - sentence.start)
    listed = fields_text(fields) if fields else ""
    fields_end = sentence.start + fields.end() if fields else 0
    rows = []
    for country in countries:
        quoted = [m for m in (cue, country) if m.start >= 0]
        rows.append(
            context.row(
                min(m.start for m in quoted),
                max([m.end for m in quoted] + [fields_end]),
                [country],
                country=country.text,
                **values,
                fields=listed,
            )
        )
    return rows


def _located(context: Context, sentence: Sentence, cue: Mention) -> list[Mention]:
    """Where the cue's lab or activity is, from the strongest evidence: places of its clause
    after 'in' or 'at' ('held in Makassar'); else the foreign countries named there, or the
    institution's own ('Vietnam is hosting five LIA'); else the country of an institution
    it is at ('a meeting at Hanoi University'); else of the section or the document, when
    the sentence refers back to it. Unless after 'in' or 'at', the institution's own country
    counts only by its name: 'the French embassy' says who speaks, and '(IEES Paris)' which
    unit, not where the lab is. A place where something was signed ('signed in Paris'), the
    institution's seat ('at the Paris head office') or a member of a compound
    ('France-Vietnam schools') is none of these."""
    text = context.document.text
    named = [
        c
        for c in context.mentions(sentence).countries
        if context.in_clause(sentence, cue.start, c)
        and not COMPOUND.search(text[max(0, c.start - 1) : c.end + 1])
        and not context.inside_a_name(sentence, c)
        and not SIGNED_IN.search(text[max(0, c.start - 40) : c.start])
        and not vocabulary.pattern("cue", "seat").match(text, c.end + 1)
    ]
    located = [
        member
        for group in frames.groups(named, sentence)
        if LOCATED.search(text[max(0, group.start - 20) : group.start])
        for member in group.members
    ]
    at_institutions = [
        i
        for i in context.mentions(sentence).institutions
        if context.in_clause(sentence, cue.start, i)
        and LOCATED.search(text[max(0, i.start - 20) : i.start])
    ]
    hosts = context.countries_of(sentence, at_institutions)[:1]
    return (
        context.foreign(located)
        or located
        or context.foreign(named)
        or [c for c in named if c.form == "name"]
        or hosts
        or _referred(context, sentence)
    )


def _referred(context: Context, sentence: Sentence) -> list[Mention]:
    """'the country keeps a pioneering role through four LMI', 'Among them are an LMI':
    the country of the section, or the document's, when the sentence refers back to it."""
    if not frames.cues(sentence, "place_anaphor"):
        return []
    fallback = context.section_country(sentence) or context.focus_country_mention()
    return [fallback] if fallback else []
