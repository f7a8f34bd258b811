"""Binding mentions into facts, whatever order a sentence puts them in.

A frame pairs items of one kind (counts, years, tier cues) with items of another
(countries, partners). Names joined by list words ('Laos and Cambodia') form one group.
A sentence that lists pairs keeps one orientation throughout ('161 from Vietnam, 47 from
Thailand' or 'Vietnam (161), Thailand (47)'), so the orientation that pairs the most items
wins; when both pair as many, each item takes its nearest partner, and an item with two
equally near candidates is left for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis import vocabulary
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

LIST_JOINER = re.compile(
    r"^\s*(?:\([A-Z][\w&.-]*\)\s*)?"  # the acronym of the name before: '(BUAA) and the CAS'
    r"(?:,|;|and|or|&|/|as well as|,\s*and|,\s*or|,\s*as well as)?\s*(?:the\s+|to\s+)?$",
    re.IGNORECASE,
)
# Two candidates closer than this ratio of each other's gap are equally near.
NEAR_RATIO = 2.0


@dataclass(frozen=True)
class Group:
    """Names joined by list words, standing together in a frame."""

    members: tuple[Mention, ...]

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end


@dataclass(frozen=True)
class Binding:
    """One item and the group it binds to."""

    item: Mention
    group: Group

    @property
    def start(self) -> int:
        return min(self.item.start, self.group.start)

    @property
    def end(self) -> int:
        return max(self.item.end, self.group.end)


@dataclass
class Bound:
    """The result of a frame: bindings, and what could not be bound, with why."""

    bindings: list[Binding]
    unbound: list[Mention]
    ambiguous: list[Mention]


def groups(names: list[Mention], sentence: Sentence, blockers: list[Mention] = ()) -> list[Group]:
    """Join names separated only by list words into groups; a blocker (another item)
    between two names always separates them."""
    found: list[list[Mention]] = []
    for name in sorted(names, key=lambda m: m.start):
        if found:
            last = found[-1][-1]
            between = sentence.text[last.end - sentence.start : name.start - sentence.start]
            blocked = any(last.end <= b.start < name.start for b in blockers)
            if not blocked and LIST_JOINER.match(between):
                found[-1].append(name)
                continue
        found.append([name])
    return [Group(tuple(members)) for members in found]


def bind(items: list[Mention], names: list[Mention], sentence: Sentence) -> Bound:
    """Bind each item to a group of names (see the module docstring)."""
    items = sorted(items, key=lambda m: m.start)
    grouped = groups(names, sentence, items)
    if not items or not grouped:
        return Bound([], [*items, *[m for g in grouped for m in g.members]], [])
    forward = _orient(items, grouped, item_first=True)
    backward = _orient(items, grouped, item_first=False)
    if len(forward) != len(backward):
        chosen = max(forward, backward, key=len)
        return _result(items, grouped, chosen, [])
    return _nearest(items, grouped)


def _orient(items: list[Mention], grouped: list[Group], item_first: bool) -> list[Binding]:
    """Walk the sequence of items and groups, pairing each with the next of the other kind."""
    sequence = sorted([*items, *grouped], key=lambda x: x.start)
    pairs, index = [], 0
    while index < len(sequence) - 1:
        first, second = sequence[index], sequence[index + 1]
        item, group = (first, second) if item_first else (second, first)
        if isinstance(item, Mention) and isinstance(group, Group):
            pairs.append(Binding(item, group))
            index += 2
        else:
            index += 1
    return pairs


def _nearest(items: list[Mention], grouped: list[Group]) -> Bound:
    """Each item takes its nearest group on either side, unless two are about as near and
    name different things ('China is an important country ... Chinese nationals' is one)."""
    chosen, ambiguous = [], []
    for item in items:
        candidates = _neighbours(item, items, grouped)
        gaps = sorted((_gap(item, g), id(g), g) for g in candidates)
        if not gaps:
            continue
        near = len(gaps) > 1 and gaps[1][0] <= max(gaps[0][0], 1) * NEAR_RATIO
        if near and _named(gaps[0][2]) != _named(gaps[1][2]):
            ambiguous.append(item)
            continue
        chosen.append(Binding(item, gaps[0][2]))
    return _result(items, grouped, chosen, ambiguous)


def _named(group: Group) -> set[str]:
    return {member.key or member.text for member in group.members}


def _neighbours(item: Mention, items: list[Mention], grouped: list[Group]) -> list[Group]:
    """The nearest group before and after the item, with no other item in between."""
    before = [g for g in grouped if g.end <= item.start]
    after = [g for g in grouped if g.start >= item.end]
    found = []
    if before and not any(before[-1].end <= i.start < item.start for i in items):
        found.append(before[-1])
    if after and not any(item.end <= i.start < after[0].start for i in items):
        found.append(after[0])
    return found


def _gap(item: Mention, group: Group) -> int:
    return group.start - item.end if group.start >= item.end else item.start - group.end


def _result(
    items: list[Mention], grouped: list[Group], chosen: list[Binding], ambiguous: list[Mention]
) -> Bound:
    bound_items = {id(b.item) for b in chosen}
    bound_names = {id(m) for b in chosen for m in b.group.members}
    unbound = [i for i in items if id(i) not in bound_items and i not in ambiguous]
    unbound += [m for g in grouped for m in g.members if id(m) not in bound_names]
    return Bound(chosen, unbound, ambiguous)


def cues(sentence: Sentence, name: str) -> list[Mention]:
    """Mentions of one fact cue of the vocabulary ('phd', 'agreement', ...) in a sentence."""
    return [
        Mention("cue", sentence.start + m.start(), sentence.start + m.end(), m.group(), name)
        for m in vocabulary.pattern("cue", name).finditer(sentence.text)
    ]


def dated(years: list[Mention]) -> list[Mention]:
    """Years that date one moment: not a period or its end ('until 2023'), and resolved (a
    relative year needs the document's date)."""
    return [y for y in years if y.form not in ("period", "until") and y.key]


def single_year(years: list[Mention], start: int, end: int) -> Mention | None:
    """The one dated year between ``start`` and ``end``, if exactly one ('This year ...
    the academic year 2018-2019' names one year twice)."""
    found = [y for y in dated(years) if start <= y.start < end]
    return found[0] if len({y.key for y in found}) == 1 else None
