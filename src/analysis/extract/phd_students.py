"""PhD students by country of origin: '161 from Vietnam', 'Vietnam (161)', 'forty-five
Vietnamese doctoral candidates', 'From China came 45 of the doctoral students'.

The origin is a country named in the sentence, but not where the students are hosted ('at
German universities', 'in French laboratories'). With none, it is the country of the
institution they come from ('250 CAS doctoral researchers'), the institution's own country
('Vietnamese PhD students hosted in French laboratories'), the country of the list's
heading (a bullet under 'Vietnamese PhD students, by academic year:'), or the country the
whole document is about. A sentence that goes on about the previous one's students ('Last
year the figure stood at 80') is read the same way.

Counts bind to countries, or, for one country, to years, in whatever order the sentence
lists them (``frames.bind``). A count shared by several countries, or with no single year,
is left for review.
"""

import re

from analysis import vocabulary
from analysis.extract import frames
from analysis.extract.context import HOST_BEFORE, Context, single_country
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

COLUMNS = ["doc_id", "institution", "country", "year", "students", "quote", "start", "end"]
# A count followed, within two words, by an institution word, a thing or a duration counts
# those: 'five Vietnamese institutions', 'fifteen full PhD scholarships', 'another three
# years'; but '182 CSC scholarship holders' are people.
# Where students do not come from: '780 of whom from outside the Netherlands'.
NOT_FROM_BEFORE = re.compile(
    r"\b(?:outside|beyond|other\s+than|except)\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE
)
NOT_PEOPLE_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:"
    + vocabulary.alternation(
        vocabulary.spellings("institution_head")
        + vocabulary.spellings("counted", "things")
        + vocabulary.spellings("measure", "duration")
    )
    + r")\b(?!\s+(?:holders|recipients|students|candidates|fellows)\b)",
    re.IGNORECASE,
)
# A count of all students, of whom a part are PhD students: 'eighty-five Chinese students
# were enrolled, half of them in doctoral programmes'.
ALL_STUDENTS_AFTER = re.compile(
    r"(?:\s+[A-Z][\w'’-]*)?\s+students\b(?=[^.;]*\b(?:half|part|some|most|many)\s+of\s+them)",
    re.IGNORECASE,
)
# A line giving the part of the total before it: '- of whom enrolled at KU Leuven: 5'.
PART_OF = re.compile(r"^\W*(?:of\s+whom|among\s+(?:them|whom)|thereof|including)\b", re.I)
# A sentence goes on about PhD students when a count stands this close to words that refer
# back to them ('seventy-four candidates', 'the figure stood at 80').
ANAPHOR_REACH = 12


def extract(context: Context) -> list[dict]:
    """One row per country (or year) with a count, in sentences about PhD students and in
    the sentences that go on about them."""
    rows, previous, last = [], None, []
    for sentence in context.sentences:
        cue = frames.cues(sentence, "phd")
        continues = previous is not None and _continues(context, previous, sentence)
        if last and (part := _part_at_home(context, previous, sentence, last)):
            rows = rows[: len(rows) - len(last)] + part
            continue
        last = []
        if cue:
            last = _counts(context, sentence, cue[0].start)
        elif continues:
            last = _counts(context, sentence, sentence.start)
        rows += last
        previous = sentence if cue else (previous if continues else None)
    return rows


def _part_at_home(
    context: Context, previous: Sentence, sentence: Sentence, totals: list[dict]
) -> list[dict]:
    """'- PhD candidates in total: 10 / - of whom enrolled at KU Leuven: 5': the part of a
    total that is at the institution itself is its count; the total, a wider group, is
    left for review."""
    found = context.mentions(sentence)
    counts = [q for q in found.quantities if q.kind == "count"]
    origins = {(row["country"], row["year"]) for row in totals}
    if not PART_OF.match(sentence.text) or not found.own or len(counts) != 1 or len(origins) != 1:
        return []
    country, year = origins.pop()
    wider = [
        q
        for q in context.mentions(previous).quantities
        if any(row["start"] <= q.start < row["end"] for row in totals)
    ]
    context.leave(wider, "a total of which the institution's own part is given")
    count = counts[0]
    return [
        context.row(
            count.start, count.end, [count], country=country, year=year, students=count.text
        )
    ]


def _continues(context: Context, previous: Sentence, sentence: Sentence) -> bool:
    """'Last year the figure stood at 80.' in the paragraph of a sentence about PhD
    students."""
    counts = [q for q in context.mentions(sentence).quantities if q.kind == "count"]
    return sentence.paragraph == previous.paragraph and any(
        abs(q.start - a.end) <= ANAPHOR_REACH or abs(a.start - q.end) <= ANAPHOR_REACH
        for a in frames.cues(sentence, "phd_anaphor")
        for q in counts
    )


def _counts(context: Context, sentence: Sentence, cue_start: int) -> list[dict]:
    found = context.mentions(sentence)
    counts = [
        q
        for q in found.quantities
        if q.kind == "count"
        and not _counts_things(context, q)
        and not _counts_all(context, q)
        and not _a_capacity(context, sentence, q)
        and not context.attends_an_event(sentence, q)
    ]
    voided = [q for q in counts if context.states_no_fact_around(sentence, q)]
    context.leave(voided, "plan, possibility or negation")
    national = [q for q in counts if context.whole_country(sentence, q)]
    context.leave(national, "a figure of the whole country")
    counts = [q for q in counts if q not in voided + national]
    origins = _origins(context, sentence)
    if not origins:
        return _counts_of_one_country(context, sentence, cue_start, counts)
    bound = frames.bind(counts, origins, sentence)
    context.leave(bound.ambiguous, "count could belong to either of two countries")
    if len({o.key for o in origins}) == 1:
        return _by_year(context, sentence, [b.item for b in bound.bindings], origins[0])
    rows = []
    for binding in bound.bindings:
        if len(binding.group.members) > 1:
            context.leave([binding.item], "one count for several countries")
            continue
        rows += _by_year(context, sentence, [binding.item], binding.group.members[0])
    return rows


def _counts_things(context: Context, count: Mention) -> bool:
    """'links five Vietnamese universities', 'the two sides renewed the scheme for another
    three years, with fifteen full PhD scholarships': not a count of students."""
    following = context.document.text[count.end : count.end + 40]
    return bool(NOT_PEOPLE_AFTER.match(following))


def _counts_all(context: Context, count: Mention) -> bool:
    """'85 Chinese students ..., half of them in doctoral programmes': all students."""
    return bool(ALL_STUDENTS_AFTER.match(context.document.text, count.end))


def _a_capacity(context: Context, sentence: Sentence, count: Mention) -> bool:
    """'the CSC can fund up to thirty doctoral students each year': how many places there
    are, a key figure, not how many students came."""
    start, _ = context.clause_of(sentence, count.start)
    return bool(
        vocabulary.pattern("cue", "capacity").search(context.document.text, start, count.start)
    )


def _origins(context: Context, sentence: Sentence) -> list[Mention]:
    """Countries the students come from, as the sentence names them: foreign ones first,
    else the countries of institutions named there, else the institution's own country."""
    text = context.document.text
    named = [
        c
        for c in context.mentions(sentence).countries
        if not HOST_BEFORE.search(text[max(0, c.start - 30) : c.start])
        and not NOT_FROM_BEFORE.search(text[max(0, c.start - 30) : c.start])
        and not context.inside_a_name(sentence, c)
    ]
    foreign = context.foreign(named)
    if foreign:
        return foreign
    of_institutions = single_country(
        context.countries_of(sentence, context.mentions(sentence).institutions)
    )
    return [of_institutions] if of_institutions else named


def _counts_of_one_country(
    context: Context, sentence: Sentence, cue_start: int, counts: list[Mention]
) -> list[dict]:
    """No country in the sentence: the list heading's or the document's, for the counts of
    the clause that speaks of PhD students. The document's country is weak evidence: with
    no year for any count ('some 12,000 staff, among them ... 522 doctoral students'), the
    counts are the institution's own, key figures."""
    clause = context.clause_of(sentence, cue_start)
    in_clause = [q for q in counts if clause[0] <= q.start < clause[1]]
    if origin := context.list_heading_country(sentence):
        return _by_year(context, sentence, in_clause, origin)
    origin = context.focus_country_mention()
    if origin is None:
        return []  # a count of the institution's own PhD students: a key figure
    years = frames.dated(context.mentions(sentence).years)
    if not years and all(_year(context, sentence, q) is None for q in in_clause):
        return []
    return _by_year(context, sentence, in_clause, origin)


def _by_year(
    context: Context, sentence: Sentence, counts: list[Mention], country: Mention
) -> list[dict]:
    """Rows for counts of one country: one year for all, or each count with its own year
    ('74 for 2015-2016 and 75 for 2016-2017')."""
    years = frames.dated(context.mentions(sentence).years)
    if len(counts) > 1 and len({y.key for y in years}) > 1:
        bound = frames.bind(counts, years, sentence)
        context.leave(bound.ambiguous, "count could belong to either of two years")
        return [
            _row(context, sentence, binding.item, country, binding.group.members[0])
            for binding in bound.bindings
        ]
    rows = []
    for count in counts:
        year = _year(context, sentence, count)
        if year is None:
            context.leave([count], "PhD count without a single year")
            continue
        rows.append(_row(context, sentence, count, country, year))
    return rows


def _row(
    context: Context, sentence: Sentence, count: Mention, country: Mention, year: Mention
) -> dict:
    """The quote runs from the count to its country ('161 from Vietnam'), or to its year
    when the country is a list heading's or the document's, which are used but not quoted."""
    used = [m for m in (count, country, year) if m.start >= 0]
    named_here = sentence.start <= country.start < sentence.end
    quoted = [count, country if named_here else year]
    quoted = [m for m in quoted if sentence.start <= m.start < sentence.end]
    return context.row(
        min(m.start for m in quoted),
        max(m.end for m in quoted),
        used,
        country=country.text,
        year=year.key,
        students=count.text,
    )


def _year(context: Context, sentence: Sentence, count: Mention) -> Mention | None:
    """The year of the count's clause, else of its sentence, else of the paragraph so far."""
    years = context.mentions(sentence).years
    clause = context.clause_of(sentence, count.start)
    found = frames.single_year(years, *clause) or frames.single_year(
        years, sentence.start, sentence.end
    )
    if found or any(y.start < sentence.end and y.end > sentence.start for y in years):
        return found
    for earlier in reversed(context.paragraph_before(sentence)[:-1]):
        earlier_years = context.mentions(earlier).years
        if earlier_years:
            return frames.single_year(earlier_years, earlier.start, earlier.end)
    return None
