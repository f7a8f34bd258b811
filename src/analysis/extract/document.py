"""Documents and their sentences, with character offsets into the untouched text.

Every extracted row points back into ``Document.text`` by ``start``/``end``; nothing here
normalises the text, so ``text[start:end]`` is always the exact quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy

from analysis.errors import UserError

# A paragraph runs until a blank line; single line breaks inside it are wrapped sentences.
PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")


@dataclass(frozen=True)
class Document:
    """A raw document: its id is the file stem, its text is never modified."""

    doc_id: str
    text: str
    path: Path


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, as a span of the document's text."""

    start: int
    end: int
    text: str
    paragraph: int


def load_document(path: Path) -> Document:
    """Read a UTF-8 document, failing with one line on a missing, undecodable or empty file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such document") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read document ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(
            f"{path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})"
        ) from None
    if not text.strip():
        raise UserError(f"{path}: document is empty")
    return Document(doc_id=path.stem, text=text.removeprefix("\ufeff"), path=path)


@cache
def _sentencizer() -> spacy.language.Language:
    """A blank English pipeline with spaCy's rule-based sentencizer (no model download)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(document: Document) -> list[Sentence]:
    """Split into paragraphs at blank lines, then into sentences with spaCy."""
    found = []
    for number, paragraph in enumerate(PARAGRAPH.finditer(document.text)):
        for span in _sentencizer()(paragraph.group()).sents:
            text = span.text.rstrip()
            if text:
                start = paragraph.start() + span.start_char
                found.append(Sentence(start, start + len(text), text, number))
    return found
