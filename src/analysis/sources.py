"""The passages of the document behind a chart or table, shown under it.

Each quote appears inside its sentence with the quoted part marked, and its document
and character span, so a reader can check any number against the text. Every piece of
document text is HTML-escaped: a document containing markup shows it as text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from html import escape

import pandas as pd

from analysis import data
from analysis.errors import UserError

#: Up to this many documents, a source line names each one.
FEW_SOURCES = 3


@cache
def _sentence_starts(doc_id: str) -> tuple[list[int], list[int]]:
    """Sentence spans from the processed ``sentences`` table, in document order."""
    found = data.rows("sentences", doc_id=doc_id).sort_values("start")
    if found.empty:
        raise UserError(f"no sentences of document {doc_id!r} in the processed data")
    return found.start.tolist(), found.end.tolist()


def sentence_span(doc_id: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) a quote lies in."""
    starts, ends = _sentence_starts(doc_id)
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_right(starts, max(end - 1, start)) - 1, first)
    return min(starts[first], start), max(ends[last], end)


def sources_html(frame: pd.DataFrame, what: str) -> str:
    """A collapsible list of the sentences behind ``frame``'s rows, quotes marked."""
    quotes = data.quotes(frame)
    groups: dict[tuple[str, int, int], list[tuple[int, int, str]]] = {}
    for row in quotes.itertuples(index=False):
        try:
            span = sentence_span(row.doc_id, row.start, row.end)
        except UserError:
            span = (row.start, row.end)
        groups.setdefault((row.doc_id, *span), []).append((row.start, row.end, row.quote))
    items = [_item(doc_id, start, end, marks) for (doc_id, start, end), marks in groups.items()]
    count = f"{len(quotes)} passage{'s' if len(quotes) != 1 else ''}"
    documents = quotes.doc_id.nunique()
    where = "the document" if documents == 1 else f"{documents} documents"
    return (
        f'<details class="sources"><summary>Sources: the {count} of {where} behind '
        f"{escape(what)}</summary><ol>{''.join(items)}</ol></details>"
    )


def _item(doc_id: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    """One sentence with its quoted parts marked (overlapping quotes merged); the quotes
    alone when the document cannot be read."""
    spans = _merged([(a, b) for a, b, _ in marks])
    try:
        sentence = data.passage(doc_id, start, end)
    except UserError:
        shown = " … ".join(f"<mark>{escape(quote)}</mark>" for _, _, quote in marks)
    else:
        pieces, position = [], 0
        for mark_start, mark_end in ((a - start, b - start) for a, b in spans):
            pieces.append(escape(sentence[position:mark_start]))
            pieces.append(f"<mark>{escape(sentence[mark_start:mark_end])}</mark>")
            position = max(position, mark_end)
        shown = "".join(pieces) + escape(sentence[position:])
    cited = ", ".join(f"{a}–{b}" for a, b in spans)
    return (
        f"<li><blockquote>{shown}</blockquote>"
        f"<cite>{escape(_document_named(doc_id))}, characters {cited}</cite></li>"
    )


def _document_named(doc_id: str) -> str:
    """How a passage names its document: 'IRD, Viet Nam News, 2025-11-08 (doc ird_...)', from
    the sidecar; the doc_id alone when the documents table does not know it."""
    try:
        row = data.documents([doc_id]).loc[doc_id]
    except (UserError, KeyError):
        return doc_id
    said = ", ".join(
        part for part in (row.institution, row.publisher or row.title, row.date) if part
    )
    return f"{said} (doc {doc_id})"


def _merged(marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(marks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def credit(doc_ids: Iterable[str]) -> str:
    """The source line under a chart, from the documents' sidecars: title, publisher and
    date of one document; for a few, each publisher or title; for many, how many documents
    about which institutions (the passages under the chart name each one)."""
    chosen = data.documents(sorted(set(doc_ids)))
    if len(chosen) == 1:
        row = chosen.iloc[0]
        said = ", ".join(part for part in (row.title, row.publisher, row.date) if part)
        return f"Source: {said} (doc {row.name})"
    if len(chosen) <= FEW_SOURCES:
        listed = "; ".join(
            f"{row.publisher or row.title}{', ' + row.date[:4] if row.date else ''} (doc {doc_id})"
            for doc_id, row in chosen.iterrows()
        )
        return f"Sources: {listed}"
    return (
        f"Sources: {len(chosen)} documents about {data.institutions_label(chosen.institution)}; "
        "each passage is listed under the chart"
    )


def show_sources(frame: pd.DataFrame, what: str) -> None:
    """Display the sources of ``frame`` in a notebook (see :func:`sources_html`)."""
    from IPython.display import HTML, display

    display(HTML(sources_html(frame, what)))
