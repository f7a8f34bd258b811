"""Co-publication shares with partner countries, and how many international publications
those countries produce ('more than 6% with Vietnam, Laos ..., between 20 and 400
international publications per year')."""

import re

from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import Sentence

COLUMNS = ["doc_id", "institution", "country", "share", "intl_pubs", "quote", "start", "end"]

TRIGGER = re.compile(r"\bco[- ]?publications?\b|\bco-?authored\b|\bjoint publications?\b", re.I)
# "grew by 12%" is a change, not a share of co-publications.
CHANGE_BEFORE = re.compile(r"\b(?:by|grew|rose|fell|increased|decreased|declined)\s+$", re.I)
PUBLICATIONS_AFTER = re.compile(r"^\s+(?:international\s+)?(?:publications|papers|articles)\b")


def extract(context: Context) -> list[dict]:
    """One row per country named in a co-publication sentence with a single share."""
    rows = []
    for sentence in context.factual_sentences:
        shares = mentions.percents(sentence)
        text = context.document.text
        if (
            TRIGGER.search(sentence.text)
            and len(shares) == 1
            and not CHANGE_BEFORE.search(text[sentence.start : shares[0].start])
        ):
            rows.extend(_rows(context, sentence, shares[0]))
    return rows


def _rows(context: Context, sentence: Sentence, share: mentions.Mention) -> list[dict]:
    countries = context.foreign_countries(sentence)
    volume = _publication_volume(context, sentence)
    start = min([c.start for c in countries] + [share.start])
    end = max([c.end for c in countries] + ([volume[1]] if volume else []) + [share.end])
    return [
        context.row(
            start,
            end,
            country=country.text,
            share=share.text,
            intl_pubs=volume[0] if volume else "",
        )
        for country in countries
    ]


def _publication_volume(context: Context, sentence: Sentence) -> tuple[str, int] | None:
    """The count or range directly followed by 'publications', with the phrase's end."""
    text = context.document.text
    for quantity in mentions.quantities(sentence):
        words = PUBLICATIONS_AFTER.match(text[quantity.end : sentence.end])
        if words:
            return quantity.text, quantity.end + words.end()
    return None
