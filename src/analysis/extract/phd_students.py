"""PhD students by country of origin: '161 from Vietnam', 'Vietnam (161)', 'forty-five
Vietnamese doctoral candidates', 'From China came 45 of the doctoral students'.

Counts bind to countries in whatever order the sentence lists them (``frames.bind``). A
count shared by several countries, or with no single year, is left for review.
"""

from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.document import Sentence

COLUMNS = ["doc_id", "institution", "country", "year", "students", "quote", "start", "end"]


def extract(context: Context) -> list[dict]:
    """One row per country with a count, in sentences about PhD students."""
    rows = []
    for sentence in context.sentences:
        if cue := frames.cues(sentence, "phd"):
            rows += _counts(context, sentence, cue[0].start)
    return rows


def _counts(context: Context, sentence: Sentence, cue_start: int) -> list[dict]:
    found = context.mentions(sentence)
    counts = [q for q in found.quantities if q.kind == "count"]
    countries = context.standalone_countries(sentence)
    if context.states_no_fact(sentence, cue_start):
        context.leave(counts + countries, "plan, possibility or negation")
        return []
    bound = frames.bind(counts, countries, sentence)
    context.leave(bound.ambiguous, "count could belong to either of two countries")
    rows = []
    for binding in bound.bindings:
        if len(binding.group.members) > 1:
            context.leave([binding.item], "one count for several countries")
            continue
        year = _year(context, sentence, binding)
        if year is None:
            context.leave([binding.item], "PhD count without a single year")
            continue
        country = binding.group.members[0]
        used = [binding.item, country, year]
        rows.append(
            context.row(
                binding.start,
                binding.end,
                used,
                country=country.text,
                year=year.key,
                students=binding.item.text,
            )
        )
    return rows


def _year(context: Context, sentence: Sentence, binding: frames.Binding):
    """The year of the count's clause, else of its sentence, else of the paragraph so far."""
    years = context.mentions(sentence).years
    clause = context.clause_of(sentence, binding.start)
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
