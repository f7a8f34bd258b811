"""What every extractor needs: the document, its sentences and clauses, the typed mentions
of each sentence, and the institution the document is about.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from analysis import reference, vocabulary
from analysis.extract import mentions, names
from analysis.extract.document import BULLET, Document, Sentence, sentences
from analysis.extract.mentions import Mention

# "CNRS - National Centre for Scientific Research, France" or "Name (ACRONYM), Country"
TITLE_WITH_ACRONYM_FIRST = re.compile(
    r"^(?P<acronym>[A-Z][A-Za-z&]*[A-Z])\s+[-–—:]\s+(?P<name>.+)$"
)
TITLE_WITH_ACRONYM_LAST = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<acronym>[A-Z][A-Za-z&]*[A-Z])\)")
# The acronym a name starts with: 'RWTH' of 'RWTH Aachen University'.
LEADING_ACRONYM = re.compile(r"[A-Z][A-Z&]*[A-Z]")
# What follows the date heading a line: a dash, a colon or a bracket ('2014 - office',
# '23/09/2024: ...'); 'Last year the partner installed ...' starts a sentence, no line.
HEADING_MARK = re.compile(r"\s*[-–—:|)]")
# Clauses: a plan or a negation in one clause does not void the facts of another.
CLAUSE_BREAK = re.compile(
    r";|\s[-–—]\s|,?\s+(?:but|while|whereas|although|though|yet)\s+", re.IGNORECASE
)
# A country right after a name belongs to it: '(DST) of India', ' of the Lao Ministry'.
AFTER_NAME = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:,\s*|,?\s*(?:of|in|at)\s+(?:the\s+)?)")
# A dateline: a place (and a date) at the head of a news text, before a dash.
DATELINE = re.compile(r"^[A-Z][\w'’.]*(?:[ /,]+[\w'’.]+){0,5}\s*(?:\([^()]{4,30}\)\s*)?[-–—]\s")
DATELINE_SENTENCES = 4
# 'Tongji University', which the document may go on to call 'Tongji'.
SHORT_FORM = re.compile(r"(?P<short>[A-Z][a-z]+) University\b")
# Where students or offices are, not where they come from: 'at German universities'.
HOST_BEFORE = re.compile(
    r"\b(?:at|in|into|to|for)\s+(?:(?:the|its|their|a|an|one\s+of\s+the|several|many)\s+)?$",
    re.IGNORECASE,
)
# What a heading of countries holds besides their names: 'Japan and Korea:'.
HEADING_JOINERS = re.compile(r"[\s,:&/]*(?:\band\b[\s,:&/]*)*", re.IGNORECASE)
# The document's focus country is named at least this often, and this many times as often
# as the next one.
FOCUS_MIN = 3
FOCUS_RATIO = 2

# An aside in brackets of four words or more; '(161)' or '(CAS)' stays in its clause.
ASIDE = re.compile(r"\((?:[^()\s]+\s+){3,}[^()]*\)")


@dataclass(frozen=True)
class Profile:
    """The institution a document is about: from its sidecar, else from its title line."""

    name: str
    acronym: str
    country: str
    country_iso3: str

    @property
    def label(self) -> str:
        """How rows name the institution: its acronym when one is known."""
        return self.acronym or self.name


@dataclass(frozen=True)
class SentenceMentions:
    """Every typed mention of one sentence."""

    years: list[Mention]
    quantities: list[Mention]
    countries: list[Mention]
    regions: list[Mention]
    institutions: list[Mention]
    own: list[Mention]
    dateline: list[Mention] = field(default_factory=list)


@dataclass
class Context:
    """A document prepared for extraction: sentences, mentions, profile, and rows'
    provenance; every row records the mentions it used, for coverage."""

    document: Document
    sentences: list[Sentence] = field(init=False)
    used: list[Mention] = field(default_factory=list)
    review: list[tuple[Mention, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentences = sentences(self.document)
        self._mentions: dict[int, SentenceMentions] = {}

    @cached_property
    def title(self) -> Sentence:
        return self.sentences[0]

    @cached_property
    def dateline_year(self) -> int | None:
        date = self.document.sidecar.date
        return date.year if date else None

    @cached_property
    def dateline_date(self) -> Mention | None:
        """The full date in a news text's dateline ('Lausanne, 31 January 2013 -'): when the
        events it reports without a year happened."""
        for sentence in self.sentences[:DATELINE_SENTENCES]:
            end = self._dateline_end(sentence)
            dates = [y for y in self.mentions(sentence).years if y.form == "date" and y.end <= end]
            if dates:
                return dates[0]
        return None

    @cached_property
    def profile(self) -> Profile:
        """The sidecar's institution, else the title: 'ACRONYM - Name, Country'."""
        sidecar = self.document.sidecar
        if sidecar.institution or sidecar.institution_name:
            iso3 = sidecar.institution_country
            country = (
                reference.countries()[iso3].display_name if iso3 in reference.countries() else ""
            )
            known = _known_institution(sidecar.institution or sidecar.institution_name)
            return Profile(
                sidecar.institution_name or (known.canonical if known else ""),
                sidecar.institution or (known.acronym if known else ""),
                country,
                iso3 or (known.country_iso3 if known else ""),
            )
        return self._profile_from_title()

    def _profile_from_title(self) -> Profile:
        title = self.title
        home = names.countries(title.text, title.start)
        name = title.text
        if home:
            name = title.text[: home[-1].start - title.start].rstrip(" ,-–—")
        acronym = ""
        for pattern in (TITLE_WITH_ACRONYM_FIRST, TITLE_WITH_ACRONYM_LAST):
            if match := pattern.match(name):
                name, acronym = match["name"].strip(), match["acronym"]
                break
        country = home[-1] if home else None
        return Profile(
            name, acronym, country.text if country else "", country.key if country else ""
        )

    @cached_property
    def own_names(self) -> tuple[str, ...]:
        """Every way the document may name its own institution."""
        profile = self.profile
        spellings = {profile.name, profile.acronym, *_head_references(profile.name)}
        spellings |= {_leading_acronym(name) for name in (profile.name, profile.acronym)}
        spellings |= self._predecessors({profile.name, profile.acronym} - {""})
        known = _known_institution(profile.acronym or profile.name)
        if known:
            spellings |= {
                alias for alias, found in reference.institution_aliases().items() if known in found
            } | {known.canonical, known.acronym}
        return tuple(sorted({s for s in spellings if s}, key=len, reverse=True))

    def _predecessors(self, own: set[str]) -> set[str]:
        """Names the document gives as the institution's own earlier self: 'Universität
        Karlsruhe, a predecessor of KIT' signs for KIT, wherever the text names it."""
        cue = vocabulary.alternation(vocabulary.spellings("cue", "predecessor"))
        own_name = "|".join(re.escape(name) for name in sorted(own, key=len, reverse=True))
        of_own = re.compile(
            rf",\s+(?:a|an|the|one|its)\s+(?:[\w-]+\s+)?(?:{cue})\s+(?:of|to)\s+(?:the\s+)?"
            rf"(?:{own_name})\b"
        )
        return {
            shape.text
            for sentence in self.sentences
            for shape in self._shapes[sentence.start]
            if of_own.match(self.document.text, shape.end)
        }

    def named_after_itself(self, name: str) -> bool:
        """A unit carrying the institution's name as a word of its own: the 'Singapore-ETH
        Centre', the 'Institut Pasteur International Network'."""
        return any(re.search(rf"(?<!\w){re.escape(own)}(?!\w)", name) for own in self.own_names)

    @cached_property
    def _short_names(self) -> re.Pattern[str] | None:
        """The one-word short names of the partner universities the document names in full
        ('Tongji' for Tongji University, 'some 80 Tongji students'); never a place or a
        people's name ('Kyoto University', 'Chinese University of Hong Kong'), which alone
        names the place."""
        places = reference.city_countries() | reference.country_names() | reference.demonyms()
        shorts = {
            form["short"]
            for sentence in self.sentences
            for shape in self._shapes[sentence.start]
            if (form := SHORT_FORM.match(shape.text))
            and form["short"].lower() not in places
            and not self.named_after_itself(shape.text)
        }
        return _any_of(sorted(shorts))

    @cached_property
    def _shapes(self) -> dict[int, list[Mention]]:
        """Each sentence's names built on an institution word, found once: the acronyms, the
        predecessors and the mentions all read them."""
        return {s.start: names.institution_shapes(s.text, s.start) for s in self.sentences}

    @cached_property
    def defined_acronyms(self) -> dict[str, Mention]:
        """Acronyms the document defines in brackets after a name, anywhere in it."""
        defined: dict[str, Mention] = {}
        for sentence in self.sentences:
            shapes = self._shapes[sentence.start]
            defined.update(names.bracketed_acronyms(self.document.text, shapes, 0))
        return {a: name for a, name in defined.items() if not _names_a_lab_kind(name.text)}

    def mentions(self, sentence: Sentence) -> SentenceMentions:
        """The typed mentions of a sentence, found once."""
        if sentence.start not in self._mentions:
            self._mentions[sentence.start] = self._find(sentence)
        return self._mentions[sentence.start]

    def _find(self, sentence: Sentence) -> SentenceMentions:
        text, offset = sentence.text, sentence.start
        years = mentions.years(text, offset, self.dateline_year)
        own = self._own(text, offset)
        institutions = names.outermost(
            own
            + names.gazetteer(text, offset, _institution_names(), "institution")
            + _acronyms(text, offset, self.defined_acronyms)
            + self._shapes[sentence.start]
            + _matches(self._short_names, "institution", text, offset)
        )
        own = [m for m in institutions if m in own or _names_own(m, self.own_names)]
        partners = [m for m in institutions if m not in own]
        countries = [
            c
            for c in names.countries(text, offset)
            if not any(c.within(o.start, o.end) for o in own)
        ]
        dateline_end = self._dateline_end(sentence)
        return SentenceMentions(
            years=years,
            quantities=mentions.quantities(text, offset, years),
            countries=[c for c in countries if c.start >= dateline_end],
            dateline=[c for c in countries if c.start < dateline_end],
            regions=[r for r in names.regions(text, offset) if not _inside_any(r, institutions)],
            institutions=partners,
            own=own,
        )

    def _dateline_end(self, sentence: Sentence) -> int:
        """Where the dateline ('HANOI (31.05.2018) –', 'Paris/Shanghai, 11 October 2004 -')
        ends, at the head of one of the first sentences; the sentence's start if none."""
        if sentence not in self.sentences[:DATELINE_SENTENCES]:
            return sentence.start
        match = DATELINE.match(sentence.text)
        return sentence.start + match.end() if match else sentence.start

    @cached_property
    def _own_pattern(self) -> re.Pattern[str] | None:
        """The own names as one pattern, built once per document."""
        return _any_of(self.own_names)

    def _own(self, text: str, offset: int) -> list[Mention]:
        return _matches(self._own_pattern, "own", text, offset)

    def no_facts_here(self, sentence: Sentence) -> str:
        """Why a sentence states no cooperation fact at all (a funding statement, contact
        details), or empty."""
        for cue, reason in (("funding", "funding statement"), ("contact", "contact details")):
            if vocabulary.pattern("cue", cue).search(sentence.text):
                return reason
        return ""

    def inside_a_name(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention is part of an institution's name, the document's own or a partner's."""
        found = self.mentions(sentence)
        return _inside_any(mention, found.institutions + found.own)

    def countries_of(self, sentence: Sentence, institutions: list[Mention]) -> list[Mention]:
        """The foreign countries the institutions' own words give them."""
        countries = [self.institution_country(sentence, i) for i in institutions]
        return self.foreign([c for c in countries if c is not None])

    def foreign(self, found: list[Mention]) -> list[Mention]:
        """Country mentions other than the institution's own country."""
        return [m for m in found if m.key != self.profile.country_iso3]

    def standalone_countries(self, sentence: Sentence) -> list[Mention]:
        """Foreign countries named for themselves, not inside an institution's name."""
        found = self.mentions(sentence)
        return [c for c in self.foreign(found.countries) if not _inside_any(c, found.institutions)]

    def institution_country(self, sentence: Sentence, institution: Mention) -> Mention | None:
        """The country an institution's own words give it: a country in its name, or in the
        name its acronym stands for ('CAS' -> 'Chinese Academy of Sciences'), else one
        right after it ('(DST) of India', 'of the Lao Ministry', 'Center in Tianjin', '(NTU),
        Singapore'), else the institution map's, each of which says more than a city inside
        the name ('Nanyang')."""
        inside = [
            c
            for c in self.mentions(sentence).countries + self._countries_in_name(institution)
            if c.within(institution.start, institution.end) or c.kind == "defined"
        ]
        named = [c for c in inside if c.form != "city"]
        text = self.document.text
        after = next(
            (
                c
                for c in self.standalone_countries(sentence)
                if c.start >= institution.end
                and AFTER_NAME.fullmatch(text[institution.end : c.start])
            ),
            None,
        )
        if named:
            return named[0]
        mapped = mapped_country(institution.key or institution.text)
        return after or mapped or (inside[0] if inside else None)

    def _countries_in_name(self, institution: Mention) -> list[Mention]:
        """Countries inside the full name an acronym stands for, wherever it was defined."""
        definition = self.defined_acronyms.get(institution.text)
        if definition is None:
            return []
        return [
            Mention("defined", c.start, c.end, c.text, c.key, c.form)
            for c in names.countries(definition.text, definition.start)
        ]

    def section_country(self, sentence: Sentence) -> Mention | None:
        """The country whose heading the sentence stands under ('India' above a list); under
        a heading of several ('Japan and Korea'), the one of them the section named last."""
        starts, headings = self._country_headings
        before = bisect.bisect_left(starts, sentence.start)
        if not before:
            return None
        heading = headings[before - 1]
        if len(heading) == 1:
            return heading[0]
        keys = {country.key for country in heading}
        first, last = self._index[starts[before - 1]] + 1, self._index[sentence.start] + 1
        named = [
            country
            for earlier in self.sentences[first:last]
            for country in self.mentions(earlier).countries
            if country.key in keys
        ]
        return named[-1] if named else None

    @cached_property
    def _country_headings(self) -> tuple[list[int], list[list[Mention]]]:
        found = [(s.start, self._country_heading(s)) for s in self.sentences]
        kept = [(start, heading) for start, heading in found if heading]
        return [start for start, _ in kept], [heading for _, heading in kept]

    @cached_property
    def _index(self) -> dict[int, int]:
        return {sentence.start: number for number, sentence in enumerate(self.sentences)}

    def next_sentence(self, sentence: Sentence) -> Sentence | None:
        number = self._index[sentence.start] + 1
        return self.sentences[number] if number < len(self.sentences) else None

    def _country_heading(self, sentence: Sentence) -> list[Mention]:
        """The countries a heading consists of: 'India', 'Japan and Korea'."""
        countries = self.foreign(self.mentions(sentence).countries)
        rest = sentence.text
        for country in countries:
            rest = rest.replace(country.text, "", 1)
        return countries if countries and HEADING_JOINERS.fullmatch(rest) else []

    @cached_property
    def focus_country(self) -> str:
        """The foreign country the document is about, when one is named far more often
        than any other (a news item on PhD students from Pakistan); else empty."""
        text = self.document.text
        counts = Counter(
            c.key
            for s in self.sentences
            for c in self.foreign(self.mentions(s).countries)
            if not HOST_BEFORE.search(text[max(0, c.start - 30) : c.start])
        )
        # Padded: a document may name one foreign country, or none.
        (first, most), (_, second) = (counts.most_common(2) + [("", 0)] * 2)[:2]
        return first if most >= FOCUS_MIN and most >= FOCUS_RATIO * second else ""

    @cached_property
    def _partners_by_name(self) -> dict[str, list[tuple[Sentence, Mention]]]:
        named: dict[str, list[tuple[Sentence, Mention]]] = {}
        for sentence in self.sentences:
            for mention in self.mentions(sentence).institutions:
                named.setdefault(mention.key or mention.text, []).append((sentence, mention))
        return named

    @cached_property
    def focus_partner(self) -> tuple[Sentence, Mention] | None:
        """The partner institution the document is about, when it is named far more often
        than any other (a press release on one partnership), with a sentence naming it."""
        ranked = sorted(self._partners_by_name.values(), key=len, reverse=True) + [[], []]
        most, second = len(ranked[0]), len(ranked[1])
        if most >= FOCUS_MIN and most >= FOCUS_RATIO * second:
            return ranked[0][0]
        return None

    def clauses(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Document spans of the sentence's clauses."""
        bounds, start = [], 0
        heading_end = self._date_heading_end(sentence)
        for match in CLAUSE_BREAK.finditer(sentence.text):
            if match.start() == heading_end:
                continue
            bounds.append((sentence.start + start, sentence.start + match.start()))
            start = match.end()
        bounds.append((sentence.start + start, sentence.end))
        return bounds

    def date_heading(self, sentence: Sentence) -> Mention | None:
        """The date heading a line of a timeline ('- 2014 - liaison office in Mumbai'): it
        dates the line's event, which needs no verb to have happened, and a sentence of the
        same line that names no year ('- 23/09/2024: ... concludes an agreement. It sets up
        INUCoST, ...')."""
        years = self.mentions(sentence).years
        if not years:
            previous = self.sentence_before(sentence)
            same_line = previous and "\n" not in self.document.text[previous.end : sentence.start]
            return self.date_heading(previous) if same_line else None
        first = min(years, key=lambda y: y.start)
        head = sentence.text[: first.start - sentence.start]
        headed = HEADING_MARK.match(sentence.text, first.end - sentence.start)
        return first if headed and not BULLET.sub("", head).strip() else None

    def _date_heading_end(self, sentence: Sentence) -> int:
        """Where the date heading a line ends: the dash after it is no clause break."""
        heading = self.date_heading(sentence)
        return heading.end - sentence.start if heading and heading.start >= sentence.start else -1

    def asides(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Asides in brackets ('(the board had decided on it in April 2003)'): clauses of
        their own inside another."""
        return [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in ASIDE.finditer(sentence.text)
        ]

    def clause_of(self, sentence: Sentence, position: int) -> tuple[int, int]:
        """The aside or the clause around ``position``."""
        for start, end in self.asides(sentence) + self.clauses(sentence):
            if start <= position <= end:
                return start, end
        return sentence.start, sentence.end

    def in_clause(self, sentence: Sentence, position: int, mention: Mention) -> bool:
        """``mention`` stands in the clause around ``position``, not in an aside of it."""
        start, end = self.clause_of(sentence, position)
        asides = [a for a in self.asides(sentence) if not a[0] <= position <= a[1]]
        return start <= mention.start < end and not any(
            a[0] <= mention.start < a[1] for a in asides
        )

    def attends_an_event(self, sentence: Sentence, quantity: Mention) -> bool:
        """'The first summer school ... was held in Heidelberg with 26 participants': those
        who attended an event of the clause ('178 participants ... in these doctoral
        programmes' are students)."""
        start, end = self.clause_of(sentence, quantity.start)
        text = self.document.text
        return bool(_attendance_after().match(text, quantity.end)) and bool(
            vocabulary.pattern("cue", "activity").search(text, start, end)
        )

    def whole_country(self, sentence: Sentence, quantity: Mention) -> bool:
        """'In the whole country about 2,000 CSC holders are working on a PhD': the clause
        counts a whole country, not the institution."""
        start, end = self.clause_of(sentence, quantity.start)
        return bool(
            vocabulary.pattern("cue", "national_scope").search(self.document.text, start, end)
        )

    def states_no_fact(
        self, sentence: Sentence, position: int, span: tuple[int, int] | None = None
    ) -> bool:
        """The clause around ``position`` (or the given span) is a plan, a possibility or a
        negation; its numbers and the asides it holds are not read ('(it has no other)')."""
        start, end = span or self.clause_of(sentence, position)
        text = self.document.text[start:end]
        other_asides = [a for a in self.asides(sentence) if not a[0] <= position <= a[1]]
        masked = [(q.start, q.end) for q in self.mentions(sentence).quantities] + other_asides
        for mask_start, mask_end in masked:
            local_start, local_end = max(mask_start - start, 0), min(mask_end - start, len(text))
            if local_start < local_end:
                text = text[:local_start] + " " * (local_end - local_start) + text[local_end:]
        return bool(_not_a_fact().search(text))

    def states_no_fact_around(self, sentence: Sentence, mention: Mention) -> bool:
        """A negation or plan in the mention's own comma-separated part of its clause:
        'license income not counted' or 'who will start in 2018' voids nothing around it."""
        start, end = self.clause_of(sentence, mention.start)
        text = self.document.text
        before = text.rfind(",", start, mention.start)
        after = text.find(",", mention.end, end)
        segment = (before + 1 if before >= 0 else start, after if after >= 0 else end)
        return self.states_no_fact(sentence, mention.start, segment)

    def list_heading_country(self, sentence: Sentence) -> Mention | None:
        """The one country of the line that introduces the list a bullet item belongs to
        ('Vietnamese PhD students, by academic year of arrival:')."""
        index = self._index[sentence.start]
        if not BULLET.match(sentence.text):
            return None
        while index > 0 and BULLET.match(self.sentences[index - 1].text):
            index -= 1
        heading = self.sentences[index - 1] if index > 0 else None
        if heading is None or not heading.text.rstrip().endswith(":"):
            return None
        countries = [
            c
            for c in self.mentions(heading).countries
            if not HOST_BEFORE.search(self.document.text[max(0, c.start - 30) : c.start])
        ]
        return single_country(countries)

    def focus_country_mention(self) -> Mention | None:
        """The document's focus country as a mention that is not in the text."""
        return reference_country(self.focus_country) if self.focus_country else None

    def row(self, start: int, end: int, used: list[Mention], **values: str) -> dict:
        """A table row with its provenance: the exact quote and its character span."""
        self.used.extend(used)
        return {
            "doc_id": self.document.doc_id,
            "institution": self.profile.label,
            **values,
            "quote": self.document.text[start:end],
            "start": start,
            "end": end,
        }

    def leave(self, found: list[Mention], reason: str) -> None:
        """Mentions a frame saw but could not turn into a fact, with why."""
        self.review.extend((mention, reason) for mention in found)

    def sentence_before(self, sentence: Sentence) -> Sentence | None:
        """The sentence before, in the same paragraph."""
        number = self._index[sentence.start]
        before = self.sentences[number - 1] if number > 0 else None
        return before if before and before.paragraph == sentence.paragraph else None

    def paragraph_before(self, sentence: Sentence) -> list[Sentence]:
        """Sentences of the same paragraph up to and including this one."""
        number = self._index[sentence.start]
        first = number
        while first > 0 and self.sentences[first - 1].paragraph == sentence.paragraph:
            first -= 1
        return self.sentences[first : number + 1]


@cache
def _not_a_fact() -> re.Pattern[str]:
    """Plans, possibilities and negations; 'may' only as the verb, not the month."""
    words = vocabulary.alternation(vocabulary.spellings("cue", "plan", "negation"))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])|n't\b|(?-i:\bmay\b)", re.IGNORECASE)


def mapped_country(name: str) -> Mention | None:
    """The institution map's country for a name it knows under one country, else the
    country of the university of that name."""
    known = {i.country_iso3 for i in reference.institution_aliases().get(name.lower(), [])}
    if len(known) == 1:
        return reference_country(known.pop())
    university = reference.university_countries().get(name.lower())
    return reference_country(university) if university and not known else None


def single_country(countries: list[Mention]) -> Mention | None:
    """The country the mentions all name, when they name only one."""
    return countries[0] if len({c.key for c in countries}) == 1 else None


def reference_country(iso3: str) -> Mention | None:
    """A country known by code only, as a mention outside the text (it explains nothing in
    coverage and is never quoted)."""
    country = reference.countries().get(iso3)
    return Mention("reference", -1, -1, country.display_name, iso3) if country else None


def _any_of(names: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for whole names (not inside a word or a hyphenated compound)."""
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _matches(pattern: re.Pattern[str] | None, kind: str, text: str, offset: int) -> list[Mention]:
    if pattern is None:
        return []
    return [
        Mention(kind, offset + m.start(), offset + m.end(), m.group())
        for m in pattern.finditer(text)
    ]


def _head_references(name: str) -> list[str]:
    """'the Association' for the Leibniz Association, 'the Academy' for an Academy of
    Sciences: the capitalised head word a document uses to name itself again."""
    return [
        f"the {head.group()}"
        for head in vocabulary.pattern("institution_head").finditer(name)
        if head.group()[0].isupper()
    ]


@cache
def _attendance_after() -> re.Pattern[str]:
    """The attendance of an event within two words after a count: '26 participants',
    '40 foreign attendees'."""
    words = vocabulary.alternation(vocabulary.spellings("counted", "attendance"))
    return re.compile(rf"(?:\s+[\w'’-]+)?\s+(?:{words})\b", re.IGNORECASE)


def _leading_acronym(name: str) -> str:
    """'RWTH' for RWTH Aachen University, 'ETH' for ETH Zurich: a name that starts with an
    acronym is called by it alone ('RWTH's partners'); '' when the name does not."""
    words = name.split()
    return words[0] if len(words) > 1 and LEADING_ACRONYM.fullmatch(words[0]) else ""


def _names_a_lab_kind(name: str) -> bool:
    """'International Associated Laboratory (LIA)' defines a kind of lab, not an institution."""
    return bool(vocabulary.pattern("cue", "joint_lab").fullmatch(name))


def _known_institution(name: str) -> reference.Institution | None:
    found = reference.institution_aliases().get(name.strip().lower(), [])
    return found[0] if len(found) == 1 else None


@cache
def _institution_names() -> dict[str, str]:
    """Spellings in the institution map (the key stays empty: rows keep the text)."""
    return {alias: "" for alias in reference.institution_aliases()}


def _acronyms(text: str, offset: int, defined: dict[str, Mention]) -> list[Mention]:
    """Mentions of acronyms the document defined ('NWO' after 'Dutch Research Council (NWO)')."""
    if not defined:
        return []
    pattern = names._name_pattern(tuple(defined), case_sensitive=True)
    return [
        Mention(
            "institution", offset + m.start(), offset + m.end(), m.group(), defined[m.group()].text
        )
        for m in pattern.finditer(text)
    ]


def _names_own(mention: Mention, own_names: tuple[str, ...]) -> bool:
    stripped = re.sub(r"^(?:the|The)\s+", "", mention.text)
    return stripped in own_names or mention.key in own_names


def _inside_any(mention: Mention, others: list[Mention]) -> bool:
    return any(mention.within(o.start, o.end) for o in others)
