"""Key figures of the document's own institution: staff, laboratories, publications,
budget, shares, and what its cooperation has produced.

A document about an institution gives its figures wherever it speaks of itself, so every
count, share or amount no other frame claimed is a key figure, unless:
- it measures time or size ('two decades', '3 500 m2');
- its clause is a plan or a negation ('400 PhD graduates are expected by 2020');
- its clause is about someone else: a foreign country, a region, another institution or the
  institution's own country stands as the subject before it ('South Korea grows by 6 %',
  'German exports are worth 14.3 billion dollars'), and the institution is not named there.

What a number counts is the words after it ('26 000 permanent staff', '83 Max Planck
Institutes') or, for amounts, before it ('a budget of 2.1 billion euros'); in a key-data
table, the line's label ('Employees ........ 1.382').
"""

import re

from analysis import vocabulary
from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import DOT_LEADER, Sentence
from analysis.extract.mentions import Mention

COLUMNS = ["doc_id", "institution", "metric", "value", "unit", "quote", "start", "end"]

_FUNCTION = (
    r"with|and|or|per|a|an|the|each|to|in|of|at|on|for|from|by|is|are|was|were|as|has|have|"
    r"had|been|be|being|will|would|can|could|should|may|might|must|do|does|did|that|which|who|"
    r"whom|whose|it|they|between|since|until|during|over|after|before|than|more|less|up|down"
)
_WORD = r"[A-Za-z][\w'’-]*"
# What the quantity counts: words right after it, through 'in'/'of' phrases ('publications
# in peer reviewed journals'), skipping 'of them being' ('82, 5 % of them being joint
# units') or a verb to be ('2,200 are alumni'); the first word is never a function word
# ('1887 the').
_CONTENT_WORDS = rf"(?!(?:{_FUNCTION})\b){_WORD}(?:\s+(?!(?:{_FUNCTION})\b){_WORD})*"
METRIC_AFTER = re.compile(
    r"\s*(?:of (?:them|which|whom|its|their) (?:being|are|were|is)\s+|of\s+(?:its|their)\s+"
    r"|(?:are|were)\s+(?:now\s+)?)?"
    rf"(?P<metric>{_CONTENT_WORDS}"
    rf"(?:\s+(?:in|of|on|for)\s+{_WORD}(?:\s+(?!(?:{_FUNCTION})\b){_WORD}){{0,2}})?)"
)
METRIC_BEFORE = re.compile(
    r"(?<![A-Za-z])(?P<metric>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+(?:of|amounts?\s+to|amounted\s+to|"
    r"totals?|totalled|totaled|reached|stood\s+at|is|was|were|are|:)\s+(?:some\s+|about\s+)?$"
)
# The level a figure grew or fell to: 'Fee-paying students rose by some 30 per cent, to 617'.
GROWN_TO = re.compile(
    r"(?<![A-Za-z])(?P<metric>[A-Za-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+"
    r"(?:rose|grew|increased|climbed|went\s+up|fell|dropped|decreased|went\s+down)\b"
    r"[^.;:]{0,40}?\bto\s+$"
)
# What an amount was spent on, or came from: 'spent 65 million euros on academic exchange',
# 'earned £449 million from research grants'.
AMOUNT_USE = re.compile(rf"\s+(?P<metric>(?:on|for|from)\s+{_WORD}(?:\s+{_WORD}){{0,3}})")
FOLLOWING_WORD = re.compile(rf"\s*({_WORD})")
# The hyphenated words before a name ('the France-' of 'the France-Vietnam schools'),
# looked for in a window so that the search does not grow with the document.
COMPOUND_BEFORE = re.compile(r"(?:[\w’']+-)+$")
COMPOUND_REACH = 80
# The comma before the next item of a list ('thirty doctoral students, twenty postdocs').
LIST_COMMA = re.compile(r",\s*(?:and\s+)?")
# A comma before a digit is a decimal comma ('5, 3 %'), not a clause break.
CLAUSE_END = re.compile(r"[;:()]|,(?!\s?\d)|\.(?!\d)")
# 'the two sides', 'these three partners', 'all six partners': a reference to things already
# named, not a figure ('the six subject areas of USTH' is one).
REFERENCE = re.compile(r"\b(?:(?:these|those|both|all)\s+\S+|the\s+two)$", re.IGNORECASE)
# 'one of the larger groups among the roughly 2,000 PhD candidates': the group the
# institution's own figure is compared with ('among them 1,815 researchers' is its own).
COMPARED_GROUP_BEFORE = re.compile(r"\b(?:among|out\s+of)\s+the\s+$", re.IGNORECASE)
POSTCODE = re.compile(r"\d{4,6}")
# 'two labs in each country': a count per something, not a total.
DISTRIBUTIVE = re.compile(r"\b(?:in|for)\s+(?:each|every)\s+(?!year)", re.IGNORECASE)
# 'at most 5 000 euro per side and project': an amount for each of something; 'per year' and
# 'per cent' are a rate and a share.
PER_EACH = re.compile(r"\s+per\s+(?P<each>[A-Za-z]+)")
# 'among them seven professors', 'of whom 30 women': a part of a group counted just before.
PART_BEFORE = re.compile(r"\b(?:among\s+them|of\s+(?:them|whom)|including)\s+$", re.IGNORECASE)
# 'four founding members of the IDEA League', 'one of 12 member institutions of the Alliance'.
MEMBERS_OF = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:members?|member\s+[a-z]+)\s+of\s+(?:the\s+)?(?=[A-Z])"
)
# Between a group and the verb it does: 'students have already taken part'.
AUXILIARIES = re.compile(r"\s*(?:(?:have|has|had|all|already|also|each)\s+)*")
# A title in quotation marks: the names in it name no one in the clause.
QUOTED_TITLE = re.compile(r'["“][^"“”]*["”]')
MONTH_AFTER = re.compile(rf"\s*(?:{mentions.MONTH_NAMES})\b")
# A name with one of these before it is a place or a partner in the clause, not its subject.
PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|with|to|from|for|of|by|at|on|towards?|across|between|among|into|than|like|"
    r"including|via|through|about|within|and)\s+"
    r"(?:(?:the|its|their|our|this|these|those|a|an|some|all|\S*\d\S*)\s+){0,3}$",
    re.IGNORECASE,
)
# A line of a key-data table: a label, a leader (dots or a tab), then its values and nothing
# else ('Employees ........ 1.382 (1.274)', an indented '   of whom doctoral students ....
# 4,180'). A colon is no leader: '- of whom enrolled at KU Leuven: 5' is an item of a list
# whose heading says what it counts.
# The label is words; an aside after it ('Nobel laureates, Einstein included') is not.
_LABEL_WORD = r"[A-Za-z0-9'’&-]+"
TABLE_LINE = re.compile(
    rf"\s*(?:[-*•–·▪]\s+)?(?:of\s+(?:whom|which)\s+)?"
    rf"(?P<label>(?=[A-Za-z]){_LABEL_WORD}(?:[ \t]+{_LABEL_WORD})*)"
    rf"(?:\s*(?:,[^.:\t\d]*|\([^()\d]*\)))?\s*(?:{DOT_LEADER}|\t+)\s*"
)
TABLE_VALUES_ONLY = re.compile(r"[\s().,;%/]*")
# A part of a total named just before: '4 000 doctoral candidates, 1 050 of them from abroad'
# ('82, 5 % of them being joint units' says what it counts: METRIC_AFTER reads it).
PART_OF_TOTAL = re.compile(
    rf"\s+of\s+(?:them|whom)\b(?!\s+(?:being|are|were|is)\b)"
    rf"(?P<rest>\s+(?:from|in|at|with|on)\s+{_WORD}(?:\s+(?:the\s+)?{_WORD})?)?"
)
# A yearly publication or event, not a rate: 'last year's annual report'.
PUBLICATION_AFTER = re.compile(r"\s+(?:report|review|meeting|conference)s?\b", re.IGNORECASE)
# What a share is of: '23 % of the total sum', '50 percent of the graduate students'.
SHARE_OF = re.compile(rf"\s+of\s+(?:(?:the|all|its|their)\s+)?(?P<metric>{_CONTENT_WORDS})")


def extract(context: Context) -> list[dict]:
    """Rows for every quantity no other frame claimed, with what it counts."""
    claimed = {(m.start, m.end) for m in context.used} | {
        (m.start, m.end) for m, _ in context.review
    }
    rows = []
    for sentence in context.sentences:
        if sentence is context.title:
            continue
        label = _table_label(context, sentence)
        for quantity in context.mentions(sentence).quantities:
            if (quantity.start, quantity.end) in claimed:
                continue
            if label:
                found = _table_figure(context, sentence, label, quantity)
            else:
                found = _not_a_key_figure(context, sentence, quantity) or _figure(
                    context, sentence, quantity
                )
            if isinstance(found, dict):
                rows.append(found)
            elif not context.no_facts_here(sentence):  # coverage names those sentences
                context.leave([quantity], found)
    return sorted(rows, key=lambda row: row["start"])


def _table_label(context: Context, sentence: Sentence) -> re.Match[str] | None:
    """The label of a key-data table's line: the values after it say what it is worth."""
    line = TABLE_LINE.match(sentence.text)
    if not line:
        return None
    rest = sentence.text[line.end() :]
    for quantity in context.mentions(sentence).quantities:
        rest = rest.replace(quantity.text, "", 1)
    return line if TABLE_VALUES_ONLY.fullmatch(rest) else None


def _table_figure(
    context: Context, sentence: Sentence, label: re.Match[str], quantity: Mention
) -> dict:
    """A value of a key-data line, quoted from its label on. A value in brackets takes the
    line's currency ('EUR 94,4 mio. (92,5 mio.)'); budgets, funds and output (publications,
    patent applications) are a year's."""
    flows = ("flow", "output")
    yearly = (
        " per year"
        if any(vocabulary.pattern("cue", flow).search(label["label"]) for flow in flows)
        else ""
    )
    currency = _currency(sentence.text[label.end() :])
    return context.row(
        sentence.start + label.start("label"),
        quantity.end,
        [quantity],
        metric=label["label"],
        value=quantity.text,
        unit=(currency + yearly) if currency else _unit(quantity, bool(yearly)),
    )


def _not_a_key_figure(context: Context, sentence: Sentence, quantity: Mention) -> str:
    """Why a quantity is no figure of the institution, or empty when it is one."""
    text = context.document.text
    if MONTH_AFTER.match(text, quantity.end):
        return "a day of a date"
    if _measures(context, quantity):
        return "a duration or a size"
    if _followed_by_place(context, sentence, quantity):
        return "a postcode or a place"
    if quantity.form == "words" and REFERENCE.search(
        text[max(0, quantity.start - 16) : quantity.end]
    ):
        return "a reference to things already named"
    if COMPARED_GROUP_BEFORE.search(text[max(0, quantity.start - 16) : quantity.start]):
        return "a group the institution is compared with"
    if _per_each(text, quantity):
        return "a count for each of something, not a total"
    if _size_of(text, quantity, "place_size"):
        return "the size of a place"
    if _size_of(text, quantity, "delegation"):
        return "the size of a delegation"
    if _members_of_another_body(context, quantity):
        return "members of another body"
    if _taking_part(context, quantity) or context.attends_an_event(sentence, quantity):
        return "who took part in an event or programme"
    if _part_of_no_figure(context, sentence, quantity):
        return "a part of a group that is no figure of the institution"
    if context.states_no_fact_around(sentence, quantity):
        return "plan, possibility or negation"
    if context.whole_country(sentence, quantity):
        return "a figure of the whole country"
    if _about_someone_else(context, sentence, quantity) or _counts_a_partners_own(
        context, sentence, quantity
    ):
        return "figure of another country or institution"
    return ""


def _counts_a_partners_own(context: Context, sentence: Sentence, quantity: Mention) -> bool:
    """'some 80 Tongji students', '30 NUS students': what the number counts belongs to the
    partner whose short name or acronym qualifies it. (A name of several words there is a
    unit or a title: '83 Max Planck Institutes', 'two Indonesian Academy Professors'.)"""
    text = context.document.text
    return any(
        m.start > quantity.end and not text[quantity.end : m.start].strip() and " " not in m.text
        for m in context.mentions(sentence).institutions
        if not context.named_after_itself(m.text)
    )


def _per_each(text: str, quantity: Mention) -> bool:
    each = PER_EACH.match(text, quantity.end)
    return bool(each) and not (
        each["each"] == "cent"
        or vocabulary.pattern("measure").fullmatch(each["each"])
        or vocabulary.pattern("unit", "count per year").fullmatch(f"per {each['each']}")
    )


def _size_of(text: str, quantity: Mention, what: str) -> bool:
    """'a city-state of about 5.6 million people', 'a delegation of around 40 people': the
    size of a place or of a visit (``what``: the cue), not the institution's."""
    nouns = vocabulary.alternation(vocabulary.spellings("cue", what))
    before = text[max(0, quantity.start - 30) : quantity.start]
    return bool(re.search(rf"\b(?:{nouns})\s+of\s+$", before, re.IGNORECASE))


def _members_of_another_body(context: Context, quantity: Mention) -> bool:
    """'one of the four founding members of the IDEA League': the members of a body the
    institution belongs to ('1,100 members of staff', '30 members of the Academy' for an
    academy are its own)."""
    text = context.document.text
    members = MEMBERS_OF.match(text, quantity.end)
    if not members:
        return False
    body = text[members.end() : members.end() + 80]
    return not any(body.startswith(own) for own in context.own_names)


def _taking_part(context: Context, quantity: Mention) -> bool:
    """'Around 800 students have taken part so far': who took part in a programme or an
    event, counted by it; the verb follows what the number counts ('kept contact with 30
    universities and took part in 70 projects' is another subject's)."""
    text = context.document.text
    counted = METRIC_AFTER.match(text, quantity.end)
    if not counted:
        return False
    auxiliaries = AUXILIARIES.match(text, counted.end())
    return bool(vocabulary.pattern("cue", "participation").match(text, auxiliaries.end()))


def _part_of_no_figure(context: Context, sentence: Sentence, quantity: Mention) -> bool:
    """'A delegation of 15, among them seven professors': a part of a group follows the
    group, and a delegation is no figure of the institution ('a staff of 4,000, among them
    1,815 researchers' is one)."""
    text = context.document.text
    if not PART_BEFORE.search(text[max(0, quantity.start - 16) : quantity.start]):
        return False
    groups = [q for q in context.mentions(sentence).quantities if q.end <= quantity.start]
    if not groups:
        return False
    group = groups[-1]
    return bool(_not_a_key_figure(context, sentence, group)) or isinstance(
        _figure(context, sentence, group), str
    )


def _measures(context: Context, quantity: Mention) -> bool:
    following = FOLLOWING_WORD.match(context.document.text, quantity.end)
    return bool(following) and bool(
        vocabulary.pattern("measure").fullmatch(following[1].rstrip(".,"))
    )


def _followed_by_place(context: Context, sentence: Sentence, quantity: Mention) -> bool:
    """'75794 Paris': a bare number right before a city or country name."""
    return bool(POSTCODE.fullmatch(quantity.text)) and any(
        c.start > quantity.end
        and c.form != "demonym"
        and not context.document.text[quantity.end : c.start].strip()
        for c in context.mentions(sentence).countries
    )


def _about_someone_else(context: Context, sentence: Sentence, quantity: Mention) -> bool:
    """Someone else stands before the figure in its clause, and the institution is not named
    in the clause ('the CSC can fund up to thirty doctoral students at KI' counts KI's) but
    in a quoted title at most ('Switzerland and China concluded five agreements, one of
    them the "Memorandum ... and Swiss National Science Foundation"')."""
    start, end = context.clause_of(sentence, quantity.start)
    found = context.mentions(sentence)
    titles = [t.span() for t in QUOTED_TITLE.finditer(context.document.text, start, end)]
    if any(
        start <= m.start < end and not any(a <= m.start < b for a, b in titles) for m in found.own
    ):
        return False
    others = [
        *[
            c
            for c in found.countries
            if c.form != "demonym" or c.key == context.profile.country_iso3
        ],
        *found.regions,
        *[i for i in found.institutions if not context.named_after_itself(i.text)],
    ]
    text = context.document.text
    return any(
        start <= m.start < quantity.start
        and not PREPOSITION_BEFORE.search(text[max(start, m.start - 40) : _compound_start(text, m)])
        for m in others
    )


def _compound_start(text: str, mention: Mention) -> int:
    """Where a hyphenated compound begins: 'the France-Vietnam schools' reads from 'France'."""
    compound = COMPOUND_BEFORE.search(text[max(0, mention.start - COMPOUND_REACH) : mention.start])
    return mention.start - len(compound.group()) if compound else mention.start


def _figure(context: Context, sentence: Sentence, quantity: Mention) -> dict | str:
    """The key figure's row, or why the quantity gives none."""
    text = sentence.text
    local_start, local_end = quantity.start - sentence.start, quantity.end - sentence.start
    metric = _part_of_total(context, sentence, quantity) or _metric(
        text, quantity, local_start, local_end
    )
    if metric is None:
        return "no words say what the figure counts"
    words, (start, end) = metric
    if quantity.kind == "count" and not _counts_what_figures_count(context, sentence, words):
        return "counts nothing the institution is measured by"
    if DISTRIBUTIVE.search(words):
        return "a count for each of something, not a total"
    clause_start, clause_end = _enumeration(context, sentence, *_clause(text, local_start))
    yearly = _yearly(text, clause_start, clause_end)
    if quantity.kind == "money" and not yearly:
        part_start, part_end = _sentence_part(text, local_start)
        if not _over_a_period(context, sentence, part_start, part_end):
            yearly = vocabulary.pattern("cue", "flow").search(text, part_start, part_end)
    if yearly:
        start, end = min(start, yearly.start()), max(end, yearly.end())
    return context.row(
        sentence.start + start,
        sentence.start + end,
        [quantity],
        metric=words.strip(),
        value=quantity.text,
        unit=_unit(quantity, yearly is not None),
    )


def _yearly(text: str, start: int, end: int) -> re.Match[str] | None:
    """The words that make a figure a year's ('each year', 'annual'), but not the name of a
    yearly publication: 'last year's annual report showed 7,108 employees'."""
    rates = vocabulary.pattern("unit", "count per year").finditer(text, start, end)
    return next((rate for rate in rates if not PUBLICATION_AFTER.match(text, rate.end())), None)


def _part_of_total(
    context: Context, sentence: Sentence, quantity: Mention
) -> tuple[str, tuple[int, int]] | None:
    """What a part of a total counts: what the total before it counts, and where the part
    comes from ('28 400 students, 45 % of them from abroad' -> 'students from abroad')."""
    text, local_end = sentence.text, quantity.end - sentence.start
    part = PART_OF_TOTAL.match(text, local_end)
    if not part:
        return None
    totals = [q for q in context.mentions(sentence).quantities if q.end <= quantity.start]
    if not totals:
        return None
    counted = METRIC_AFTER.match(text, totals[-1].end - sentence.start)
    if not counted:
        return None
    words = _before_a_verb(counted["metric"]) + (part["rest"] or "")
    return words, (quantity.start - sentence.start, part.end())


def _over_a_period(context: Context, sentence: Sentence, start: int, end: int) -> bool:
    """'for the years 2017-2020, with a budget of 3.5 million': a budget for a period of
    years, not a year's."""
    return any(
        y.form == "period" and start <= y.start - sentence.start < end
        for y in context.mentions(sentence).years
    )


def _counts_what_figures_count(context: Context, sentence: Sentence, words: str) -> bool:
    """Staff, laboratories, publications... or people named by a demonym ('8 000
    Vietnamese')."""
    if vocabulary.pattern("figure").search(words):
        return True
    first = words.split()[0]
    return any(
        c.text == first and c.form == "demonym" for c in context.mentions(sentence).countries
    )


def _metric(
    text: str, quantity: Mention, local_start: int, local_end: int
) -> tuple[str, tuple[int, int]] | None:
    """The words saying what the quantity counts, and the span from them to the number."""
    after = METRIC_AFTER.match(text, local_end)
    before = METRIC_BEFORE.search(text[:local_start])
    if quantity.kind == "money" and before:
        return before["metric"], (before.start("metric"), local_end)
    if quantity.kind == "money" and (use := AMOUNT_USE.match(text, local_end)):
        return use["metric"], (local_start, use.end())
    if after and quantity.kind != "money":
        words = _before_a_verb(after["metric"])
        return words, (local_start, after.start("metric") + len(words))
    if quantity.kind == "percent" and (share := SHARE_OF.match(text, local_end)):
        return share["metric"], (local_start, share.end())
    if before:
        return before["metric"], (before.start("metric"), local_end)
    if grown := GROWN_TO.search(text[:local_start]):
        return grown["metric"].lower(), (grown.start("metric"), local_end)
    return _flow(text, local_start, local_end)


def _before_a_verb(metric: str) -> str:
    """Cut 'French researchers visited Japan' or 'funding goes to' before the verb: a common
    verb of the vocabulary, or a word in -ed followed by a name, a function word or nothing
    ('newly selected scholarship holders' stays whole)."""
    words = metric.split(" ")
    for index in range(1, len(words)):
        following = words[index + 1] if index + 1 < len(words) else ""
        ends_phrase = not following or following[0].isupper() or following in {"in", "of", "on"}
        stop = vocabulary.pattern("metric_stop").fullmatch(words[index])
        if stop or (words[index].endswith("ed") and ends_phrase):
            return " ".join(words[:index])
    return metric


def _flow(text: str, local_start: int, local_end: int) -> tuple[str, tuple[int, int]] | None:
    """An amount, or its change, named earlier in the sentence ('In Asia, revenue went up by
    5, 3 % to 18 million euros'), or the verb that spent it ('reserved up to €1,500,000')."""
    part_start, _ = _sentence_part(text, local_start)
    flows = list(vocabulary.pattern("cue", "flow").finditer(text, part_start, local_start))
    if flows:
        return flows[-1].group().lower(), (flows[-1].start(), local_end)
    spent = list(vocabulary.pattern("cue", "spent").finditer(text, part_start, local_start))
    if spent:
        return f"amount {spent[-1].group().lower()}", (spent[-1].start(), local_end)
    return None


def _unit(quantity: Mention, yearly: bool) -> str:
    """'%', a currency code, or empty for a count; ' per year' when the clause says so."""
    if quantity.kind == "percent":
        return "%"
    per_year = " per year" if yearly else ""
    if quantity.kind == "money":
        return _currency(quantity.text) + per_year
    return per_year.strip()


def _currency(text: str) -> str:
    for code in vocabulary.currency_codes():
        spellings = vocabulary.spellings("unit", code)
        if any(re.search(_currency_pattern(s), text, re.I) for s in spellings):
            return code
    return ""


def _currency_pattern(spelling: str) -> str:
    """A word ('euros') stands alone; a sign ('€') may touch the number."""
    if spelling[-1].isalnum():
        return rf"(?<![\w]){re.escape(spelling)}(?![\w])"
    return re.escape(spelling)


def _enumeration(
    context: Context, sentence: Sentence, clause_start: int, clause_end: int
) -> tuple[int, int]:
    """A clause, with the items of the list of counts it opens: 'thirty doctoral students,
    twenty postdocs and five master's students at KI each year' says 'each year' of all."""
    item_starts = {q.start - sentence.start for q in context.mentions(sentence).quantities}
    while (comma := LIST_COMMA.match(sentence.text, clause_end)) and comma.end() in item_starts:
        clause_end = _clause(sentence.text, comma.end())[1]
    return clause_start, clause_end


def _sentence_part(text: str, position: int) -> tuple[int, int]:
    """The part of a sentence between semicolons around ``position``."""
    end = text.find(";", position)
    return text.rfind(";", 0, position) + 1, end if end >= 0 else len(text)


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause around ``position``: from the punctuation before it to the one after."""
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, position)]
    after = CLAUSE_END.search(text, position)
    return (before[-1] if before else 0), (after.start() if after else len(text))
