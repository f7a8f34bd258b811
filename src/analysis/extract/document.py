"""Documents and their sentences, with character offsets into the text as read.

Every extracted row points back into ``Document.text`` by ``start``/``end``. The text is
read once, as ``analysis.document_file`` defines it (every line ending made LF), and nothing
here changes it afterwards, so ``text[start:end]`` is always the exact quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import document_file
from analysis.errors import UserError
from analysis.sidecar import Sidecar, read_sidecar

if TYPE_CHECKING:
    import spacy

# A block runs until a blank line; inside it, a line break ends a unit before or after a
# bullet item, and after a heading (a line that does not read on into the next one).
BLOCK = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
BULLET = re.compile(r"[ \t]*(?:[-*•–·▪]|\d{1,2}[.)])\s+")
# spaCy reads a unit at most this long at a time, so that a document with no blank lines
# (a 20 MB paragraph) is read in bounded pieces; a piece ends after a full stop if it can.
PIECE_CHARS = 20_000
PIECE_END = re.compile(r"[.!?]\s+(?=\S)|\s+(?=\S)")
# A line of a table: its label, then a leader of dots, then its value.
DOT_LEADER = r"\.{3,}|…+"
LEADER = re.compile(rf"\S\s*(?:{DOT_LEADER})\s*\S")
CONTINUES = re.compile(r"[a-z(]")
READS_ON = re.compile(r"(?:[,;(]|\b(?:a|an|the|of|and|or|in|on|at|to|with|for|by|from))\s*$", re.I)


@dataclass(frozen=True)
class Document:
    """A raw document: its id is the file stem, its text is never modified after reading."""

    doc_id: str
    text: str
    path: Path
    sidecar: Sidecar = field(default_factory=Sidecar)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, as a span of the document's text."""

    start: int
    end: int
    text: str
    paragraph: int


def load_document(path: Path) -> Document:
    """Read a UTF-8 document and its sidecar, failing with one line on a file name that
    cannot be a doc_id, or a missing, binary, undecodable or empty file."""
    path = Path(path)
    doc_id = document_file.doc_id(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such document") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read document ({error.strerror})") from None
    text = document_file.text(raw, path)
    if not text.strip():
        raise UserError(f"{path}: document is empty")
    return Document(doc_id, text, path, read_sidecar(path, raw))


@cache
def _sentencizer() -> spacy.language.Language:
    """A blank English pipeline with spaCy's rule-based sentencizer (no model download).
    spaCy is imported here, not with the module: its import (0.6 s) is paid only when a
    document is read, not by a build whose documents were all extracted before."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def units(block: str) -> list[tuple[int, int]]:
    """Spans of a block that are read separately: bullet items, headings and the lines of
    a table end at their line break; wrapped prose lines are joined."""
    spans, start, position = [], 0, 0
    lines = block.split("\n")
    for index, line in enumerate(lines[:-1]):
        position += len(line) + 1
        following = lines[index + 1]
        if (
            BULLET.match(following)
            or BULLET.match(line)
            or _is_heading(line, following)
            or LEADER.search(following)
        ):
            spans.append((start, position - 1))
            start = position
    spans.append((start, len(block)))
    return spans


def _is_heading(line: str, following: str) -> bool:
    """A short line that ends without reading on, followed by a capitalised line."""
    stripped = line.rstrip()
    return (
        bool(stripped)
        and len(stripped) < 90
        and not READS_ON.search(stripped)
        and bool(re.match(r"\s*[A-Z0-9\"“(]", following))
    )


def sentences(document: Document) -> list[Sentence]:
    """Split into blocks at blank lines, blocks into units, units into sentences (spaCy)."""
    found = []
    for number, block in enumerate(BLOCK.finditer(document.text)):
        for unit_start, unit_end in units(block.group()):
            unit = block.group()[unit_start:unit_end]
            unit_sentences: list[Sentence] = []
            for piece_start, piece_end in pieces(unit):
                offset = block.start() + unit_start + piece_start
                for span in _sentencizer()(unit[piece_start:piece_end]).sents:
                    text = span.text.rstrip()
                    if text.strip():
                        lead = len(text) - len(text.lstrip())
                        start = offset + span.start_char + lead
                        end = start + len(text) - lead
                        _add_sentence(unit_sentences, document.text, start, end, number)
            found += unit_sentences
    return found


def _add_sentence(found: list[Sentence], text: str, start: int, end: int, number: int) -> None:
    """A sentence that opens in lower case, or after a bracket left open, continues the one
    before: the full stop was an abbreviation's ('EUR 94,4 mio. (92,5 mio.)', 'approx. 20')."""
    if found and (CONTINUES.match(text, start) or text[found[-1].end - 1] == "("):
        start = found.pop().start
    found.append(Sentence(start, end, text[start:end], number))


def pieces(unit: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Spans of at most ``limit`` characters that together make the unit, each ending at
    the last sentence end within the limit, else at the last space, else at the limit."""
    spans, start = [], 0
    while len(unit) - start > limit:
        window = unit[start : start + limit]
        breaks = list(PIECE_END.finditer(window))
        full_stops = [b for b in breaks if not b.group()[0].isspace()]
        cut = (full_stops or breaks)[-1].end() if breaks else limit
        spans.append((start, start + cut))
        start += cut
    spans.append((start, len(unit)))
    return spans
