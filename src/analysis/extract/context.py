"""What every extractor needs: the document, its sentences, and who the profile is about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from analysis.extract import mentions
from analysis.extract.document import Document, Sentence, sentences

# "CNRS - National Centre for Scientific Research, France" or "Name (ACRONYM), Country"
TITLE_WITH_ACRONYM_FIRST = re.compile(
    r"^(?P<acronym>[A-Z][A-Za-z&]*[A-Z])\s+[-–—:]\s+(?P<name>.+)$"
)
TITLE_WITH_ACRONYM_LAST = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<acronym>[A-Z][A-Za-z&]*[A-Z])\)")
# Plans, possibilities and negations state no fact: "will open", "plans to sign", "no joint
# laboratory in Laos". Such sentences are left for review rather than read as facts.
NOT_A_FACT = re.compile(
    r"\b(?:will|would|could|might|shall|should|not|no|never|nor|without|cannot)\b|n't\b"
    r"|(?-i:\bmay\b)"  # the verb, not the month
    r"|\b(?:plan|plans|planned|planning|intend|intends|intended|expect|expects|expected|"
    r"hope|hopes|aim|aims|propose|proposes|proposed)\s+to\b|\bunder negotiation\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Profile:
    """The institution a document profiles, read from its title line."""

    name: str
    acronym: str
    country: str
    country_iso3: str
    sentence: Sentence

    @property
    def label(self) -> str:
        """How rows name the profiled institution: its acronym when the title gives one."""
        return self.acronym or self.name


@dataclass
class Context:
    """A document prepared for extraction: sentences, profile, and the rows' common fields."""

    document: Document
    sentences: list[Sentence] = field(init=False)

    def __post_init__(self) -> None:
        mentions.forget_sentences()
        self.sentences = sentences(self.document)

    @cached_property
    def profile(self) -> Profile:
        """The first sentence is the title: 'ACRONYM - Name, Country' or 'Name (ACRONYM)'."""
        title = self.sentences[0]
        home = mentions.countries(title)
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
            name, acronym, country.text if country else "", country.key if country else "", title
        )

    @cached_property
    def factual_sentences(self) -> list[Sentence]:
        """Sentences that state facts: no modal verb, plan or negation."""
        return [s for s in self.sentences if not NOT_A_FACT.search(s.text)]

    def foreign_countries(self, sentence: Sentence) -> list[mentions.Mention]:
        """Country mentions other than the profiled institution's own country."""
        return [m for m in mentions.countries(sentence) if m.key != self.profile.country_iso3]

    def row(self, start: int, end: int, **values: str) -> dict[str, str | int]:
        """A table row with its provenance: the exact quote and its character span."""
        return {
            "doc_id": self.document.doc_id,
            "institution": self.profile.label,
            **values,
            "quote": self.document.text[start:end],
            "start": start,
            "end": end,
        }

    def paragraph_before(self, sentence: Sentence) -> list[Sentence]:
        """Sentences of the same paragraph up to and including this one."""
        return [
            s
            for s in self.sentences
            if s.paragraph == sentence.paragraph and s.start <= sentence.start
        ]
