"""Typed mentions of names inside a sentence: countries (names, demonyms, cities),
regions and institutions.

Countries and regions come from the gazetteers in ``analysis.reference``; institutions from
the institution map and from the shapes names take ('University of X', 'X Academy of
Sciences', a name followed by its acronym in brackets).
"""

from __future__ import annotations

import re
from functools import cache

from analysis import reference, vocabulary
from analysis.extract.mentions import Mention

# Words that end a name when walking left from its head word ("signed with the Thailand ...").
# fmt: off
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "between", "by", "for", "from", "has", "have", "her",
    "his", "in", "is", "its", "of", "on", "or", "renewed", "signed", "since", "the", "their",
    "to", "was", "were", "with", "our", "this", "that", "these", "those", "both", "which",
    "whose", "new", "several", "other", "two", "three", "many", "some", "each", "all",
    "through", "via", "within", "inside", "under", "among", "into", "towards", "across",
    "after", "before", "during", "about", "than", "like",
})
# fmt: on
# An acronym in brackets right after a name: "Dutch Research Council (NWO)".
BRACKETED_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z&\-]*[A-Z]\w*)\)")


@cache
def _name_pattern(
    names: tuple[str, ...], case_sensitive: bool = False, in_compounds: bool = False
) -> re.Pattern[str]:
    """Longest names first, so 'South Korea' wins over 'Korea'. ``in_compounds`` also finds
    a name joined by a hyphen to another ('Dutch-Chinese papers', 'Franco-Vietnamese')."""
    ordered = sorted(names, key=len, reverse=True)
    flags = 0 if case_sensitive else re.I
    edge = r"\w" if in_compounds else r"\w-"
    alternatives = "|".join(map(re.escape, ordered))
    return re.compile(rf"(?<![{edge}])(?:{alternatives})(?![{edge}])", flags)


FIRST_WORD = re.compile(r"\w+")
# Proper names start with a capital letter: only such words can begin a gazetteer name.
CAPITALISED_WORD = re.compile(r"(?<!\w)[^\W\d_a-z]\w*")
# What may not touch a name on either side: a letter, or a hyphen unless in compounds.
NAME_EDGE, COMPOUND_EDGE = re.compile(r"[\w-]"), re.compile(r"\w")


# Gazetteers are built once (cached maps), so they are indexed once, by identity.
_INDEXED: dict[int, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {}


def _by_first_word(names: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Lower-case names grouped by their first word, longest first: a text is scanned word
    by word, so a gazetteer of thousands of cities costs a dictionary look-up per word
    rather than a pattern of thousands of alternatives."""
    if id(names) not in _INDEXED:
        grouped: dict[str, list[str]] = {}
        for name in sorted(names, key=len, reverse=True):
            if first := FIRST_WORD.match(name.lower()):
                grouped.setdefault(first.group(), []).append(name.lower())
        _INDEXED[id(names)] = (names, {word: tuple(found) for word, found in grouped.items()})
    return _INDEXED[id(names)][1]


def gazetteer(
    text: str,
    offset: int,
    names: dict[str, str],
    kind: str,
    form: str = "name",
    in_compounds: bool = False,
) -> list[Mention]:
    """Names from a gazetteer, written with a capital letter as proper names are; the
    longest name wins ('South Korea' over 'Korea'). ``in_compounds`` also finds a name
    joined by a hyphen to another ('Dutch-Chinese papers', 'Franco-Vietnamese')."""
    grouped = _by_first_word(names)
    lowered = text.lower()
    edge = COMPOUND_EDGE if in_compounds else NAME_EDGE
    found, position = [], 0
    for word in CAPITALISED_WORD.finditer(text):
        start = word.start()
        if start < position or (start and edge.match(text, start - 1)):
            continue
        for name in grouped.get(word.group().lower(), ()):
            end = start + len(name)
            if lowered.startswith(name, start) and not edge.match(text, end):
                found.append(
                    Mention(kind, offset + start, offset + end, text[start:end], names[name], form)
                )
                position = end
                break
    return found


def countries(text: str, offset: int) -> list[Mention]:
    """Country names, demonyms ('Vietnamese') and cities ('Hanoi'), each with its ISO3."""
    found = gazetteer(text, offset, reference.country_names(), "country", in_compounds=True)
    found += gazetteer(text, offset, reference.demonyms(), "country", "demonym", in_compounds=True)
    found += gazetteer(text, offset, reference.city_countries(), "country", "city")
    return outermost(found)


def regions(text: str, offset: int) -> list[Mention]:
    """Region names such as ASEAN or Asia, from data/reference/regions.csv."""
    return gazetteer(text, offset, reference.region_names(), "region")


WORD = re.compile(r"[A-Za-z][\w'’.&-]*")


INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|one|any|every|each)\s+$", re.IGNORECASE)


@cache
def _head() -> re.Pattern[str]:
    return vocabulary.pattern("institution_head")


def institution_shapes(text: str, offset: int) -> list[Mention]:
    """Names built on an institution word: 'Nanyang Technological University',
    'the Thailand research fund' (from its capitalised word), 'Academy of social sciences'.
    A head word without a capitalised name around it ('a research fund') is no institution,
    nor is one word before a plural head in lower case ('Chinese universities'), or a
    people's word before a singular one ('an Indian university'): a description.
    """
    found = []
    for head in _head().finditer(text):
        start = name_start(text, head.start())
        end = _of_tail_end(text, head.end())
        if end == head.end() and _head_first().fullmatch(head.group()):
            end = _capitalised_tail_end(text, head.end())
        name = text[start:end]
        if (
            name[0].isupper()
            and not _group(text, start, name, head.group())
            and (
                start < head.start()
                or end > head.end()
                or name.isupper()
                or head.group()[0].isupper()
            )
        ):
            found.append(Mention("institution", offset + start, offset + end, name))
    return outermost(found)


def _group(text: str, start: int, name: str, head: str) -> bool:
    """'Chinese universities', 'an Indian university': one word before a lower-case head
    describes institutions and names none when the head is plural, the word a people's or
    the name follows an indefinite article."""
    words = name.split()
    if not head.islower() or len(words) != 2:
        return False
    indefinite = INDEFINITE_BEFORE.search(text, 0, start)
    return head.endswith("s") or words[0].lower() in reference.demonyms() or bool(indefinite)


def name_start(text: str, head_start: int) -> int:
    """Where a name ending in a head word begins: walk left over up to five words (not
    across punctuation or function words, nor to a lower-case word before a capitalised
    one: 'KTH advised Seoul National University'), then trim to the first capitalised one.
    Lower-case words stand only between a name's capitalised words and its head ('the
    Thailand research fund')."""
    words = list(WORD.finditer(text[:head_start]))[-5:]
    kept: list[re.Match[str]] = []
    for word in reversed(words):
        gap = text[word.end() : (kept[-1].start() if kept else head_start)]
        capitalised_after = any(w.group()[0].isupper() for w in kept)
        lower = not word.group()[0].isupper()
        if gap.strip(" -") or word.group().lower() in STOPWORDS or (lower and capitalised_after):
            break
        kept.append(word)
    kept.reverse()
    while kept and not kept[0].group()[0].isupper():
        kept.pop(0)
    return kept[0].start() if kept else head_start


_TAIL_WORD = re.compile(
    r"\s+(?!(?:in|at|since|from|with|for|on|to|by|renewed|signed|was|were|is|are|has|have)\b)"
    r"([A-Za-z][\w'’-]*)"
)


def _of_tail_end(text: str, head_end: int) -> int:
    """Extend 'Academy' over 'of Science and Technology', stopping before 'in 1983' or a
    second institution ('University of Tokyo and Kyoto University')."""
    of = re.match(r"\s+(?:of|for)\b", text[head_end:])
    if not of:
        return head_end
    end, position, words, last_capitalised = head_end, head_end + of.end(), 0, False
    while words < 7 and (word := _TAIL_WORD.match(text, position)):
        lowered = word.group(1).lower()
        if lowered == "and" and _head().search(_clause_rest(text, word.end())):
            break
        connector = lowered in {"and", "of", "the", "for"}
        if last_capitalised and word.group(1).islower() and not connector:
            break  # 'University of China sign(ed)': the name ended at 'China'
        last_capitalised = word.group(1)[0].isupper()
        position = word.end()
        words += 1
        if not connector:
            end = position
    return end


@cache
def _head_first() -> re.Pattern[str]:
    return vocabulary.pattern("institution_head", "head_first")


# 'Universitas Indonesia', 'Universiti Sains Malaysia', 'Institut Teknologi Bandung',
# 'Université de Montréal': names that put the head word first.
_CAPITALISED_TAIL = re.compile(r"(?:\s+(?:(?:de|di|do|da|del|des|du|la)\s+)?[A-Z][\w'’-]*){1,4}")


def _capitalised_tail_end(text: str, head_end: int) -> int:
    """Where a name that opens with its head word ends: after its capitalised words."""
    tail = _CAPITALISED_TAIL.match(text, head_end)
    return tail.end() if tail else head_end


def _clause_rest(text: str, position: int) -> str:
    """The rest of the clause after 'and', to see if a second institution starts there."""
    return re.split(r"[,.;:()]", text[position:], maxsplit=1)[0]


def bracketed_acronyms(text: str, names: list[Mention], offset: int) -> dict[str, Mention]:
    """Acronyms a document defines: 'Dutch Research Council (NWO)' -> NWO stands for it."""
    defined = {}
    for name in names:
        if match := BRACKETED_ACRONYM.match(text, name.end - offset):
            defined[match["acronym"]] = name
    return defined


def outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested in a longer one ('Fund' inside 'Thailand Research Fund')."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in ordered:
        if not any(k.start <= mention.start and mention.end <= k.end for k in kept):
            kept.append(mention)
    return kept
