"""Every row, raw or clean, quotes its document exactly: quote == text[start:end]."""

import pytest
from pipeline import SECOND, SEED, run_pipeline

from analysis.clean.common import PROVENANCE
from analysis.extract.document import load_document


@pytest.fixture(scope="module", params=[SEED, SECOND], ids=lambda p: p.stem)
def document_tables(request, tmp_path_factory):
    raw, clean = run_pipeline(request.param, tmp_path_factory.mktemp(request.param.stem))
    return load_document(request.param).text, raw, clean


def test_raw_rows_quote_their_document(document_tables):
    text, raw, _ = document_tables
    for name, table in raw.items():
        column = {"sentences": "sentence", "unexplained": "mention"}.get(name, "quote")
        assert len(table) > 0, name
        for row in table.itertuples():
            start, end = int(row.start), int(row.end)
            assert text[start:end] == getattr(row, column), (name, row.Index)


def test_provenance_survives_cleaning(document_tables):
    text, _, clean = document_tables
    for name, table in clean.items():
        if name in ("countries", "sentences"):
            continue
        assert list(table.columns[-len(PROVENANCE) :]) == PROVENANCE, name
        assert len(table) > 0 or name == "conflicts", name  # one document cannot disagree
        for row in table.itertuples():
            assert text[row.start : row.end] == row.quote, (name, row.Index)


def test_sentences_cover_every_quote(document_tables):
    _, raw, clean = document_tables
    spans = list(zip(clean["sentences"].start, clean["sentences"].end, strict=True))
    for name, table in raw.items():
        for start, end in zip(table.start.astype(int), table.end.astype(int), strict=True):
            assert any(s <= start and end <= e for s, e in spans) or name == "profile", name
